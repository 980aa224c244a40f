import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import type { ResolvedConfig } from '../../config/resolved-config';
import { GITLAB_RUNNER } from '../../contract/gitlab-runner';
import { addonById } from '../../catalog/registry';
import { syncWave } from './file-chart';

/** Instance metadata address: a job must never read the node's credentials or user data. */
export const INSTANCE_METADATA_CIDR = '169.254.169.254/32';

/**
 * What the Kubernetes executor of runner 17.9 needs in the job namespace with its default feature flags
 * (`FF_USE_LEGACY_KUBERNETES_EXECUTION_STRATEGY=false`: attach, logs; pod informers: list, watch), per the
 * "Configure runner API permissions" table of docs/executors/kubernetes/_index.md in gitlabhq/gitlab-runner at
 * v17.9.2 (https://docs.gitlab.com/runner/executors/kubernetes/#configure-runner-api-permissions). Left out:
 * `namespaces` (only for `namespace_per_job`) and `events` (only for `FF_PRINT_POD_EVENTS`).
 */
export const GITLAB_RUNNER_ROLE_RULES = [
  { apiGroups: [''], resources: ['pods'], verbs: ['create', 'delete', 'get', 'list', 'watch'] },
  { apiGroups: [''], resources: ['pods/attach'], verbs: ['create', 'delete', 'get', 'patch'] },
  { apiGroups: [''], resources: ['pods/exec'], verbs: ['create', 'delete', 'get', 'patch'] },
  { apiGroups: [''], resources: ['pods/log'], verbs: ['get', 'list'] },
  { apiGroups: [''], resources: ['secrets'], verbs: ['create', 'delete', 'get', 'update'] },
  { apiGroups: [''], resources: ['serviceaccounts'], verbs: ['get'] },
  { apiGroups: [''], resources: ['services'], verbs: ['create', 'get'] },
] as const;

/**
 * The hub runner's Kubernetes side, around the runner the GitLab chart bundles (gitops/gitlab-runner-config.ts):
 * - the manager's ServiceAccount in GitLab's namespace: the only one with a Pod Identity association (the
 *   cache bucket, catalog/addons/gitlab.ts); the chart creates neither it nor RBAC;
 * - the job namespace (Pod Security `baseline`: no privileged or host access; `node:22` runs as root, which
 *   `restricted` refuses), its ServiceAccount without an API token, and the manager's Role there — nothing
 *   cluster-wide;
 * - a NetworkPolicy: jobs reach GitLab through its public URL like any client, the internet, S3 by pre-signed
 *   URL, and in the VPC only DNS (and HTTPS, to an internal ALB): never GitLab's pods, databases, Redis, other
 *   tools, nor instance metadata.
 * Core kinds only: rendered into `platform/`, synced before any add-on (gitops/sync-layers.ts). GitLab's
 * namespace already exists then: when the runner is on, the bootstrap installed GitLab before Argo CD syncs.
 */
export class GitLabRunner extends Construct {
  constructor(scope: Construct, id: string, config: ResolvedConfig) {
    super(scope, id);
    const gitlabNamespace = addonById('gitlab').namespace;
    const jobs = GITLAB_RUNNER.jobNamespace;
    const meta = (name: string, namespace?: string) => ({ name, ...(namespace ? { namespace } : {}), annotations: syncWave(-5) });

    new ApiObject(this, 'ManagerServiceAccount', {
      apiVersion: 'v1', kind: 'ServiceAccount', metadata: meta(GITLAB_RUNNER.managerServiceAccount, gitlabNamespace),
    });
    new ApiObject(this, 'JobNamespace', {
      apiVersion: 'v1', kind: 'Namespace',
      metadata: {
        ...meta(jobs),
        // https://kubernetes.io/docs/concepts/security/pod-security-admission/#pod-security-admission-labels-for-namespaces
        labels: { 'pod-security.kubernetes.io/enforce': 'baseline' },
      },
    });
    new ApiObject(this, 'JobServiceAccount', {
      apiVersion: 'v1', kind: 'ServiceAccount', metadata: meta(GITLAB_RUNNER.jobServiceAccount, jobs),
      automountServiceAccountToken: false,
    });
    new ApiObject(this, 'ManagerRole', {
      apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'Role', metadata: meta(GITLAB_RUNNER.managerServiceAccount, jobs),
      rules: GITLAB_RUNNER_ROLE_RULES.map((r) => ({ apiGroups: [...r.apiGroups], resources: [...r.resources], verbs: [...r.verbs] })),
    });
    new ApiObject(this, 'ManagerRoleBinding', {
      apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'RoleBinding', metadata: meta(GITLAB_RUNNER.managerServiceAccount, jobs),
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: GITLAB_RUNNER.managerServiceAccount },
      subjects: [{ kind: 'ServiceAccount', name: GITLAB_RUNNER.managerServiceAccount, namespace: gitlabNamespace }],
    });

    const vpc = config.hub.vpcCidr;
    new ApiObject(this, 'JobNetworkPolicy', {
      apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: meta('ci-jobs', jobs),
      spec: {
        podSelector: {},
        // Ingress listed with no rule: nothing connects to a job (the manager attaches through the API server).
        policyTypes: ['Ingress', 'Egress'],
        egress: [
          // DNS wherever the cluster's resolver answers: EKS Auto Mode caches DNS queries on the node
          // (https://docs.aws.amazon.com/eks/latest/userguide/auto-networking.html, "Considerations"), an address
          // in the VPC that a kube-dns pod selector would not match. Port 53 only.
          { ports: [{ protocol: 'UDP', port: 53 }, { protocol: 'TCP', port: 53 }] },
          // Anything outside the VPC but instance metadata: GitLab's public URL (through the NAT gateway to the
          // internet-facing ALB), registries, npm, S3 and STS for the job's web identity.
          { to: [{ ipBlock: { cidr: '0.0.0.0/0', except: [INSTANCE_METADATA_CIDR, vpc] } }] },
          // An internal ALB has addresses in the hub VPC: HTTPS to it (and only HTTPS) is how jobs reach GitLab then.
          ...(config.ingress.scheme === 'internal' ? [{ to: [{ ipBlock: { cidr: vpc } }], ports: [{ protocol: 'TCP', port: 443 }] }] : []),
        ],
      },
    });
  }
}
