import type { ResolvedConfig } from '../config/resolved-config';
import { hasCapability } from './managed-capabilities';
import { platformSecretName } from './platform-secrets';

/**
 * The portal's read-only way into Argo CD, named once for both ends: the local account in argocd-cm
 * and its RBAC (gitops/addon-config/argo-cd.ts), the bootstrap step that makes its token
 * (scripts/platform/argocd-portal-token.ts), the ExternalSecret that delivers it
 * (gitops/charts/platform-secrets.ts) and Backstage's app-config that reads it
 * (gitops/addon-config/backstage.ts).
 */
export const PORTAL_ARGOCD = {
  /** Local account (`accounts.<name>: apiKey` in argocd-cm): API tokens only, no UI login. */
  account: 'backstage',
  /** RBAC role the account is bound to: `get` on applications, nothing else. */
  role: 'role:portal-readonly',
  /**
   * Id of the account's single token (`argocd account generate-token --id`): a fixed id lets the step
   * find and replace it, so the account never holds more than one.
   */
  tokenId: 'portal',
  /** Platform secret id (`<prefix>/argocd/portal-token`) holding `{ token }`. */
  secretId: 'argocd/portal-token',
  secretKey: 'token',
  /** Kubernetes Secret in Backstage's namespace (`extraEnvVarsSecrets`) and the env var it sets. */
  kubernetesSecret: 'backstage-argocd-token',
  envVar: 'ARGOCD_AUTH_TOKEN',
} as const;

/**
 * Whether the platform makes the portal's Argo CD token: a self-managed Argo CD (local accounts live in
 * its argocd-cm; the EKS capability has none) and a portal to read it.
 */
export function portalArgoCdEnabled(config: ResolvedConfig): boolean {
  return !hasCapability(config.hub, 'argocd') && config.hub.addons.includes('argo-cd') && config.hub.addons.includes('backstage');
}

/** Secrets Manager name of the portal's Argo CD token. */
export function portalArgoCdSecretName(config: ResolvedConfig): string {
  return platformSecretName(config, { id: PORTAL_ARGOCD.secretId });
}

/**
 * argocd-rbac-cm policy lines of the account: Roadie's Argo CD backend only lists and reads
 * Applications (GET /api/v1/applications, /applications/{name}, /applications/{name}/revisions/…/metadata,
 * all `applications, get` in https://argo-cd.readthedocs.io/en/stable/operator-manual/rbac/). `*\/*`
 * is every project/application; `policy.default` stays empty so the account gets nothing else.
 */
export function portalArgoCdPolicy(): string[] {
  return [
    `p, ${PORTAL_ARGOCD.role}, applications, get, */*, allow`,
    `g, ${PORTAL_ARGOCD.account}, ${PORTAL_ARGOCD.role}`,
  ];
}
