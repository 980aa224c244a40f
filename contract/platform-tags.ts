import { createHash } from 'node:crypto';

/**
 * Tag keys on every AWS resource the platform creates. Teardown sweeps leftovers ONLY among
 * resources carrying `platformId` with this platform's id, so these keys are a contract between
 * blueprints/ (which writes them, through the resolved config's tags) and scripts/destroy (which
 * reads them). Runtime-created resources (load balancers, volumes) must carry them too: use
 * `runtimeTags()` in IngressClassParams / StorageClass tag settings.
 */
export const PLATFORM_TAG_KEYS = {
  platform: 'platform-blueprint:platform',
  /** Unique per platform instance (hub account + resource prefix): the ONLY key the sweep trusts. */
  platformId: 'platform-blueprint:platform-id',
  prefix: 'platform-blueprint:resource-prefix',
  environment: 'platform-blueprint:environment',
  cluster: 'platform-blueprint:cluster',
} as const;

/**
 * Stable id of one platform instance: `pb-` + 16 hex digits of sha256("<hub account>/<resourcePrefix>").
 * Two platforms with the same name (or prefix) in different hub accounts, or different prefixes in one
 * account, never share it, so a teardown can never sweep another platform's same-named resources.
 */
export function platformId(hubAccount: string, resourcePrefix: string): string {
  return `pb-${createHash('sha256').update(`${hubAccount}/${resourcePrefix}`).digest('hex').slice(0, 16)}`;
}

/** Tags a runtime-created resource of `cluster` must carry to be recognised (and swept) as this platform's. */
export function runtimeTags(tags: Readonly<Record<string, string>>, cluster: string): Record<string, string> {
  const pick = [PLATFORM_TAG_KEYS.platform, PLATFORM_TAG_KEYS.platformId, PLATFORM_TAG_KEYS.prefix];
  return { ...Object.fromEntries(pick.filter((k) => k in tags).map((k) => [k, tags[k]])), [PLATFORM_TAG_KEYS.cluster]: cluster };
}
