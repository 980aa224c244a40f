import type { ResolvedConfig } from '../config/resolved-config';

/**
 * Names every exposed tool shares, spelled once: the chart values of each tool (gitops/addons/*)
 * and the cluster-base objects that make them reachable (IngressClass, IngressClassParams,
 * StorageClass) both read them.
 */

/**
 * IngressClass of every platform Ingress: EKS Auto Mode's built-in ALB controller
 * (`spec.controller: eks.amazonaws.com/alb`). Auto Mode creates no IngressClass itself.
 */
export const INGRESS_CLASS = 'alb';

/** Default StorageClass of every cluster (EBS through Auto Mode's `ebs.csi.eks.amazonaws.com`). */
export const STORAGE_CLASS = 'gp3';

/** Host name of a tool: `<tool>.<domain>`. */
export function toolHost(config: ResolvedConfig, tool: string): string {
  return `${tool}.${config.domain}`;
}
