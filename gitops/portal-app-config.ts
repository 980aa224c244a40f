import type { ResolvedConfig } from '../config/resolved-config';
import { addonById } from '../catalog/registry';
import { addonValues } from './addon-values';

/** Where `npx projen` writes the portal's platform app-config (baked into the image next to app-config.yaml). */
export const PORTAL_APP_CONFIG_FILE = 'portal/app-config.platform.yaml';

/**
 * app-config of the portal: exactly the appConfig the Backstage add-on deploys (one source: the add-on's
 * values), so a local run of portal/ and the hub's pod read the same sign-in, catalog, Kubernetes,
 * Argo CD and GitLab settings. Secrets stay `${ENV}` references resolved at run time.
 */
export function portalAppConfig(config: ResolvedConfig): Record<string, unknown> {
  return (addonValues(addonById('backstage'), config).backstage as { appConfig: Record<string, unknown> }).appConfig;
}
