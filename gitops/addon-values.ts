import { merge } from 'ts-deepmerge';
import type { CatalogAddon } from '../catalog/registry';
import type { ResolvedConfig } from '../config/resolved-config';
import { ADDON_CONFIG } from './addon-config';

/**
 * An add-on's Helm values, the one merge every reader uses (the rendered `addons/<id>/values.yaml`, which the
 * bootstrap's helm steps install, and the portal's app-config): catalog defaults, then the values derived from
 * the config (gitops/addon-config/<id>.ts), then `addons.<id>.values` of the config. ts-deepmerge: later objects
 * win key by key, arrays are concatenated, and keys keep their first position (so the YAML order is stable).
 */
export function addonValues(addon: CatalogAddon, config: ResolvedConfig): Record<string, unknown> {
  const derived = ADDON_CONFIG[addon.id]?.(config) ?? {};
  return merge(addon.values ?? {}, derived, config.addonValues[addon.id] ?? {});
}
