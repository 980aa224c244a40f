import { defineAddon } from '../addon-definition';
/**
 * Apache DevLake: collects delivery data for the DORA metrics. Every secret comes from Secrets Manager
 * through External Secrets, so each of the chart's secret-creating switches is off (devlake 1.0.2
 * templates/secrets.yaml would otherwise write `merico`/empty values, and clash with the ExternalSecrets):
 * those values name the platform's Secrets (contract/), so they are in gitops/addon-config/devlake.ts.
 */
export const devlake = defineAddon({
  id: 'devlake',
  description: 'DORA metrics from GitLab, Argo Workflows and Argo Rollouts',
  chart: { repoURL: 'https://apache.github.io/incubator-devlake-helm-chart', chart: 'devlake', version: '1.0.2' },
  namespace: 'devlake',
  syncWave: 8,
  defaultOn: { hub: true, spoke: false },
  dependsOn: [
    { addon: 'grafana', on: 'same-cluster' },
    { addon: 'external-secrets', on: 'same-cluster' },
  ],
  // The ALB authenticates in front of it; ALB's fixed callback `/oauth2/idpresponse`
  // (https://docs.aws.amazon.com/elasticloadbalancing/latest/application/listener-authenticate-users.html).
  oidc: { client: 'devlake', type: 'confidential', redirectPaths: ['/oauth2/idpresponse'] },
  slow: true,
});
