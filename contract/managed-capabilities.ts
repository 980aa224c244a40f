import type { ResolvedCluster, ResolvedConfig } from '../config/resolved-config';
import type { ManagedCapabilityId } from '../catalog/addon-definition';
import { ARGOCD_NAMESPACE } from './names';
import { ARGOCD_ROLE_PURPOSE } from './gitops-bridge';

/**
 * Names and EKS facts of the managed capabilities (Argo CD, ACK, kro) that both the CDK stacks and the
 * scripts use. Which cluster runs which capability is decided once, by resolveConfig()
 * (`ResolvedCluster.capabilities`); everything else asks `hasCapability()` / `managedArgoCd()`.
 *
 * EKS docs: https://docs.aws.amazon.com/eks/latest/userguide/capabilities.html
 */

/** `Type` of the `AWS::EKS::Capability` resource. */
export const CAPABILITY_TYPE: Readonly<Record<ManagedCapabilityId, 'ARGOCD' | 'ACK' | 'KRO'>> = { argocd: 'ARGOCD', ack: 'ACK', kro: 'KRO' };

/** Whether an EKS managed capability runs on (is attached to) this cluster. */
export function hasCapability(cluster: ResolvedCluster, id: ManagedCapabilityId): boolean {
  return cluster.capabilities.some((c) => c.id === id);
}

/** Argo CD is the EKS managed capability on the hub (config `argocd.mode: "eks-capability"`). */
export function managedArgoCd(config: ResolvedConfig): boolean {
  return hasCapability(config.hub, 'argocd');
}

/** Capability name within its cluster, e.g. `acme-argocd` (what `aws eks describe-capability` takes). */
export function capabilityName(config: ResolvedConfig, id: ManagedCapabilityId): string {
  return `${config.resourcePrefix}-${id}`;
}

/**
 * `roleName()` purpose of a capability's IAM role. Argo CD's keeps the hub Argo CD role's name in both
 * modes, so spokes in other accounts name it from the config alone (no cross-stack reference).
 */
export function capabilityRolePurpose(id: ManagedCapabilityId): string {
  return id === 'argocd' ? ARGOCD_ROLE_PURPOSE : `${id}-capability`;
}

/** An EKS access policy (name under `arn:<partition>:eks::aws:cluster-access-policy/`) and its scope. */
export interface CapabilityAccessPolicy {
  readonly policy: string;
  /** Namespaces of a namespace-scoped association; absent for cluster scope. */
  readonly namespaces?: readonly string[];
}

const CLUSTER_ADMIN: CapabilityAccessPolicy = { policy: 'AmazonEKSClusterAdminPolicy' };

/**
 * Access policies of a capability role's EKS access entry on the cluster the capability is attached to.
 * EKS attaches the capability's baseline policies itself when it creates the entry; the platform creates
 * the entry first (so it owns its lifecycle) and therefore associates them explicitly.
 * - argocd: AmazonEKSArgoCDClusterPolicy + AmazonEKSArgoCDPolicy (namespace `argocd`) are Argo CD's own
 *   operation only; it also installs the hub's add-ons (CRDs, cluster-scoped objects), hence cluster admin
 *   (https://docs.aws.amazon.com/eks/latest/userguide/argocd-register-clusters.html, "Access Entry RBAC requirements").
 * - ack: AmazonEKSACKPolicy lets the controllers reconcile ACK resources; AWS permissions come from IAM.
 * - kro: AmazonEKSKROPolicy covers ResourceGraphDefinitions and instances only; the compositions create
 *   Rollouts, Services, ExternalSecrets and ACK resources, which the self-managed kro chart's
 *   unrestricted RBAC also allowed (https://docs.aws.amazon.com/eks/latest/userguide/kro-permissions.html).
 */
export function capabilityAccessPolicies(id: ManagedCapabilityId): readonly CapabilityAccessPolicy[] {
  switch (id) {
    case 'argocd':
      return [{ policy: 'AmazonEKSArgoCDClusterPolicy' }, { policy: 'AmazonEKSArgoCDPolicy', namespaces: [ARGOCD_NAMESPACE] }, CLUSTER_ADMIN];
    case 'ack':
      return [{ policy: 'AmazonEKSACKPolicy' }];
    case 'kro':
      return [{ policy: 'AmazonEKSKROPolicy' }, CLUSTER_ADMIN];
  }
}

/**
 * Access policy of the hub's Argo CD (capability role or, self-managed, the spoke role it assumes) on a
 * spoke: it installs add-ons with CRDs and cluster-scoped objects there.
 */
export const ARGOCD_SPOKE_ACCESS_POLICIES: readonly CapabilityAccessPolicy[] = [CLUSTER_ADMIN];
