import type { ResolvedCluster, ResolvedConfig } from '../config/resolved-config';

/**
 * Explicit AZ names of a cluster: `<region>a`, `<region>b`, `<region>c` (every commercial region has
 * them). Synth must not look anything up, so projen writes the same lists into cdk.context.json.
 */
export function availabilityZones(cluster: ResolvedCluster): string[] {
  return ['a', 'b', 'c'].slice(0, cluster.azCount).map((s) => `${cluster.region}${s}`);
}

/** The cdk.context.json entries that answer the AZ lookups of every (account, region) of the platform. */
export function availabilityZoneContext(config: ResolvedConfig): Record<string, string[]> {
  const context: Record<string, string[]> = {};
  for (const c of config.clusters) {
    context[`availability-zones:account=${c.account}:region=${c.region}`] = ['a', 'b', 'c'].map((s) => `${c.region}${s}`);
  }
  return context;
}
