import type { ResolvedConfig } from '../../config/resolved-config';
import { ALB_INGRESS_ANNOTATIONS, INGRESS_CLASS, toolHost } from '../../contract/ingress';
import { oidcIssuer, toolUrl } from '../sso';

/**
 * argo-workflows's Helm values derived from the platform config (endpoints, SSO, RBAC, databases); merged between the
 * catalog's static values (catalog/addons/argo-workflows.ts) and `addons.argo-workflows.values` of the config (gitops/addon-values.ts).
 */
export function argoWorkflowsValues(config: ResolvedConfig): Record<string, unknown> {
  return {
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
  };
}
