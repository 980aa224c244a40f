import type { ResolvedConfig } from '../../config/resolved-config';
import { ALB_INGRESS_ANNOTATIONS, INGRESS_CLASS, toolHost } from '../../contract/ingress';
import { GROUPS_CLAIM, ssoClient } from '../../contract/sso';
import { groupRoles, oidcIssuer } from '../sso';

/**
 * kargo's Helm values derived from the platform config (endpoints, SSO, RBAC, databases); merged between the
 * catalog's static values (catalog/addons/kargo.ts) and `addons.kargo.values` of the config (gitops/addon-values.ts).
 */
export function kargoValues(config: ResolvedConfig): Record<string, unknown> {
  return {
    api: {
      host: toolHost(config, 'kargo'),
      // The ALB terminates TLS: the API serves plain HTTP, and `terminatedUpstream` keeps every URL it issues https.
      tls: { enabled: false, terminatedUpstream: true },
      ingress: {
        enabled: true,
        ingressClassName: INGRESS_CLASS,
        annotations: { ...ALB_INGRESS_ANNOTATIONS },
        // The chart's default ImplementationSpecific `/` is an exact match for the ALB; Prefix serves every path.
        pathType: 'Prefix',
        // No Ingress TLS block: the chart can only render one naming a cert-manager Secret (kargo-api-ingress-cert);
        // the ALB serves the IngressClassParams' ACM certificate for the host.
        tls: { enabled: false },
      },
      adminAccount: { enabled: false },
      oidc: {
        // A public client with PKCE (the chart: "does not require a client secret"); the realm registers it so.
        enabled: true, issuerURL: oidcIssuer(config), clientID: ssoClient('kargo').id,
        additionalScopes: [GROUPS_CLAIM],
        admins: { claims: { [GROUPS_CLAIM]: groupRoles(config).filter(([, r]) => r === 'admin').map(([g]) => g) } },
        // Editors and viewers read everything; each team administers its own projects (gitops/charts/kargo-project-access.ts).
        viewers: { claims: { [GROUPS_CLAIM]: groupRoles(config).filter(([, r]) => r !== 'admin').map(([g]) => g) } },
      },
    },
  };
}
