import { MANAGED_CAPABILITY_IDS, ManagedCapabilityId } from '../catalog/addon-definition';
import type { ParsedConfig } from './schema';

/**
 * EKS managed capabilities a cluster asks for, in MANAGED_CAPABILITY_IDS order: `argocd` on the hub
 * when `argocd.mode` is "eks-capability", and the cluster's `capabilities` switches.
 */
export function requestedCapabilities(c: ParsedConfig, role: 'hub' | 'spoke', s: ParsedConfig['hub'] | ParsedConfig['spokes'][string]): ManagedCapabilityId[] {
  const on: Record<ManagedCapabilityId, boolean> = {
    argocd: role === 'hub' && c.argocd.mode === 'eks-capability',
    ack: s.capabilities?.ack ?? false,
    kro: s.capabilities?.kro ?? false,
  };
  return MANAGED_CAPABILITY_IDS.filter((id) => on[id]);
}
