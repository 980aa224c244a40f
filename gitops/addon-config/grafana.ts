import type { ResolvedConfig } from '../../config/resolved-config';
import { ALB_INGRESS_ANNOTATIONS, INGRESS_CLASS, toolHost } from '../../contract/ingress';
import { databaseOf, databaseSecretTarget } from '../../contract/platform-databases';
import { groupRoles, oidcIssuer, toolUrl } from '../sso';

/**
 * Grafana role from the `groups` claim (JMESPath; group names are schema-checked, no quotes): admin groups → Admin,
 * editor groups → Editor, viewer and team groups → Viewer
 * (https://grafana.com/docs/grafana/latest/setup-grafana/configure-security/configure-authentication/generic-oauth/#configure-role-mapping).
 */
export function grafanaRolePath(config: ResolvedConfig): string {
  const of = (role: string) => groupRoles(config).filter(([, r]) => r === role).map(([g]) => g);
  const viewers = [...of('viewer'), ...config.teams.map((t) => t.keycloakGroup)];
  const rule = (groups: string[], grafanaRole: string) => groups.map((g) => `contains(groups[*], '${g}') && '${grafanaRole}'`);
  return [...rule(of('admin'), 'Admin'), ...rule(of('editor'), 'Editor'), ...rule(viewers, 'Viewer')].join(' || ');
}

/**
 * grafana's Helm values derived from the platform config (endpoints, SSO, RBAC, databases); merged between the
 * catalog's static values (catalog/addons/grafana.ts) and `addons.grafana.values` of the config (gitops/addon-values.ts).
 */
export function grafanaValues(config: ResolvedConfig): Record<string, unknown> {
  return {
    // DEVLAKE_MYSQL_PASSWORD for the DORA data source (gitops/charts/dora-dashboards.ts).
    envFromSecret: databaseSecretTarget(databaseOf('devlake'), 'grafana').secretName,
    'grafana.ini': {
      'server': { root_url: toolUrl(config, 'grafana') },
      // SigV4 for the metrics workspaces' data sources (gitops/charts/metrics-datasources.ts); off by default:
      // https://grafana.com/docs/grafana/latest/setup-grafana/configure-grafana/#sigv4_auth_enabled
      'auth': { sigv4_auth_enabled: true },
      'auth.generic_oauth': {
        enabled: true, name: 'Keycloak', client_id: 'grafana', client_secret: '$__file{/etc/secrets/grafana-oidc/clientSecret}',
        scopes: 'openid profile email groups', auth_url: `${oidcIssuer(config)}/protocol/openid-connect/auth`,
        token_url: `${oidcIssuer(config)}/protocol/openid-connect/token`, api_url: `${oidcIssuer(config)}/protocol/openid-connect/userinfo`,
        role_attribute_path: grafanaRolePath(config),
        // Without a matching group the user is refused rather than made a Viewer of everything.
        role_attribute_strict: true,
      },
    },
    extraSecretMounts: [{ name: 'grafana-oidc', secretName: 'grafana-oidc', mountPath: '/etc/secrets/grafana-oidc', readOnly: true }],
    ingress: {
      enabled: true,
      ingressClassName: INGRESS_CLASS,
      // `/` redirects to /login (302); /api/health answers 200.
      annotations: { ...ALB_INGRESS_ANNOTATIONS, 'alb.ingress.kubernetes.io/healthcheck-path': '/api/health' },
      hosts: [toolHost(config, 'grafana')],
      path: '/',
      pathType: 'Prefix',
      tls: [{ hosts: [toolHost(config, 'grafana')] }],
    },
  };
}
