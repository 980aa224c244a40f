import type { ResolvedConfig } from '../../config/resolved-config';
import { ALB_INGRESS_ANNOTATIONS, INGRESS_CLASS, toolHost } from '../../contract/ingress';
import { groupRoles, oidcIssuer, toolUrl } from '../sso';
import { doraNotificationValues } from '../charts/dora-notifications';
import { PORTAL_ARGOCD, portalArgoCdEnabled, portalArgoCdPolicy } from '../../contract/portal-argocd';

/**
 * argo-cd's Helm values derived from the platform config (endpoints, SSO, RBAC, databases); merged between the
 * catalog's static values (catalog/addons/argo-cd.ts) and `addons.argo-cd.values` of the config (gitops/addon-values.ts).
 */
export function argoCdValues(config: ResolvedConfig): Record<string, unknown> {
  return {
    // DORA: deployments of workload Applications reported to DevLake.
    ...(config.hub.addons.includes('devlake') ? doraNotificationValues(config) : {}),
    global: { domain: toolHost(config, 'argocd') },
    server: {
      ingress: {
        enabled: true,
        controller: 'generic',
        ingressClassName: INGRESS_CLASS,
        hostname: toolHost(config, 'argocd'),
        annotations: { ...ALB_INGRESS_ANNOTATIONS, 'alb.ingress.kubernetes.io/healthcheck-path': '/healthz' },
        // TLS hosts without a Secret (`tls: true` would name argocd-server-tls): the ALB serves the ACM certificate.
        extraTls: [{ hosts: [toolHost(config, 'argocd')] }],
      },
    },
    configs: {
      cm: {
        'url': toolUrl(config, 'argocd'),
        'oidc.config': [
          'name: Keycloak',
          `issuer: ${oidcIssuer(config)}`,
          'clientID: argocd',
          'clientSecret: $argocd-oidc:clientSecret',
          'requestedScopes: [openid, profile, email, groups]',
        ].join('\n'),
        // The portal's Argo CD cards: a local account that may only hold API tokens (no UI login),
        // https://argo-cd.readthedocs.io/en/stable/operator-manual/user-management/#local-usersaccounts
        ...(portalArgoCdEnabled(config) ? { [`accounts.${PORTAL_ARGOCD.account}`]: 'apiKey' } : {}),
      },
      rbac: {
        'policy.default': '',
        'scopes': '[groups]',
        'policy.csv': [
          ...groupRoles(config).map(([group, role]) => `g, ${group}, role:${role === 'admin' ? 'admin' : 'readonly'}`),
          ...config.teams.map((t) => `g, ${t.keycloakGroup}, proj:team-${t.name}:team`),
          ...(portalArgoCdEnabled(config) ? portalArgoCdPolicy() : []),
        ].join('\n'),
      },
    },
  };
}
