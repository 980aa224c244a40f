import type { ResolvedCluster, ResolvedConfig } from '../../config/resolved-config';
import { stackId } from '../../contract/gitops-bridge';
import { POLICY_NODE_POOL } from '../../contract/ingress';
import { PLATFORM_TAG_KEYS } from '../../contract/platform-tags';
import { ADDONS } from '../../gitops/addons/registry';
import { rootApplicationName } from '../../gitops/charts/root-application';
import { ARGOCD_NAMESPACE } from '../../gitops/gitops-layout';
import type { Step } from '../lib/plan';
import { aws, show, Tools } from '../lib/tools';
import { ctx } from './bootstrap-steps';
import { environments } from './preflight';
import { waitFor, WaitOptions } from './wait-for';

export interface DestroyContext {
  readonly config: ResolvedConfig;
  readonly tools: Tools;
  readonly wait: WaitOptions;
  readonly log: (line: string) => void;
}

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


/**
 * Ordered teardown: the root Application (cascade) and everything it made in AWS (load balancers,
 * ENIs, ACK resources) first, stuck finalizers only after a timeout, node pools to zero, the spoke
 * stacks, then the hub, then a sweep limited to resources carrying this platform's tag.
 */
export function destroySteps(d: DestroyContext): Step[] {
  const { config, tools } = d;
  const hub = config.hub;
  const hubTarget = { account: hub.account, region: hub.region, cluster: hub.clusterName };
  const listApps = ['kubectl', 'get', 'applications.argoproj.io', '--namespace', ARGOCD_NAMESPACE, '--context', ctx(hub), '--output', 'json'];
  const appsLeft = async () => (await tools.json<{ items: { metadata: { name: string } }[] }>(...listApps).catch(() => ({ items: [] }))).items;
  const hubReachable = () => tools.ok('kubectl', 'get', 'namespace', ARGOCD_NAMESPACE, '--context', ctx(hub));
  const steps: Step[] = [];

  const deleteRoot = ['kubectl', 'delete', 'application', rootApplicationName(config), '--namespace', ARGOCD_NAMESPACE, '--context', ctx(hub), '--cascade=foreground', '--wait=false', '--ignore-not-found'];
  steps.push({
    name: 'delete-root-app',
    description: 'delete the root Application with cascade: Argo CD removes everything it deployed',
    commands: [show(deleteRoot)],
    target: hubTarget,
    after: [],
    typicalMinutes: 0.2,
    check: async () => !(await hubReachable()) || !(await tools.ok('kubectl', 'get', 'application', rootApplicationName(config), '--namespace', ARGOCD_NAMESPACE, '--context', ctx(hub))),
    apply: async () => {
      await tools.run(...deleteRoot);
    },
  });

  const awsLeftovers = async (c: ResolvedCluster): Promise<string[]> => {
    const lbs = await tools.json<{ ResourceTagMappingList: TaggedResource[] }>(...aws(c.account), 'resourcegroupstaggingapi', 'get-resources', '--region', c.region, '--tag-filters', `Key=elbv2.k8s.aws/cluster,Values=${c.clusterName}`, '--output', 'json');
    const enis = await tools.json<string[]>(...aws(c.account), 'ec2', 'describe-network-interfaces', '--region', c.region, '--filters', `Name=tag:eks:eks-cluster-name,Values=${c.clusterName}`, '--query', 'NetworkInterfaces[].NetworkInterfaceId', '--output', 'json');
    const ack = c.role === 'spoke' ? (await tools.json<{ items: { kind: string; metadata: { name: string } }[] }>('kubectl', 'get', ACK_KINDS, '--all-namespaces', '--context', ctx(c), '--output', 'json').catch(() => ({ items: [] }))).items : [];
    return [...lbs.ResourceTagMappingList.map((r) => r.ResourceARN), ...enis, ...ack.map((a) => `${a.kind}/${a.metadata.name}`)];
  };

  steps.push({
    name: 'wait-cleanup',
    description: 'wait until Applications, load balancers, ENIs and ACK-managed AWS resources are gone',
    commands: [show(listApps), 'aws resourcegroupstaggingapi get-resources --tag-filters Key=elbv2.k8s.aws/cluster,… (per cluster)', 'aws ec2 describe-network-interfaces --filters Name=tag:eks:eks-cluster-name,… (per cluster)', `kubectl get ${ACK_KINDS} --all-namespaces (per spoke)`],
    target: hubTarget,
    after: ['delete-root-app'],
    typicalMinutes: 10,
    check: async () => false,
    apply: async () => {
      try {
        await waitFor(d.wait, 'platform applications and their AWS resources to be deleted', async () => {
          const apps = await appsLeft();
          const left = (await Promise.all(config.clusters.map(awsLeftovers))).flat();
          d.log(`  ${apps.length} applications, ${left.length} AWS resources left`);
          return apps.length === 0 && left.length === 0;
        });
      } catch (err) {
        // Only after the timeout: remove webhooks whose backends are gone, then strip finalizers.
        const stuck = await appsLeft();
        d.log(`  deletion did not finish in ${d.wait.timeoutMinutes} min; removing platform admission webhooks and patching finalizers of ${stuck.length} stuck application(s): ${stuck.map((a) => a.metadata.name).join(', ') || '(none)'}`);
        const selector = `app.kubernetes.io/instance in (${ADDONS.map((a) => a.id).join(',')})`;
        for (const c of config.clusters) {
          await tools.run('kubectl', 'delete', 'validatingwebhookconfigurations,mutatingwebhookconfigurations', '--selector', selector, '--context', ctx(c), '--ignore-not-found').catch(() => '');
        }
        for (const a of stuck) {
          await tools.run('kubectl', 'patch', 'application', a.metadata.name, '--namespace', ARGOCD_NAMESPACE, '--context', ctx(hub), '--type', 'merge', '--patch', '{"metadata":{"finalizers":null}}');
        }
        const left = (await Promise.all(config.clusters.map(awsLeftovers))).flat();
        if (left.length) throw new Error(`AWS resources still exist after finalizers were removed: ${left.join(', ')}; delete them, then re-run \`npx projen destroy\` (${(err as Error).message})`);
      }
    },
  });

  for (const c of config.clusters) {
    const cmds = [
      ['kubectl', 'patch', 'nodepools.karpenter.sh', POLICY_NODE_POOL, '--context', ctx(c), '--type', 'merge', '--patch', '{"spec":{"limits":{"cpu":"0"}}}'],
      ['kubectl', 'delete', 'nodeclaims.karpenter.sh', '--all', '--context', ctx(c), '--wait=false'],
    ];
    steps.push({
      name: `scale-nodepools:${c.name}`,
      description: `scale the Auto Mode node pools of ${c.clusterName} to zero`,
      commands: cmds.map(show),
      target: { account: c.account, region: c.region, cluster: c.clusterName },
      after: ['wait-cleanup'],
      typicalMinutes: 2,
      check: async () => !(await tools.ok('kubectl', 'get', 'nodepools.karpenter.sh', POLICY_NODE_POOL, '--context', ctx(c))),
      apply: async () => {
        for (const cmd of cmds) await tools.run(...cmd);
      },
    });
  }

  const stackGone = async (c: ResolvedCluster) => !(await tools.ok(...aws(c.account), 'cloudformation', 'describe-stacks', '--stack-name', stackId(config, c.name), '--region', c.region));
  for (const c of [...config.spokes, hub]) {
    const destroy = ['cdk', 'destroy', stackId(config, c.name), '--force', '--no-notices'];
    const unprotect = [...aws(c.account), 'cloudformation', 'update-termination-protection', '--no-enable-termination-protection', '--stack-name', stackId(config, c.name), '--region', c.region];
    steps.push({
      name: `cdk-destroy:${c.name}`,
      description: `destroy the ${c.role} stack ${stackId(config, c.name)}${c.deletionProtection ? ' (termination protection lifted first; retained resources stay)' : ''}`,
      commands: [...(c.deletionProtection ? [show(unprotect)] : []), show(destroy)],
      target: { account: c.account, region: c.region, cluster: c.clusterName },
      // Spokes first (concurrently), then the hub they were registered with.
      after: c.role === 'hub' ? config.spokes.map((s) => `cdk-destroy:${s.name}`).concat(`scale-nodepools:${c.name}`) : [`scale-nodepools:${c.name}`],
      typicalMinutes: c.role === 'hub' ? 15 : 12,
      check: () => stackGone(c),
      apply: async () => {
        const protectedNow = async () => (await tools.run(...aws(c.account), 'cloudformation', 'describe-stacks', '--stack-name', stackId(config, c.name), '--region', c.region, '--query', 'Stacks[0].EnableTerminationProtection', '--output', 'text')) === 'True';
        if (c.deletionProtection && (await protectedNow())) await tools.run(...unprotect);
        await tools.run(...destroy);
      },
    });
  }

  for (const env of environments(config)) {
    const list = [...aws(env.account), 'resourcegroupstaggingapi', 'get-resources', '--region', env.region, '--tag-filters', `Key=${PLATFORM_TAG_KEYS.platform},Values=${config.name}`, '--output', 'json'];
    const retainedClusters = new Set(config.clusters.filter((c) => c.deletionProtection).map((c) => c.name));
    steps.push({
      name: `sweep:${env.account}/${env.region}`,
      description: 'delete leftovers carrying this platform\'s tag (log groups, volumes, load balancers, security groups); report the rest',
      commands: [show(list)],
      target: env,
      after: [`cdk-destroy:${hub.name}`],
      typicalMinutes: 1,
      check: async () => false,
      apply: async () => {
        const { ResourceTagMappingList: found } = await tools.json<{ ResourceTagMappingList: TaggedResource[] }>(...list);
        for (const r of found) {
          const tags = Object.fromEntries(r.Tags.map((t) => [t.Key, t.Value]));
          // Defence in depth: act only on what carries our platform tag, whatever the API returned.
          if (tags[PLATFORM_TAG_KEYS.platform] !== config.name) continue;
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
