import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { ResolvedConfig } from '../../config/resolved-config';
import { ANNOTATIONS, registrationSecretName, stackId } from '../../contract/gitops-bridge';
import { loadBalancerTags } from '../../contract/ingress';
import { PLATFORM_TAG_KEYS } from '../../contract/platform-tags';
import { CLUSTER_BASE_NAMESPACE, CLUSTER_BASE_RELEASE, clusterBaseValues } from '../../gitops/charts/cluster-base';
import { CLUSTER_BASE_CHART_DIR } from '../../gitops/gitops-layout';
import type { Step } from '../lib/plan';
import { aws, show, Tools } from '../lib/tools';
import { waitFor, WaitOptions } from './wait-for';

/** Step names other steps order themselves after. */
export const HUB_CLUSTER_BASE_STEP = 'cluster-base:hub';
export const DNS_STEP = 'dns';

const VALUES_FILE = join('.state', 'bootstrap', 'cluster-base-hub-values.json');

export interface ReachabilityContext {
  readonly config: ResolvedConfig;
  readonly tools: Tools;
  readonly wait: WaitOptions;
  readonly log: (line: string) => void;
  /** kubeconfig context of the hub. */
  readonly hubContext: string;
  /**
   * The step whose Ingress makes the hub's ALB: GitLab's install in hub-GitLab mode (the platform
   * repository must be reachable by name before Argo CD can read it), else the root Application.
   */
  readonly albAfter: string;
}

/**
 * Bootstrap steps that make the platform reachable:
 * - `cluster-base:hub`: the hub's cluster-base chart (IngressClass, StorageClass, the policy-enforcing
 *   NodePool) installed by Helm before Argo CD, since the hub has no general-purpose pool for Argo CD's
 *   pods until that NodePool exists. Argo CD's `cluster-base-hub` Application adopts the release (same
 *   chart, release name and values mapping); spokes get theirs from Argo CD only.
 * - `dns`: the wildcard alias `*.<domain>` → the hub's ALB, upserted in the hub account's zone once
 *   Auto Mode has created the ALB for the first tool Ingress (GitLab's, in hub-GitLab mode). The ALB is found by the platform tags its
 *   IngressClassParams put on it (no external-dns: its chart is not among the pinned ones).
 */
export function reachabilitySteps(r: ReachabilityContext): Step[] {
  const { config, tools } = r;
  const hub = config.hub;
  const target = { account: hub.account, region: hub.region, cluster: hub.clusterName };
  const install = ['helm', 'upgrade', '--install', CLUSTER_BASE_RELEASE, CLUSTER_BASE_CHART_DIR, '--namespace', CLUSTER_BASE_NAMESPACE, '--kube-context', r.hubContext, '--values', VALUES_FILE];
  const readRegistration = [...aws(hub.account), 'secretsmanager', 'get-secret-value', '--secret-id', registrationSecretName(config, hub), '--region', hub.region, '--query', 'SecretString', '--output', 'text'];

  const tags = loadBalancerTags(config, hub.name);
  const findAlb = [...aws(hub.account), 'resourcegroupstaggingapi', 'get-resources', '--region', hub.region, '--resource-type-filters', 'elasticloadbalancing:loadbalancer', '--tag-filters', `Key=${PLATFORM_TAG_KEYS.cluster},Values=${tags[PLATFORM_TAG_KEYS.cluster]}`, '--output', 'json'];
  const describeAlb = (arn: string) => [...aws(hub.account), 'elbv2', 'describe-load-balancers', '--load-balancer-arns', arn, '--region', hub.region, '--output', 'json'];
  const zoneIdOutput = [...aws(hub.account), 'cloudformation', 'describe-stacks', '--stack-name', stackId(config, hub.name), '--region', hub.region, '--query', "Stacks[0].Outputs[?OutputKey=='HostedZoneId'].OutputValue", '--output', 'text'];
  const wildcard = `*.${config.domain}`;
  const listRecord = (zone: string) => [...aws(hub.account), 'route53', 'list-resource-record-sets', '--hosted-zone-id', zone, '--start-record-name', wildcard, '--start-record-type', 'A', '--max-items', '1', '--output', 'json'];

  /** The hub's ALB (DNS name and canonical zone), or undefined while Auto Mode has not created it. */
  const hubAlb = async (): Promise<{ DNSName: string; CanonicalHostedZoneId: string } | undefined> => {
    const found = await tools.json<{ ResourceTagMappingList: { ResourceARN: string; Tags: { Key: string; Value: string }[] }[] }>(...findAlb);
    const ours = found.ResourceTagMappingList.filter((m) => Object.entries(tags).every(([k, v]) => m.Tags.some((t) => t.Key === k && t.Value === v)));
    const albs = ours.filter((m) => m.ResourceARN.includes(':loadbalancer/app/'));
    if (albs.length > 1) throw new Error(`${albs.length} ALBs carry the tags of ${hub.name} (${albs.map((a) => a.ResourceARN).join(', ')}); every Ingress should use IngressClass group ${hub.name}`);
    if (albs.length === 0) return undefined;
    const { LoadBalancers } = await tools.json<{ LoadBalancers: { DNSName: string; CanonicalHostedZoneId: string }[] }>(...describeAlb(albs[0].ResourceARN));
    return LoadBalancers[0];
  };
  const zoneId = async () => (config.ingress.hostedZone.create ? tools.run(...zoneIdOutput) : config.ingress.hostedZone.id);
  const aliasOf = (alb: { DNSName: string }) => `dualstack.${alb.DNSName}.`.toLowerCase();
  const recordPointsAt = async (zone: string, alb: { DNSName: string }) => {
    const { ResourceRecordSets } = await tools.json<{ ResourceRecordSets: { Name: string; Type: string; AliasTarget?: { DNSName: string } }[] }>(...listRecord(zone));
    const record = ResourceRecordSets[0];
    // Route 53 lists "*" as its octal escape.
    return !!record && record.Type === 'A' && record.Name === `\\052.${config.domain}.` && record.AliasTarget?.DNSName.toLowerCase() === aliasOf(alb);
  };

  return [
    {
      name: HUB_CLUSTER_BASE_STEP,
      description: 'install the hub\'s cluster-base chart (ingress class, default storage class, NetworkPolicy-enforcing NodePool) so Argo CD has nodes; Argo CD adopts it',
      commands: [show(readRegistration), show(install)],
      target,
      after: [`kubeconfig:${hub.name}`],
      typicalMinutes: 0.3,
      check: () => tools.ok('helm', 'status', CLUSTER_BASE_RELEASE, '--namespace', CLUSTER_BASE_NAMESPACE, '--kube-context', r.hubContext),
      apply: async () => {
        const registration = JSON.parse(await tools.run(...readRegistration)) as Record<string, string>;
        const values = clusterBaseValues(config, {
          clusterName: hub.name,
          certificateArn: registration[ANNOTATIONS.ingressCertificateArn] ?? '',
          nodeRoleName: registration[ANNOTATIONS.awsNodeRoleName] ?? '',
          clusterSecurityGroupId: registration[ANNOTATIONS.awsClusterSecurityGroupId] ?? '',
        });
        mkdirSync(dirname(VALUES_FILE), { recursive: true });
        writeFileSync(VALUES_FILE, JSON.stringify(values, null, 2));
        await tools.run(...install);
      },
    },
    {
      name: DNS_STEP,
      description: `point ${wildcard} at the hub's ALB (Route 53 alias, upserted) once Auto Mode has created it`,
      commands: [show(findAlb), show(describeAlb('<alb-arn>')), ...(config.ingress.hostedZone.create ? [show(zoneIdOutput)] : []), show([...aws(hub.account), 'route53', 'change-resource-record-sets', '--hosted-zone-id', config.ingress.hostedZone.create ? '<HostedZoneId output>' : config.ingress.hostedZone.id, '--change-batch', `UPSERT A ${wildcard} → alias of the ALB`])],
      target,
      after: [r.albAfter],
      typicalMinutes: 8,
      check: async () => {
        const alb = await hubAlb().catch(() => undefined);
        return !!alb && (await recordPointsAt(await zoneId(), alb).catch(() => false));
      },
      apply: async () => {
        let alb: Awaited<ReturnType<typeof hubAlb>>;
        await waitFor(r.wait, `the hub's ALB (tags ${Object.entries(tags).map(([k, v]) => `${k}=${v}`).join(', ')})`, async () => !!(alb = await hubAlb()));
        const zone = await zoneId();
        if (await recordPointsAt(zone, alb!)) return;
        const change = {
          Comment: `${config.name} platform: every <tool>.${config.domain} on the hub's ALB`,
          Changes: [{ Action: 'UPSERT', ResourceRecordSet: { Name: wildcard, Type: 'A', AliasTarget: { HostedZoneId: alb!.CanonicalHostedZoneId, DNSName: aliasOf(alb!), EvaluateTargetHealth: true } } }],
        };
        await tools.run(...aws(hub.account), 'route53', 'change-resource-record-sets', '--hosted-zone-id', zone, '--change-batch', JSON.stringify(change));
        r.log(`  ${wildcard} → ${alb!.DNSName}`);
      },
    },
  ];
}
