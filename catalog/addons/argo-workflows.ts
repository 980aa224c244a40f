import { defineAddon } from '../addon-definition';

/** Argo Workflows: CI that builds images into ECR. */
export const argoWorkflows = defineAddon({
  id: 'argo-workflows',
  description: 'CI pipelines: build, test, push images to ECR',
  chart: { repoURL: 'https://argoproj.github.io/argo-helm', chart: 'argo-workflows', version: '0.45.12' },
  namespace: 'argo-workflows',
  syncWave: 7,
  defaultOn: { hub: true, spoke: false },
  // No AWS permissions: each application builds with its own ServiceAccount and Pod Identity role,
  // limited to its ECR repository (blueprints/hub-stack.ts, contract/application-ci.ts).
  // https://argo-workflows.readthedocs.io/en/latest/argo-server-sso/ (`/oauth2/callback`)
  oidc: { client: 'argo-workflows', type: 'confidential', redirectPaths: ['/oauth2/callback'] },
  values: { workflow: { serviceAccount: { create: true, name: 'argo-workflows-builder' } } },
});
