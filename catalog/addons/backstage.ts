import { defineAddon } from '../addon-definition';

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
  identity: {
    serviceAccount: 'backstage',
    iam: [
      { actions: ['eks:DescribeCluster'], resources: ['arn:{partition}:eks:*:*:cluster/{prefix}-*'] },
    ],
  },
  // https://backstage.io/docs/auth/oidc (`/api/auth/oidc/handler/frame`); the service account reads the realm's
  // users and groups (Backstage's Keycloak org provider).
  oidc: { client: 'backstage', type: 'confidential', redirectPaths: ['/api/auth/oidc/handler/frame'], serviceAccount: true },
  values: {
    backstage: { appConfig: { app: { title: 'Platform portal' } } },
    serviceAccount: { create: true, name: 'backstage' },
    postgresql: { enabled: false },
  },
});
