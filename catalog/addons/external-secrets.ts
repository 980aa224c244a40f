import { defineAddon } from '../addon-definition';

/** External Secrets: the only path by which secret values reach a cluster (from AWS Secrets Manager). */
export const externalSecrets = defineAddon({
  id: 'external-secrets',
  description: 'Syncs platform secrets from AWS Secrets Manager into clusters',
  chart: { repoURL: 'https://charts.external-secrets.io', chart: 'external-secrets', version: '0.16.2' },
  namespace: 'external-secrets',
  syncWave: 0,
  defaultOn: { hub: true, spoke: true },
  identity: {
    serviceAccount: 'external-secrets',
    iam: [
      {
        actions: ['secretsmanager:GetSecretValue', 'secretsmanager:DescribeSecret'],
        resources: ['arn:{partition}:secretsmanager:{region}:{account}:secret:{prefix}/*'],
        // On spokes tenant SecretStores would otherwise read every platform secret (issue #13 C1).
        hubOnly: true,
      },
    ],
  },
  // Tenants get ExternalSecrets through the platform's Role only: the chart's aggregation to `edit` would let
  // them create SecretStores and generators (STSSessionToken) authenticated as the controller (C1).
  values: { installCRDs: true, serviceAccount: { name: 'external-secrets' }, rbac: { aggregateToEdit: false } },
});
