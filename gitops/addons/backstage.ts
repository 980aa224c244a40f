import { BACKSTAGE_CLUSTERS_SECRET, clusterUrlEnv } from '../charts/backstage-clusters';
import { oidcIssuer, toolUrl } from '../sso';
import { defineAddon } from './addon-definition';

/** Backstage: the developer portal serving the golden paths. */
export const backstage = defineAddon({
  id: 'backstage',
  description: 'Developer portal: catalog, golden-path templates, Kubernetes and Argo CD views',
  chart: { repoURL: 'https://backstage.github.io/charts', chart: 'backstage', version: '2.4.0' },
  namespace: 'backstage',
  syncWave: 5,
  defaultOn: { hub: true, spoke: false },
  dependsOn: [
    { addon: 'keycloak', on: 'same-cluster' },
    { addon: 'external-secrets', on: 'same-cluster' },
  ],
  serviceAccount: 'backstage',
  iam: [
    { actions: ['eks:DescribeCluster'], resources: ['arn:{partition}:eks:*:*:cluster/{prefix}-*'] },
  ],
  values: {
    backstage: { appConfig: { app: { title: 'Platform portal' } } },
    serviceAccount: { create: true, name: 'backstage' },
    postgresql: { enabled: false },
  },
  valuesFor: (config) => ({
    backstage: {
      appConfig: {
        app: { title: `${config.name} developer portal`, baseUrl: toolUrl(config, 'backstage') },
        backend: { baseUrl: toolUrl(config, 'backstage'), auth: { keys: [{ secret: '${BACKEND_SECRET}' }] } },
        auth: {
          environment: 'production',
          providers: { oidc: { production: { metadataUrl: `${oidcIssuer(config)}/.well-known/openid-configuration`, clientId: '${clientID}', clientSecret: '${clientSecret}', prompt: 'auto' } } },
        },
        catalog: {
          locations: [{ type: 'url', target: `${config.git.url.replace(/\.git$/, '')}/-/raw/${config.git.revision}/golden-paths/catalog-info.yaml`, rules: [{ allow: ['Template', 'Location', 'Component', 'System', 'Group', 'Resource'] }] }],
        },
        kubernetes: {
          serviceLocatorMethod: { type: 'multiTenant' },
          clusterLocatorMethods: [{
            type: 'config',
            clusters: config.clusters.map((c) => ({
              name: c.name,
              // The hub is Backstage's own cluster; spokes' endpoints come from their registrations (backstage-clusters Secret).
              url: c.role === 'hub' ? 'https://kubernetes.default.svc' : `\${${clusterUrlEnv(c.name)}}`,
              authProvider: 'aws',
              skipMetricsLookup: false,
            })),
          }],
        },
        argocd: { appLocatorMethods: [{ type: 'config', instances: [{ name: 'hub', url: toolUrl(config, 'argocd') }] }] },
      },
      extraEnvVarsSecrets: ['backstage-backend', 'backstage-oidc', BACKSTAGE_CLUSTERS_SECRET],
    },
  }),
  clusterValues: { ingress: { enabled: true, host: 'backstage.{{.metadata.annotations.ingress_domain_name}}' } },
});
