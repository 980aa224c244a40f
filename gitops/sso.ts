import type { ResolvedConfig } from '../config/resolved-config';
import { toolHost } from '../contract/ingress';

/** Keycloak's public URL. */
export function keycloakUrl(config: ResolvedConfig): string {
  return toolUrl(config, 'keycloak');
}

/** OIDC issuer of the platform realm. */
export function oidcIssuer(config: ResolvedConfig): string {
  return `${keycloakUrl(config)}/realms/${config.sso.realm}`;
}

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
