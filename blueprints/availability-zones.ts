import type { ResolvedCluster, ResolvedConfig } from '../config/resolved-config';
import { regionAvailabilityZones } from '../contract/availability-zones';

/** The region's AZ names from the table (validated to exist and to hold azCount zones). */
function zonesOf(region: string): string[] {
  const zones = regionAvailabilityZones(region);
  if (!zones) throw new Error(`no availability zones known for ${region} (contract/availability-zones.ts)`);
  return zones;
}

/**
 * Explicit AZ names of a cluster: the first azCount of its region's table entry. Synth must not look
 * anything up, so projen writes the same lists into cdk.context.json (the Vpc construct checks the
 * given AZs against the stack's, which it reads from that context).
 */
export function availabilityZones(cluster: ResolvedCluster): string[] {
  return zonesOf(cluster.region).slice(0, cluster.azCount);
}

/** The cdk.context.json entries that answer the AZ lookups of every (account, region) of the platform. */
export function availabilityZoneContext(config: ResolvedConfig): Record<string, string[]> {
  const context: Record<string, string[]> = {};
  for (const c of config.clusters) context[`availability-zones:account=${c.account}:region=${c.region}`] = zonesOf(c.region);
  return context;
}
