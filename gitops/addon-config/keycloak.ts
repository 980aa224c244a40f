import type { ResolvedConfig } from '../../config/resolved-config';
import { stringify } from 'yaml';
import { ALB_INGRESS_ANNOTATIONS, INGRESS_CLASS, toolHost } from '../../contract/ingress';
import { databaseHost, databaseOf, databaseSecretTarget, secretKeyOf } from '../../contract/platform-databases';
import { keycloakUrl } from '../sso';

const DB = databaseOf('keycloak');
const DB_SECRET = databaseSecretTarget(DB, 'keycloak');

/**
 * keycloak's Helm values derived from the platform config (endpoints, SSO, RBAC, databases); merged between the
 * catalog's static values (catalog/addons/keycloak.ts) and `addons.keycloak.values` of the config (gitops/addon-values.ts).
 */
export function keycloakValues(config: ResolvedConfig): Record<string, unknown> {
  const host = toolHost(config, 'keycloak');
  return {
    // Keycloak 26 refuses to start in production mode without a hostname; the full URL also fixes the scheme behind the ALB.
    extraEnv: stringify([{ name: 'KC_HOSTNAME', value: keycloakUrl(config) }]),
    database: {
      vendor: DB.engine,
      hostname: databaseHost(config, DB),
      port: DB.port,
      database: DB.databaseName,
      username: DB.username,
      existingSecret: DB_SECRET.secretName,
      existingSecretKey: secretKeyOf(DB_SECRET, 'password'),
    },
    ingress: {
      enabled: true,
      ingressClassName: INGRESS_CLASS,
      // `/` redirects to the admin console (302); the master realm's discovery answers 200 on the traffic port.
      annotations: { ...ALB_INGRESS_ANNOTATIONS, 'alb.ingress.kubernetes.io/healthcheck-path': '/realms/master' },
      rules: [{ host, paths: [{ path: '/', pathType: 'Prefix' }] }],
      tls: [{ hosts: [host] }],
    },
  };
}
