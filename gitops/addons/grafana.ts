import type { ResolvedConfig } from '../../config/resolved-config';
import { ALB_INGRESS_ANNOTATIONS, INGRESS_CLASS, toolHost } from '../../contract/ingress';
import { databaseOf, databaseSecretTarget } from '../../contract/platform-databases';
import { groupRoles, oidcIssuer, toolUrl } from '../sso';
import { defineAddon } from './addon-definition';

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

/** Grafana: dashboards, DORA included; SSO through Keycloak. */
export const grafana = defineAddon({
  id: 'grafana',
  description: 'Dashboards for platform health and DORA metrics',
  chart: { repoURL: 'https://grafana.github.io/helm-charts', chart: 'grafana', version: '8.10.4' },
  namespace: 'grafana',
  syncWave: 7,
  defaultOn: { hub: true, spoke: false },
  dependsOn: [{ addon: 'prometheus', on: 'same-cluster' }],
  serviceAccount: 'grafana',
  iam: [
    // CloudWatch metric reads have no resource-level permissions.
    { actions: ['cloudwatch:GetMetricData', 'cloudwatch:ListMetrics', 'cloudwatch:DescribeAlarms'], resources: ['*'] },
  ],
  valuesFor: (config) => ({
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
  }),
  values: {
    serviceAccount: { name: 'grafana' },
    admin: { existingSecret: 'grafana-admin' },
    // Dashboards and data sources (DORA from DevLake) come from labelled ConfigMaps in addon-objects/grafana.
    sidecar: { dashboards: { enabled: true, label: 'grafana_dashboard' }, datasources: { enabled: true, label: 'grafana_datasource' } },
    // DEVLAKE_MYSQL_PASSWORD for the DORA data source (gitops/charts/dora-dashboards.ts).
    envFromSecret: databaseSecretTarget(databaseOf('devlake'), 'grafana').secretName,
  },
});
