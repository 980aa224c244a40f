import { defineAddon } from '../addon-definition';

/** Kargo: promotes the same artifact from dev to prod. */
export const kargo = defineAddon({
  id: 'kargo',
  description: 'Progressive promotion of freight (images + config) across environments',
  chart: { repoURL: 'ghcr.io/akuity/kargo-charts', chart: 'kargo', version: '1.5.3' },
  namespace: 'kargo',
  syncWave: 7,
  defaultOn: { hub: true, spoke: false },
  dependsOn: [
    { addon: 'argo-cd', on: 'hub' },
    { addon: 'cert-manager', on: 'same-cluster' },
  ],
  identity: {
    serviceAccount: 'kargo-controller',
    iam: [
      {
        actions: ['ecr:DescribeImages', 'ecr:ListImages', 'ecr:BatchGetImage', 'ecr:GetDownloadUrlForLayer'],
        resources: ['arn:{partition}:ecr:{region}:{account}:repository/{prefix}/*'],
      },
      // GetAuthorizationToken has no resource-level permissions.
      { actions: ['ecr:GetAuthorizationToken'], resources: ['*'] },
    ],
  },
  // The UI signs in with PKCE as a public client, the CLI on localhost
  // (https://docs.kargo.io/operator-guide/security/openid-connect/ : "Kargo is a public client … PKCE").
  oidc: { client: 'kargo', type: 'public', redirectPaths: ['/login'], extraRedirectUris: ['http://localhost/auth/callback'] },
  values: { api: { adminAccount: { enabled: false } } },
});
