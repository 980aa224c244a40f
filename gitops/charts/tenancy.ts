import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import type { ResolvedCluster, ResolvedConfig, ResolvedTeam } from '../../config/resolved-config';
import { ACK_ROLE_TEAM_MAP, ACK_TEAM_ID_ANNOTATION, ackAddonsOn, ackTeamId, TEAM_CONFIG_MAP, TEAM_SECRET_STORE, teamAckRoleArn, teamsOn, teamSecretPrefix, teamSecretsRoleArn } from '../../contract/tenant-isolation';
import { addonById } from '../../catalog/registry';
import { FLEET_MEMBER, labelRef, LABELS } from '../../contract/gitops-bridge';
import { SERVICE_METRICS } from '../../contract/service-metrics';
import { KUBERNETES_OIDC_PREFIX } from '../../contract/sso';
import { ARGOCD_NAMESPACE } from '../../contract/names';
import { LAYOUT, repoPath, TEAM_RESOURCES_DIR } from '../gitops-layout';
import { AppProject } from '../imports/argoproj.io';
import { SecretStore, SecretStoreSpecProviderAwsService } from '../imports/external-secrets.io';
import { PLATFORM_PROJECT } from './addon-application-set';
import { byEnvironment, ClusterApplicationSet, spokesOf } from './cluster-application-set';
import { AFTER_CRDS_SYNC_NO_NAMESPACE } from '../sync-layers';
import { AUTOMATED_SYNC, syncWave } from './file-chart';

/** AppProject name of a team. */
export function teamProject(team: ResolvedTeam): string {
  return `team-${team.name}`;
}

/**
 * A team's Argo CD project: its source repositories (and the GitOps repository) only, its namespaces
 * only, and only on spokes of the environments it has namespaces in. The hub is never a destination.
 * No cluster-scoped resources. The team's Keycloak group may act in it.
 */
export class TeamProject extends Construct {
  constructor(scope: Construct, id: string, config: ResolvedConfig, team: ResolvedTeam) {
    super(scope, id);
    const destinations = config.spokes
      .filter((s) => !s.tenant || s.tenant === team.name)
      .flatMap((s) => (Object.hasOwn(team.namespaces, s.environment) ? team.namespaces[s.environment] : []).map((namespace) => ({ name: s.name, namespace })));
    const project = teamProject(team);
    new AppProject(this, 'Project', {
      metadata: { name: project, namespace: ARGOCD_NAMESPACE, annotations: syncWave(-5) },
      spec: {
        description: `Team ${team.name}`,
        sourceRepos: [...new Set([config.git.url, ...team.sourceRepos])],
        destinations,
        clusterResourceWhitelist: [],
        namespaceResourceBlacklist: [
          { group: '', kind: 'ResourceQuota' },
          { group: '', kind: 'LimitRange' },
          { group: 'networking.k8s.io', kind: 'NetworkPolicy' },
          // Argo CD applies with cluster-admin on the spoke, so the project is the gate for what a team's
          // git may contain (docs/security.md C1/C2): no RBAC of its own, no secret stores or generators
          // (they would authenticate as the External Secrets controller), no ACK adoption or field export,
          // no KubeVela Application (vela-core would apply its components with Argo CD's identity).
          { group: 'rbac.authorization.k8s.io', kind: '*' },
          { group: 'external-secrets.io', kind: 'SecretStore' },
          { group: 'external-secrets.io', kind: 'PushSecret' },
          { group: 'generators.external-secrets.io', kind: '*' },
          { group: 'services.k8s.aws', kind: 'AdoptedResource' },
          { group: 'services.k8s.aws', kind: 'FieldExport' },
          { group: 'core.oam.dev', kind: '*' },
        ],
        roles: [{
          name: 'team',
          description: `Members of the Keycloak group ${team.keycloakGroup}`,
          groups: [team.keycloakGroup],
          policies: [`p, proj:${project}:team, applications, *, ${project}/*, allow`],
        }],
      },
    });

    // The team's own resources (kro instances added by merge request to team-resources/<team>/<env>/),
    // synced into its first namespace of each environment, within its project.
    const envs = Object.keys(team.namespaces).filter((e) => config.environments.includes(e)).sort();
    if (envs.length === 0) return;
    new ClusterApplicationSet(this, 'Resources', {
      name: `${project}-resources`,
      syncWave: 10,
      selector: spokesOf(envs),
      template: {
        metadata: { name: `${project}-resources-${labelRef(LABELS.clusterName)}` },
        spec: {
          project,
          source: { repoUrl: config.git.url, targetRevision: config.git.revision, path: `${TEAM_RESOURCES_DIR}/${team.name}/${labelRef(LABELS.environment)}`, directory: { recurse: true, exclude: '*.md' } },
          destination: { name: '{{.name}}', namespace: byEnvironment(Object.fromEntries(envs.map((e) => [e, team.namespaces[e][0]]))) },
          // kro instances: their CRDs exist only once kro has processed the compositions.
          syncPolicy: AFTER_CRDS_SYNC_NO_NAMESPACE,
        },
      },
    });
  }
}

/** One ApplicationSet deploys every environment's tenant namespaces to every spoke of that environment. */
export class TenantNamespacesApplicationSet extends Construct {
  constructor(scope: Construct, id: string, config: ResolvedConfig) {
    super(scope, id);
    new ClusterApplicationSet(this, 'ApplicationSet', {
      name: 'tenants',
      syncWave: 9,
      selector: { matchLabels: { [LABELS.fleetMember]: FLEET_MEMBER.spoke } },
      template: {
        metadata: { name: `tenants-${labelRef(LABELS.clusterName)}` },
        spec: {
          project: PLATFORM_PROJECT,
          // Per spoke: each tenant namespace's SecretStore names that spoke's team role.
          source: { repoUrl: config.git.url, targetRevision: config.git.revision, path: repoPath(config, LAYOUT.tenants, labelRef(LABELS.clusterName)) },
          destination: { name: '{{.name}}' },
          syncPolicy: { ...AUTOMATED_SYNC, syncOptions: ['ServerSideApply=true'] },
        },
      },
    });
  }
}

/**
 * A tenant namespace on a spoke: Pod Security `restricted` enforced, default-deny traffic with the
 * allows the platform needs (DNS, same namespace, ingress controller and monitoring), quota and
 * limits, and the team's Keycloak group bound to `edit` in the namespace only. Its AWS reach is the
 * team's (docs/security.md C1/H2): a SecretStore assuming the team's secrets role, and the ACK team id.
 */
export class TenantNamespace extends Construct {
  constructor(scope: Construct, id: string, config: ResolvedConfig, cluster: ResolvedCluster, team: ResolvedTeam, namespace: string) {
    super(scope, id);
    const labels = { 'platform-blueprint/team': team.name };
    new ApiObject(this, 'Namespace', {
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: {
        name: namespace,
        labels: {
          ...labels,
          'pod-security.kubernetes.io/enforce': 'restricted',
          'pod-security.kubernetes.io/enforce-version': 'latest',
          'pod-security.kubernetes.io/warn': 'restricted',
          'pod-security.kubernetes.io/audit': 'restricted',
        },
        // ACK's TeamLevelCARM picks the team's role by this annotation; tenants cannot edit Namespaces.
        annotations: { ...syncWave(-1), [ACK_TEAM_ID_ANNOTATION]: ackTeamId(team) },
      },
    });
    const ns = (name: string) => ({ name, namespace, labels });
    new ApiObject(this, 'Quota', {
      apiVersion: 'v1', kind: 'ResourceQuota', metadata: ns('tenant-quota'),
      spec: { hard: { 'requests.cpu': team.quota.cpu, 'requests.memory': team.quota.memory, 'limits.cpu': team.quota.cpu, 'limits.memory': team.quota.memory, 'pods': '100', 'services.loadbalancers': '0' } },
    });
    new ApiObject(this, 'Limits', {
      apiVersion: 'v1', kind: 'LimitRange', metadata: ns('tenant-limits'),
      spec: { limits: [{ type: 'Container', default: { cpu: '500m', memory: '512Mi' }, defaultRequest: { cpu: '100m', memory: '128Mi' }, max: { cpu: '4', memory: '8Gi' } }] },
    });
    new ApiObject(this, 'DefaultDeny', {
      apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: ns('default-deny'),
      spec: { podSelector: {}, policyTypes: ['Ingress', 'Egress'] },
    });
    new ApiObject(this, 'AllowPlatform', {
      apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: ns('allow-platform'),
      spec: {
        podSelector: {},
        policyTypes: ['Ingress', 'Egress'],
        ingress: [
          { from: [{ podSelector: {} }] },
          // Prometheus scrapes the metrics port (named like the container port, contract/service-metrics.ts) and nothing else.
          { from: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': addonById('prometheus').namespace } } }], ports: [{ protocol: 'TCP', port: SERVICE_METRICS.port }] },
          { from: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'kube-system' } } }] },
        ],
        egress: [
          { to: [{ podSelector: {} }] },
          {
            to: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'kube-system' } }, podSelector: { matchLabels: { 'k8s-app': 'kube-dns' } } }],
            ports: [{ protocol: 'UDP', port: 53 }, { protocol: 'TCP', port: 53 }],
          },
          { ports: [{ protocol: 'TCP', port: 443 }] },
        ],
      },
    });
    new ApiObject(this, 'TeamConfig', {
      apiVersion: 'v1', kind: 'ConfigMap', metadata: ns(TEAM_CONFIG_MAP),
      // Read by the kro compositions to name AWS resources <prefix>-<team>-<name>; IAM, not this, enforces.
      data: { team: team.name },
    });
    if (cluster.addons.includes('external-secrets')) {
      new SecretStore(this, 'SecretStore', {
        metadata: ns(TEAM_SECRET_STORE),
        spec: { provider: { aws: { service: SecretStoreSpecProviderAwsService.SECRETS_MANAGER, region: cluster.region, role: teamSecretsRoleArn(config, cluster, team), prefix: teamSecretPrefix(config, team) } } },
      });
      // ESO's own aggregation to `edit` is off (it would include SecretStores and generators): ExternalSecrets only.
      new ApiObject(this, 'ExternalSecretsRole', {
        apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'Role', metadata: ns('team-external-secrets'),
        rules: [
          { apiGroups: ['external-secrets.io'], resources: ['externalsecrets'], verbs: ['get', 'list', 'watch', 'create', 'update', 'patch', 'delete'] },
          { apiGroups: ['external-secrets.io'], resources: ['secretstores'], verbs: ['get', 'list', 'watch'] },
        ],
      });
      new ApiObject(this, 'ExternalSecretsBinding', {
        apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'RoleBinding', metadata: ns('team-external-secrets'),
        roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'team-external-secrets' },
        subjects: [teamGroupSubject(team)],
      });
    }
    new ApiObject(this, 'TeamEdit', {
      apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'RoleBinding', metadata: ns('team-edit'),
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'edit' },
      subjects: [teamGroupSubject(team)],
    });
  }
}

/** The team's Keycloak group as the spokes' EKS OIDC identity provider names it (prefixed: contract/sso.ts). */
function teamGroupSubject(team: ResolvedTeam): Record<string, string> {
  return { apiGroup: 'rbac.authorization.k8s.io', kind: 'Group', name: `${KUBERNETES_OIDC_PREFIX}${team.keycloakGroup}` };
}

/** ACK's TeamLevelCARM map on a spoke: team id → that team's ACK role (only teams with namespaces there). */
export class AckRoleTeamMap extends Construct {
  constructor(scope: Construct, id: string, config: ResolvedConfig, cluster: ResolvedCluster) {
    super(scope, id);
    const namespace = addonById(ackAddonsOn(cluster)[0]).namespace;
    new ApiObject(this, 'Map', {
      apiVersion: 'v1', kind: 'ConfigMap',
      metadata: { name: ACK_ROLE_TEAM_MAP, namespace, annotations: syncWave(-1) },
      data: Object.fromEntries(teamsOn(config, cluster).map((t) => [ackTeamId(t), teamAckRoleArn(config, cluster, t)])),
    });
  }
}
