import { stringify } from 'yaml';
import { ALB_INGRESS_ANNOTATIONS, INGRESS_CLASS, toolHost } from '../../contract/ingress';
import { databaseHost, databaseOf, databaseSecretTarget, secretKeyOf } from '../../contract/platform-databases';
import { keycloakUrl } from '../sso';
import { defineAddon } from './addon-definition';

const DB = databaseOf('keycloak');
const DB_SECRET = databaseSecretTarget(DB, 'keycloak');

/** Keycloak: the platform's SSO; its realm is reconciled from code by gitops/charts/keycloak-realm.ts. */
export const keycloak = defineAddon({
  id: 'keycloak',
  description: 'Single sign-on for every platform tool (OIDC)',
  chart: { repoURL: 'https://codecentric.github.io/helm-charts', chart: 'keycloakx', version: '7.0.1' },
  namespace: 'keycloak',
  syncWave: 3,
  defaultOn: { hub: true, spoke: false },
  dependsOn: [{ addon: 'external-secrets', on: 'same-cluster' }],
  values: {
    // No `--import-realm`: it skips an existing realm. The realm is reconciled on every sync by a hook Job
    // (gitops/charts/keycloak-realm.ts).
    command: ['/opt/keycloak/bin/kc.sh', 'start'],
    // Admin credentials come from the Secrets Manager-backed Secret, never from values.
    extraEnvFrom: '- secretRef:\n    name: keycloak-admin\n',
    // Served at the root: every issuer the platform renders (gitops/sso.ts oidcIssuer) omits the chart's default `/auth`.
    http: { relativePath: '/' },
    // The ALB terminates TLS and sends X-Forwarded-* (chart: KC_PROXY_HEADERS from proxy.mode; KC_HTTP_ENABLED from proxy.http).
    proxy: { enabled: true, mode: 'xforwarded', http: { enabled: true } },
    // KC_HEALTH_ENABLED: the chart's probes call /health/* on the management port 9000 (port `http-internal`).
    health: { enabled: true },
    metrics: { enabled: true },
    // Waits for the database's port before Keycloak starts (needs database.hostname and database.port).
    dbchecker: { enabled: true },
  },
  valuesFor: (config) => {
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
  },
  slow: true,
});
