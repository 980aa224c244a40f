import type { ResolvedConfig } from '../config/resolved-config';
import { PLATFORM_TAG_KEYS } from './platform-tags';

/**
 * Names every exposed tool shares, spelled once: the chart values of each tool (gitops/addon-config/*)
 * and the cluster-base objects that make them reachable (IngressClass, IngressClassParams,
 * StorageClass, the policy-enforcing NodeClass/NodePool) both read them.
 */

/**
 * IngressClass of every platform Ingress: EKS Auto Mode's built-in ALB controller
 * (`spec.controller: eks.amazonaws.com/alb`). Auto Mode creates no IngressClass itself.
 */
export const INGRESS_CLASS = 'alb';

/** Default StorageClass of every cluster (EBS through Auto Mode's `ebs.csi.eks.amazonaws.com`). */
export const STORAGE_CLASS = 'gp3';

/**
 * The NodeClass and NodePool (same name) that enforce Kubernetes NetworkPolicies: the general
 * workload pool of every cluster. The built-in `general-purpose` pool uses the built-in `default`
 * NodeClass, which cannot be changed, so it is not used (config `nodePools`).
 */
export const POLICY_NODE_POOL = 'platform';

/** Host name of a tool: `<tool>.<domain>`. */
export function toolHost(config: ResolvedConfig, tool: string): string {
  return `${tool}.${config.domain}`;
}

/** Host names the platform certificate covers: the domain and every `<tool>.<domain>`. */
export function certificateHosts(config: ResolvedConfig): [string, string] {
  return [config.domain, `*.${config.domain}`];
}

/**
 * IngressClassParams `group.name`: every Ingress of the class joins one group, so one ALB serves
 * every tool of the cluster. Unique per platform and cluster (ALB names derive from it).
 * `clusterName` is the cluster's short name, or a Go template yielding it (ApplicationSets).
 */
export function ingressGroupName(config: ResolvedConfig, clusterName: string): string {
  return `${config.resourcePrefix}-${clusterName}`;
}

/**
 * AWS tags Auto Mode puts on the cluster's ALB (IngressClassParams `tags`): the platform tags, so
 * teardown's tag sweep covers it and the bootstrap finds it to point `*.<domain>` at it.
 */
export function loadBalancerTags(config: ResolvedConfig, clusterName: string): Record<string, string> {
  return { [PLATFORM_TAG_KEYS.platform]: config.name, [PLATFORM_TAG_KEYS.cluster]: clusterName };
}

/** Tag of the private subnets, where Auto Mode puts internal load balancers and the platform's nodes. */
export const PRIVATE_SUBNET_TAG = { key: 'kubernetes.io/role/internal-elb', value: '1' } as const;
/** Tag of the public subnets, where Auto Mode puts internet-facing load balancers. */
export const PUBLIC_SUBNET_TAG = { key: 'kubernetes.io/role/elb', value: '1' } as const;

/**
 * Tags selecting one cluster's private subnets (NodeClass `subnetSelectorTerms`): the stack tags every
 * resource with the platform and cluster tags, and its VPC tags private subnets for internal ELBs.
 * Subnet selection is account-wide, so the platform and cluster tags keep other VPCs out.
 */
export function nodeSubnetTags(config: ResolvedConfig, clusterName: string): Record<string, string> {
  return { ...loadBalancerTags(config, clusterName), [PRIVATE_SUBNET_TAG.key]: PRIVATE_SUBNET_TAG.value };
}

/**
 * Annotations of every tool's Ingress: HTTPS on 443 with the certificate of the IngressClassParams,
 * HTTP redirected to it (AWS Load Balancer Controller annotations, honoured by EKS Auto Mode).
 */
export const ALB_INGRESS_ANNOTATIONS: Readonly<Record<string, string>> = {
  'alb.ingress.kubernetes.io/listen-ports': '[{"HTTP":80},{"HTTPS":443}]',
  'alb.ingress.kubernetes.io/ssl-redirect': '443',
  'alb.ingress.kubernetes.io/target-type': 'ip',
};
