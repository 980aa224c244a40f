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

/**
 * Annotations of every tool's Ingress: HTTPS on 443 with the certificate of the IngressClassParams,
 * HTTP redirected to it (AWS Load Balancer Controller annotations, honoured by EKS Auto Mode).
 */
export const ALB_INGRESS_ANNOTATIONS: Readonly<Record<string, string>> = {
  'alb.ingress.kubernetes.io/listen-ports': '[{"HTTP":80},{"HTTPS":443}]',
  'alb.ingress.kubernetes.io/ssl-redirect': '443',
  'alb.ingress.kubernetes.io/target-type': 'ip',
};
