import { defineAddon } from '../addon-definition';

/** Grafana: dashboards, DORA included; SSO through Keycloak. */
export const grafana = defineAddon({
  id: 'grafana',
  description: 'Dashboards for platform health and DORA metrics',
  chart: { repoURL: 'https://grafana.github.io/helm-charts', chart: 'grafana', version: '8.10.4' },
  namespace: 'grafana',
  syncWave: 7,
  defaultOn: { hub: true, spoke: false },
  dependsOn: [{ addon: 'prometheus', on: 'same-cluster' }],
  identity: {
    serviceAccount: 'grafana',
    iam: [
      // CloudWatch metric reads have no resource-level permissions.
      { actions: ['cloudwatch:GetMetricData', 'cloudwatch:ListMetrics', 'cloudwatch:DescribeAlarms'], resources: ['*'] },
    ],
  },
  // https://grafana.com/docs/grafana/latest/setup-grafana/configure-security/configure-authentication/keycloak/
  oidc: { client: 'grafana', type: 'confidential', redirectPaths: ['/login/generic_oauth'] },
  values: {
    serviceAccount: { name: 'grafana' },
    admin: { existingSecret: 'grafana-admin' },
    // Dashboards and data sources (DORA from DevLake) come from labelled ConfigMaps in addon-objects/grafana.
    sidecar: { dashboards: { enabled: true, label: 'grafana_dashboard' }, datasources: { enabled: true, label: 'grafana_datasource' } },
  },
});
