import type { ResolvedCluster, ResolvedConfig } from '../../config/resolved-config';
import { stackId } from '../../contract/gitops-bridge';
import { PLATFORM_TAG_KEYS } from '../../contract/platform-tags';
import { GITLAB_ROOT_TOKEN_SECRET_ID, GIT_TOKENS, gitTokenSecretName } from '../../contract/application-ci';
import { gitlabRunnerSecretName } from '../../contract/gitlab-runner';
import { platformSecretName } from '../../contract/platform-secrets';
import { portalArgoCdSecretName } from '../../contract/portal-argocd';
import { addonById, ADDONS } from '../../catalog/registry';
import { platformApplicationName, platformCustomApplicationName, rootApplicationName } from '../../gitops/charts/root-application';
import { addonApplicationName, addonApplicationSetName, ARGOCD_NAMESPACE } from '../../contract/names';
import type { Step } from '../lib/plan';
import { aws, show, Tools } from '../lib/tools';
import type { ClusterAccess } from './cluster-access';
import { environments } from './preflight';
import { waitFor, WaitOptions, WaitTimeout } from './wait-for';

export interface DestroyContext {
  readonly config: ResolvedConfig;
  readonly tools: Tools;
  readonly wait: WaitOptions;
  readonly log: (line: string) => void;
  readonly access: ClusterAccess;
  /** Clusters the operator declared already deleted (`--cluster-gone`): nothing is asked of their API. */
  readonly gone: ReadonlySet<string>;
}

/** A teardown step and the clusters whose Kubernetes API it needs (proven reachable before any deletion). */
export interface DestroyStep extends Step {
  readonly kubeApi: readonly ResolvedCluster[];
}

/**
 * Add-ons removed last, in this order: External Secrets (it keeps the cluster registrations Argo CD
 * needs to reach the spokes, so it outlives every other application), then Argo CD itself (which
 * deletes everything else, and whose Ingress keeps the shared load balancer).
 */
export const LAST_ADDONS = ['external-secrets', 'argo-cd'] as const;

/** Kinds of ACK-managed AWS resources whose deletion must finish before the clusters go. */
const ACK_KINDS = 'buckets.s3.services.k8s.aws,tables.dynamodb.services.k8s.aws,dbinstances.rds.services.k8s.aws,dbclusters.rds.services.k8s.aws,repositories.ecr.services.k8s.aws';

/** Resource types the sweep may delete, and how. Anything else tagged is only reported. */
const SWEEPERS: Record<string, (arn: string, region: string) => string[]> = {
  'logs:log-group': (arn, region) => ['logs', 'delete-log-group', '--region', region, '--log-group-name', arn.split(':log-group:')[1].replace(/:\*$/, '')],
  'ec2:volume': (arn, region) => ['ec2', 'delete-volume', '--region', region, '--volume-id', arn.split('/').pop()!],
  'ec2:security-group': (arn, region) => ['ec2', 'delete-security-group', '--region', region, '--group-id', arn.split('/').pop()!],
  'elasticloadbalancing:loadbalancer': (arn, region) => ['elbv2', 'delete-load-balancer', '--region', region, '--load-balancer-arn', arn],
};

function resourceType(arn: string): string {
  const [, , service, , , rest] = arn.split(':');
  const type = rest.split(/[/:]/)[0];
  return `${service}:${type}`;
}

interface TaggedResource {
  ResourceARN: string;
  Tags: { Key: string; Value: string }[];
}

interface ArgoObject {
  metadata: { name: string; finalizers?: string[] };
  spec?: { destination?: { name?: string; server?: string } };
  status?: { resources?: { group?: string; kind: string; name: string }[] };
}

const ARGO_KINDS = new Set(['Application', 'ApplicationSet', 'AppProject']);

/**
 * Ordered teardown (README "teardown"):
 * 1. `stop-root`: the app-of-apps Applications are removed without cascade, so nothing re-creates what follows;
 * 2. `delete-workloads`: every ApplicationSet and Application except External Secrets' and Argo CD's, with
 *    cascade (Argo CD deletes what each deployed, on every cluster), until they and ACK resources are gone;
 * 3. `delete-external-secrets`, then 4. `delete-argo-cd` (its Application without cascade, then
 *    `helm uninstall`), until every load balancer of the platform's clusters is gone;
 * 5. `remove-compute:<cluster>`: Auto Mode switched off through the cluster's compute config, until its instances are gone;
 * 6. `cdk destroy` of the spokes (concurrently), then the hub; 7. a sweep limited to this platform's id tag.
 * Admission webhooks and finalizers are forced only after a wait has really timed out, and said so.
 */
export function destroySteps(d: DestroyContext): DestroyStep[] {
  const { config, tools } = d;
  const hub = config.hub;
  const ctx = (c: ResolvedCluster) => d.access.context(c);
  const live = config.clusters.filter((c) => !d.gone.has(c.name));
  const liveSpokes = live.filter((c) => c.role === 'spoke');
  const hubTarget = { account: hub.account, region: hub.region, cluster: hub.clusterName };
  const steps: DestroyStep[] = [];

  const list = (kind: 'applications' | 'applicationsets') => ['kubectl', 'get', `${kind}.argoproj.io`, '--namespace', ARGOCD_NAMESPACE, '--context', ctx(hub), '--output', 'json'];
  const items = async (kind: 'applications' | 'applicationsets') => (await tools.json<{ items: ArgoObject[] }>(...list(kind))).items;
  const kubectlDelete = (kind: string, name: string) => ['kubectl', 'delete', `${kind}.argoproj.io`, name, '--namespace', ARGOCD_NAMESPACE, '--context', ctx(hub), '--wait=false', '--ignore-not-found'];
  const dropFinalizers = (name: string) => ['kubectl', 'patch', 'applications.argoproj.io', name, '--namespace', ARGOCD_NAMESPACE, '--context', ctx(hub), '--type', 'merge', '--patch', '{"metadata":{"finalizers":null}}'];
  const lastApps = new Set(config.clusters.flatMap((c) => LAST_ADDONS.map((id) => addonApplicationName(id, c.name))));
  const lastSets = new Set(LAST_ADDONS.map(addonApplicationSetName));
  // The bootstrap's Applications and anything else that deploys Argo CD objects. The platform-custom one
  // holds the registrations' ExternalSecrets: with cascade it would delete the cluster secrets, and
  // Argo CD could no longer reach the spokes to delete what it deployed there.
  const bootstrapApps = new Set([rootApplicationName(config), platformApplicationName(config), platformCustomApplicationName(config)]);
  const isManager = (a: ArgoObject) => bootstrapApps.has(a.metadata.name) || (a.status?.resources ?? []).some((r) => r.group === 'argoproj.io' && ARGO_KINDS.has(r.kind));
  const targetsGone = (a: ArgoObject) => d.gone.has(a.spec?.destination?.name ?? '');

  /** Waits for `what`; only after a real timeout removes webhooks and finalizers of what is stuck, and says so. */
  const waitOrUnstick = async (what: string, done: () => Promise<boolean>, stuck: () => Promise<string[]>) => {
    try {
      await waitFor(d.wait, what, done);
    } catch (err) {
      if (!(err instanceof WaitTimeout)) throw err; // a failed call is reported as itself, never as a timeout
      const names = await stuck();
      d.log(`  ${what}: not finished after ${d.wait.timeoutMinutes} min; removing the platform's admission webhooks and patching the finalizers of ${names.length} stuck application(s): ${names.join(', ') || '(none)'}`);
      const selector = `app.kubernetes.io/instance in (${ADDONS.map((a) => a.id).join(',')})`;
      for (const c of live) await tools.run('kubectl', 'delete', 'validatingwebhookconfigurations,mutatingwebhookconfigurations', '--selector', selector, '--context', ctx(c), '--ignore-not-found');
      for (const n of names) await tools.run(...dropFinalizers(n));
      if (!(await done())) throw new Error(`${what}: still not finished after the finalizers were removed; see what is left (\`${show(list('applications'))}\`), remove it by hand, then re-run \`npx projen destroy\``);
    }
  };

  const ackLeft = async (): Promise<string[]> => (await Promise.all(liveSpokes.map(async (c) => {
    const ack = await tools.json<{ items: { kind: string; metadata: { name: string } }[] }>('kubectl', 'get', ACK_KINDS, '--all-namespaces', '--context', ctx(c), '--output', 'json');
    return ack.items.map((a) => `${c.name}: ${a.kind}/${a.metadata.name}`);
  }))).flat();
  const loadBalancersLeft = async (): Promise<string[]> => (await Promise.all(live.map(async (c) => {
    const lbs = await tools.json<{ ResourceTagMappingList: TaggedResource[] }>(...aws(c.account), 'resourcegroupstaggingapi', 'get-resources', '--region', c.region, '--resource-type-filters', 'elasticloadbalancing:loadbalancer', '--tag-filters', `Key=elbv2.k8s.aws/cluster,Values=${c.clusterName}`, '--output', 'json');
    return lbs.ResourceTagMappingList.map((r) => r.ResourceARN);
  }))).flat();

  if (d.gone.has(hub.name)) {
    d.log(`  cluster ${hub.name} declared gone (--cluster-gone): Argo CD went with it, so no application is deleted through it; resources its applications created in AWS are swept only when they carry this platform's id tag, the rest is reported`);
  } else {
    steps.push({
      name: 'stop-root',
      description: 'remove the app-of-apps Applications WITHOUT cascade, so nothing re-creates what the next steps delete',
      commands: [show(list('applications')), `${show(dropFinalizers('<app-of-apps>'))}  (each app-of-apps)`, show(kubectlDelete('applications', '<app-of-apps>'))],
      target: hubTarget,
      after: [],
      typicalMinutes: 0.2,
      kubeApi: [hub],
      check: async () => !(await items('applications')).some(isManager),
      apply: async () => {
        for (const a of (await items('applications')).filter(isManager)) {
          await tools.run(...dropFinalizers(a.metadata.name));
          await tools.run(...kubectlDelete('applications', a.metadata.name));
          d.log(`  ${a.metadata.name} removed; what it created stays for the next steps`);
        }
      },
    });

    const workloadsLeft = async () => [...(await items('applicationsets')).filter((s) => !lastSets.has(s.metadata.name)), ...(await items('applications')).filter((a) => !lastApps.has(a.metadata.name))];
    steps.push({
      name: 'delete-workloads',
      description: `delete every ApplicationSet and Application except ${LAST_ADDONS.join(' and ')} (cascade), until they and the ACK-managed AWS resources are gone`,
      commands: [show(kubectlDelete('applicationsets', '<each>')), show(kubectlDelete('applications', '<each>')), `kubectl get ${ACK_KINDS} --all-namespaces (per spoke)`],
      target: hubTarget,
      after: ['stop-root'],
      typicalMinutes: 10,
      kubeApi: [hub, ...liveSpokes],
      check: async () => (await workloadsLeft()).length === 0 && (await ackLeft()).length === 0,
      apply: async () => {
        // Applications of a cluster declared gone first lose their finalizer: Argo CD could never delete their resources there.
        for (const a of (await items('applications')).filter(targetsGone)) {
          d.log(`  ${a.metadata.name}: its cluster ${a.spec!.destination!.name} is declared gone; removed without cascade`);
          await tools.run(...dropFinalizers(a.metadata.name));
        }
        // ApplicationSets first (their Applications are garbage-collected with them), then any other Application.
        for (const s of (await items('applicationsets')).filter((x) => !lastSets.has(x.metadata.name))) await tools.run(...kubectlDelete('applicationsets', s.metadata.name));
        for (const a of (await items('applications')).filter((x) => !lastApps.has(x.metadata.name))) await tools.run(...kubectlDelete('applications', a.metadata.name));
        await waitOrUnstick('applications (except External Secrets and Argo CD) and ACK resources to be deleted', async () => {
          const apps = await workloadsLeft();
          const ack = await ackLeft();
          d.log(`  ${apps.length} application(s)/set(s), ${ack.length} ACK resource(s) left`);
          return apps.length === 0 && ack.length === 0;
        }, async () => (await items('applications')).filter((a) => !lastApps.has(a.metadata.name)).map((a) => a.metadata.name));
      },
    });

    /** An add-on's ApplicationSet and the Applications it generated, as `[kind, object]`. */
    const addonLeft = async (id: string): Promise<['applicationsets' | 'applications', ArgoObject][]> => [
      ...(await items('applicationsets')).filter((o) => o.metadata.name === addonApplicationSetName(id)).map((o) => ['applicationsets', o] as ['applicationsets', ArgoObject]),
      ...(await items('applications')).filter((o) => config.clusters.some((c) => o.metadata.name === addonApplicationName(id, c.name))).map((o) => ['applications', o] as ['applications', ArgoObject]),
    ];
    const esoLeft = () => addonLeft('external-secrets');
    steps.push({
      name: 'delete-external-secrets',
      description: 'delete External Secrets (cascade) once everything it served is gone',
      commands: [show(kubectlDelete('applicationsets', addonApplicationSetName('external-secrets'))), show(kubectlDelete('applications', addonApplicationName('external-secrets', '<cluster>')))],
      target: hubTarget,
      after: ['delete-workloads'],
      typicalMinutes: 1,
      kubeApi: [hub],
      check: async () => (await esoLeft()).length === 0,
      apply: async () => {
        for (const [kind, o] of await esoLeft()) if (kind === 'applications' && targetsGone(o)) await tools.run(...dropFinalizers(o.metadata.name));
        for (const [kind, o] of await esoLeft()) await tools.run(...kubectlDelete(kind, o.metadata.name));
        await waitOrUnstick('External Secrets to be deleted', async () => (await esoLeft()).length === 0, async () => (await esoLeft()).filter(([k]) => k === 'applications').map(([, o]) => o.metadata.name));
      },
    });

    const selfManaged = config.argocd.mode === 'self-managed';
    const argo = addonById('argo-cd');
    const argoApp = addonApplicationName('argo-cd', hub.name);
    const uninstall = ['helm', 'uninstall', argo.id, '--namespace', argo.namespace, '--kube-context', ctx(hub), '--wait', '--timeout', '10m'];
    steps.push({
      name: 'delete-argo-cd',
      description: selfManaged
        ? 'remove Argo CD last: its Application without cascade (it cannot delete itself), then `helm uninstall`; wait until the load balancers are gone'
        : 'wait until the load balancers are gone (the managed Argo CD capability goes with the hub stack)',
      commands: [...(selfManaged ? [show(dropFinalizers(argoApp)), show(kubectlDelete('applicationsets', addonApplicationSetName('argo-cd'))), show(uninstall)] : []), 'aws resourcegroupstaggingapi get-resources --tag-filters Key=elbv2.k8s.aws/cluster,… (per cluster)'],
      target: hubTarget,
      after: ['delete-external-secrets'],
      typicalMinutes: 3,
      kubeApi: [hub],
      check: async () => (!selfManaged || !(await tools.exists('helm', 'status', argo.id, '--namespace', argo.namespace, '--kube-context', ctx(hub)))) && (await loadBalancersLeft()).length === 0,
      apply: async () => {
        if (selfManaged) {
          // Finalizers off before the ApplicationSet goes, or its garbage collection would cascade into Argo CD itself.
          for (const [kind, o] of await addonLeft('argo-cd')) if (kind === 'applications') await tools.run(...dropFinalizers(o.metadata.name));
          for (const [kind, o] of await addonLeft('argo-cd')) await tools.run(...kubectlDelete(kind, o.metadata.name));
          if (await tools.exists('helm', 'status', argo.id, '--namespace', argo.namespace, '--kube-context', ctx(hub))) await tools.run(...uninstall);
        }
        await waitFor(d.wait, 'the platform\'s load balancers to be deleted', async () => {
          const lbs = await loadBalancersLeft();
          d.log(`  ${lbs.length} load balancer(s) left`);
          return lbs.length === 0;
        }).catch((err: unknown) => {
          if (!(err instanceof WaitTimeout)) throw err;
          throw new Error(`${err.message}: ${show(['aws', 'resourcegroupstaggingapi', 'get-resources', '--tag-filters', 'Key=elbv2.k8s.aws/cluster,Values=<cluster>'])} still lists them; find the Ingress or Service still holding them, then re-run \`npx projen destroy\``);
        });
      },
    });
  }

  // M12: Auto Mode compute is switched off through the cluster's compute config (never by patching the
  // built-in general-purpose NodePool, which Auto Mode owns and reconciles). Compute, block storage and
  // load balancing are switched together, as EKS requires for Auto Mode
  // (https://docs.aws.amazon.com/eks/latest/userguide/auto-disable.html,
  // https://docs.aws.amazon.com/cli/latest/reference/eks/update-cluster-config.html).
  const afterApps = d.gone.has(hub.name) ? [] : ['delete-argo-cd'];
  for (const c of live) {
    const disable = [...aws(c.account), 'eks', 'update-cluster-config', '--name', c.clusterName, '--region', c.region, '--compute-config', 'enabled=false', '--kubernetes-network-config', '{"elasticLoadBalancing":{"enabled":false}}', '--storage-config', '{"blockStorage":{"enabled":false}}', '--output', 'json'];
    const instances = [...aws(c.account), 'ec2', 'describe-instances', '--region', c.region, '--filters', `Name=tag:eks:eks-cluster-name,Values=${c.clusterName}`, 'Name=instance-state-name,Values=pending,running,stopping,shutting-down', '--query', 'Reservations[].Instances[].InstanceId', '--output', 'json'];
    steps.push({
      name: `remove-compute:${c.name}`,
      description: `switch off EKS Auto Mode compute of ${c.clusterName} (compute config), until its instances are terminated`,
      commands: [show(disable), show(instances)],
      target: { account: c.account, region: c.region, cluster: c.clusterName },
      after: afterApps,
      typicalMinutes: 5,
      kubeApi: [],
      check: async () => {
        const eks = await d.access.describe(c);
        if (!eks) throw new Error(`EKS cluster ${c.clusterName} does not exist in ${c.account}/${c.region}; if it was deleted outside this run, re-run with --cluster-gone ${c.name}`);
        return eks.computeConfig?.enabled === false && (await tools.json<string[]>(...instances)).length === 0;
      },
      apply: async () => {
        const eks = await d.access.describe(c);
        if (eks?.computeConfig?.enabled !== false) {
          const { update } = await tools.json<{ update: { id: string } }>(...disable);
          const describe = [...aws(c.account), 'eks', 'describe-update', '--name', c.clusterName, '--region', c.region, '--update-id', update.id, '--output', 'json'];
          await waitFor(d.wait, `update ${update.id} of ${c.clusterName} (Auto Mode off)`, async () => {
            const u = (await tools.json<{ update: { status: string; errors?: { errorMessage?: string }[] } }>(...describe)).update;
            if (u.status === 'Failed' || u.status === 'Cancelled') throw new Error(`update ${update.id} of ${c.clusterName} ${u.status}: ${(u.errors ?? []).map((e) => e.errorMessage).join('; ')} (\`${show(describe)}\`)`);
            return u.status === 'Successful';
          });
        }
        await waitFor(d.wait, `the Auto Mode instances of ${c.clusterName} to terminate`, async () => (await tools.json<string[]>(...instances)).length === 0);
      },
    });
  }

  const stackGone = async (c: ResolvedCluster) => !(await tools.exists(...aws(c.account), 'cloudformation', 'describe-stacks', '--stack-name', stackId(config, c.name), '--region', c.region));
  for (const c of [...config.spokes, hub]) {
    const destroy = ['cdk', 'destroy', stackId(config, c.name), '--force', '--no-notices'];
    const unprotect = [...aws(c.account), 'cloudformation', 'update-termination-protection', '--no-enable-termination-protection', '--stack-name', stackId(config, c.name), '--region', c.region];
    const before = d.gone.has(c.name) ? afterApps : [`remove-compute:${c.name}`];
    steps.push({
      name: `cdk-destroy:${c.name}`,
      description: `destroy the ${c.role} stack ${stackId(config, c.name)}${c.deletionProtection ? ' (termination protection lifted first; retained resources stay)' : ''}`,
      commands: [...(c.deletionProtection ? [show(unprotect)] : []), show(destroy)],
      target: { account: c.account, region: c.region, cluster: c.clusterName },
      // Spokes first (concurrently), then the hub they were registered with.
      after: c.role === 'hub' ? [...config.spokes.map((s) => `cdk-destroy:${s.name}`), ...before] : before,
      typicalMinutes: c.role === 'hub' ? 15 : 12,
      kubeApi: [],
      check: () => stackGone(c),
      apply: async () => {
        const protectedNow = async () => (await tools.run(...aws(c.account), 'cloudformation', 'describe-stacks', '--stack-name', stackId(config, c.name), '--region', c.region, '--query', 'Stacks[0].EnableTerminationProtection', '--output', 'text')) === 'True';
        if (c.deletionProtection && (await protectedNow())) await tools.run(...unprotect);
        await tools.run(...destroy);
      },
    });
  }

  steps.push(bootstrapCredentialsStep(d));

  const id = config.tags[PLATFORM_TAG_KEYS.platformId];
  for (const env of environments(config)) {
    const list = [...aws(env.account), 'resourcegroupstaggingapi', 'get-resources', '--region', env.region, '--tag-filters', `Key=${PLATFORM_TAG_KEYS.platformId},Values=${id}`, '--output', 'json'];
    const retainedClusters = new Set(config.clusters.filter((c) => c.deletionProtection).map((c) => c.name));
    steps.push({
      name: `sweep:${env.account}/${env.region}`,
      description: `delete leftovers tagged ${PLATFORM_TAG_KEYS.platformId}=${id} (log groups, volumes, load balancers, security groups); report the rest`,
      commands: [show(list)],
      target: env,
      after: [`cdk-destroy:${hub.name}`],
      typicalMinutes: 1,
      kubeApi: [],
      check: async () => false,
      apply: async () => {
        const { ResourceTagMappingList: found } = await tools.json<{ ResourceTagMappingList: TaggedResource[] }>(...list);
        for (const r of found) {
          const tags = Object.fromEntries(r.Tags.map((t) => [t.Key, t.Value]));
          // Defence in depth: act only on what carries this platform's unique id, whatever the API returned.
          if (tags[PLATFORM_TAG_KEYS.platformId] !== id) continue;
          if (retainedClusters.has(tags[PLATFORM_TAG_KEYS.cluster])) {
            d.log(`  retained (deletion protection of ${tags[PLATFORM_TAG_KEYS.cluster]}): ${r.ResourceARN}`);
            continue;
          }
          const sweeper = SWEEPERS[resourceType(r.ResourceARN)];
          if (!sweeper) {
            d.log(`  left for you (type not swept): ${r.ResourceARN}`);
            continue;
          }
          await tools.run(...aws(env.account), ...sweeper(r.ResourceARN, env.region));
          d.log(`  deleted ${r.ResourceARN}`);
        }
      },
    });
  }
  return steps;
}

/**
 * The credentials the bootstrap made outside any stack (the GitLab root token, the scoped group tokens,
 * the runner's token, the portal's Argo CD token) are deleted once the hub stack is gone: they open a
 * GitLab and an Argo CD that the teardown has uninstalled, and they would otherwise stay behind (the
 * stack's own secrets go with it). Deleted without a recovery window: a token is reproducible, not data —
 * the next bootstrap makes new ones — while a secret pending deletion would block that bootstrap's
 * `create-secret`/`put-secret-value` of the same name for the whole window
 * (https://docs.aws.amazon.com/secretsmanager/latest/userguide/manage_delete-restore-secret.html).
 * Only names the contract spells for this prefix, never another platform's.
 */
function bootstrapCredentialsStep(d: DestroyContext): DestroyStep {
  const { config, tools } = d;
  const hub = config.hub;
  const exact = new Set([platformSecretName(config, { id: GITLAB_ROOT_TOKEN_SECRET_ID }), gitlabRunnerSecretName(config), portalArgoCdSecretName(config)]);
  const tokenNames = GIT_TOKENS.map((t) => gitTokenSecretName(config, t));
  // A per-team token is `<token name>/<team>`: teams removed from the config since are found too.
  const ours = (name: string) => exact.has(name) || tokenNames.some((t) => name === t || /^[a-z0-9-]+$/.test(name.slice(t.length + 1)) && name.startsWith(`${t}/`));
  // Listed by the platform's name prefix, then kept only where `ours` says so.
  const list = [...aws(hub.account), 'secretsmanager', 'list-secrets', '--region', hub.region, '--filters', `Key=name,Values=${config.resourcePrefix}/`, '--output', 'json'];
  const found = async () => (await tools.json<{ SecretList: { Name: string }[] }>(...list)).SecretList.map((x) => x.Name).filter(ours).sort();
  return {
    name: 'delete-credentials',
    description: `delete the credentials the bootstrap made outside the hub stack (${[...exact].join(', ')}, ${tokenNames.map((t) => `${t}[/<team>]`).join(', ')})`,
    commands: [show(list), show([...aws(hub.account), 'secretsmanager', 'delete-secret', '--secret-id', '<each>', '--force-delete-without-recovery', '--region', hub.region])],
    target: { account: hub.account, region: hub.region },
    after: [`cdk-destroy:${hub.name}`],
    typicalMinutes: 0.2,
    kubeApi: [],
    check: async () => (await found()).length === 0,
    apply: async () => {
      for (const name of await found()) {
        await tools.run(...aws(hub.account), 'secretsmanager', 'delete-secret', '--secret-id', name, '--force-delete-without-recovery', '--region', hub.region);
        d.log(`  deleted: Secrets Manager ${name}`);
      }
    },
  };
}

/**
 * Read-only, before any deletion (M4): every cluster whose API a pending step needs must answer through
 * its own context with admin rights; a cluster declared gone must really be gone. Returns the problems.
 */
export async function destroyPreflight(d: DestroyContext, pending: readonly DestroyStep[]): Promise<string[]> {
  const problems: string[] = [];
  for (const name of d.gone) {
    const c = d.config.clusters.find((x) => x.name === name);
    if (!c) {
      problems.push(`--cluster-gone ${name}: no such cluster in the config (clusters: ${d.config.clusters.map((x) => x.name).join(', ')})`);
      continue;
    }
    const eks = await d.access.describe(c).catch((err: unknown) => err as Error);
    if (eks instanceof Error) problems.push(`--cluster-gone ${name}: cannot confirm that ${c.clusterName} is gone: ${eks.message}`);
    else if (eks) problems.push(`--cluster-gone ${name}: EKS cluster ${c.clusterName} still exists in ${c.account}/${c.region} (status ${eks.status}); drop the flag and make it reachable, or delete the cluster first`);
  }
  const needed = new Map<string, ResolvedCluster>();
  for (const s of pending) for (const c of s.kubeApi) needed.set(c.name, c);
  for (const c of needed.values()) {
    try {
      await d.access.requireAdmin(c);
      d.log(`  ${c.name}: reachable as cluster admin through context ${d.access.context(c)}`);
    } catch (err) {
      problems.push(`cluster ${c.name} (${c.clusterName}, ${c.account}/${c.region}) is needed by ${pending.filter((s) => s.kubeApi.includes(c)).map((s) => s.name).join(', ')} but is not usable: ${err instanceof Error ? err.message : String(err)}. Fix: make its API reachable (network/VPN for a private endpoint; \`npx projen bootstrap --only kubeconfig:${c.name}\` for the context), or, only if the cluster is already deleted, re-run with --cluster-gone ${c.name}`);
    }
  }
  return problems;
}
