import { ALB_INGRESS_ANNOTATIONS, INGRESS_CLASS, toolHost } from '../../contract/ingress';
import { oidcIssuer, toolUrl } from '../sso';
import { defineAddon } from './addon-definition';

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
  valuesFor: (config) => ({
    server: {
      authModes: ['sso'],
      sso: {
        enabled: true, issuer: oidcIssuer(config), redirectUrl: `${toolUrl(config, 'argo-workflows')}/oauth2/callback`,
        clientId: { name: 'argo-workflows-oidc', key: 'clientID' }, clientSecret: { name: 'argo-workflows-oidc', key: 'clientSecret' },
        scopes: ['groups'], rbac: { enabled: true },
      },
      // The server speaks plain HTTP (server.secure false); the ALB terminates TLS. Its UI answers 200 on `/`.
      ingress: {
        enabled: true,
        ingressClassName: INGRESS_CLASS,
        annotations: { ...ALB_INGRESS_ANNOTATIONS },
        hosts: [toolHost(config, 'argo-workflows')],
        paths: ['/'],
        pathType: 'Prefix',
        tls: [{ hosts: [toolHost(config, 'argo-workflows')] }],
      },
    },
  }),
  values: { workflow: { serviceAccount: { create: true, name: 'argo-workflows-builder' } } },
});
