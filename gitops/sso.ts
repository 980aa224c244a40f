import type { ResolvedConfig } from '../config/resolved-config';
import { toolHost } from '../contract/ingress';

// The issuer is shared with the spokes' EKS identity provider (blueprints), so it lives in contract/.
export { keycloakUrl, oidcIssuer } from '../contract/sso';

/** Public URL of a platform tool served on the hub. */
export function toolUrl(config: ResolvedConfig, tool: string): string {
  return `https://${toolHost(config, tool)}`;
}

/** Keycloak group → platform role, admin group and team groups included. */
export function groupRoles(config: ResolvedConfig): [string, 'admin' | 'editor' | 'viewer'][] {
  return [
    [config.sso.adminGroup, 'admin'],
    ...Object.entries(config.sso.groupRoles).filter(([g]) => g !== config.sso.adminGroup),
  ];
}
