import { defineAddon } from '../addon-definition';

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
  slow: true,
});
