import type { ResolvedConfig } from '../config/resolved-config';
import { toolHost } from './ingress';

/**
 * Names of the platform's single sign-on, spelled once: the Keycloak realm (gitops/charts/keycloak-realm.ts),
 * every tool that trusts it (gitops/addon-config/*) and the spokes' EKS OIDC identity provider (blueprints/spoke-stack.ts)
 * read them, so the two ends of each wire cannot disagree.
 */

/** Claim carrying the user's Keycloak group names (short names: the realm's mapper has `full.path` false). */
export const GROUPS_CLAIM = 'groups';

/**
 * Prefix EKS puts before OIDC group and user names (`AWS::EKS::IdentityProviderConfig` groupsPrefix/usernamePrefix),
 * so a Keycloak group can never impersonate a Kubernetes system group (`system:masters`). Team RoleBindings name
 * `<prefix><group>`.
 */
export const KUBERNETES_OIDC_PREFIX = 'keycloak:';

/** Keycloak client whose ID tokens the spokes' Kubernetes API accepts (kubectl oidc-login; public + PKCE). */
export const KUBERNETES_CLIENT = 'kubernetes';

/** Redirect of kubectl oidc-login (int128/kubelogin's default `--listen-address` 127.0.0.1:8000). */
export const KUBECTL_REDIRECT_URIS = ['http://localhost:8000', 'http://127.0.0.1:8000'] as const;

/** One OIDC client of the realm. */
export interface SsoClient {
  /** Client id, also the tool's host name (`<id>.<domain>`), except `kubernetes`. */
  readonly id: string;
  /**
   * Public clients (browser or CLI with PKCE, no secret) vs confidential ones (server-side, with a client
   * secret generated in Secrets Manager: contract/platform-secrets.ts `oidc/<id>`).
   */
  readonly publicClient: boolean;
  /** Callback paths on the tool's own host. */
  readonly redirectPaths: readonly string[];
  /** Callback URIs off the tool's host (CLIs on the user's machine). */
  readonly extraRedirectUris?: readonly string[];
  /** Keycloak `serviceAccountsEnabled`: the tool reads users and groups through the admin API. */
  readonly serviceAccount?: boolean;
}

/**
 * Every client, with the callback its tool uses:
 * - argocd: https://argo-cd.readthedocs.io/en/stable/operator-manual/user-management/keycloak/ (`/auth/callback`)
 * - backstage: https://backstage.io/docs/auth/oidc (`/api/auth/oidc/handler/frame`)
 * - argo-workflows: https://argo-workflows.readthedocs.io/en/latest/argo-server-sso/ (`/oauth2/callback`)
 * - kargo: the UI signs in with PKCE as a public client, the CLI on localhost
 *   (https://docs.kargo.io/operator-guide/security/openid-connect/ : "Kargo is a public client … PKCE")
 * - grafana: https://grafana.com/docs/grafana/latest/setup-grafana/configure-security/configure-authentication/keycloak/
 * - gitlab: https://docs.gitlab.com/administration/auth/oidc/ (`/users/auth/openid_connect/callback`)
 * - devlake: the ALB authenticates in front of it; ALB's fixed callback `/oauth2/idpresponse`
 *   (https://docs.aws.amazon.com/elasticloadbalancing/latest/application/listener-authenticate-users.html)
 */
export const SSO_CLIENTS: readonly SsoClient[] = [
  { id: 'argocd', publicClient: false, redirectPaths: ['/auth/callback'] },
  { id: 'backstage', publicClient: false, redirectPaths: ['/api/auth/oidc/handler/frame'], serviceAccount: true },
  { id: 'argo-workflows', publicClient: false, redirectPaths: ['/oauth2/callback'] },
  { id: 'kargo', publicClient: true, redirectPaths: ['/login'], extraRedirectUris: ['http://localhost/auth/callback'] },
  { id: 'grafana', publicClient: false, redirectPaths: ['/login/generic_oauth'] },
  { id: 'gitlab', publicClient: false, redirectPaths: ['/users/auth/openid_connect/callback'] },
  { id: 'devlake', publicClient: false, redirectPaths: ['/oauth2/idpresponse'] },
  { id: KUBERNETES_CLIENT, publicClient: true, redirectPaths: [], extraRedirectUris: KUBECTL_REDIRECT_URIS },
];

/** Confidential clients: each has a client secret in Secrets Manager. */
export const CONFIDENTIAL_CLIENTS = SSO_CLIENTS.filter((c) => !c.publicClient).map((c) => c.id);

/** The client of an id (throws on an unknown id: a typo must not render a wire to nowhere). */
export function ssoClient(id: string): SsoClient {
  const client = SSO_CLIENTS.find((c) => c.id === id);
  if (!client) throw new Error(`no SSO client "${id}" in contract/sso.ts`);
  return client;
}

/** Keycloak's public URL. Keycloak is served at the root (its chart's `http.relativePath` is `/`). */
export function keycloakUrl(config: ResolvedConfig): string {
  return `https://${toolHost(config, 'keycloak')}`;
}

/** Keycloak's `http.relativePath`: the issuer below has no `/auth` because of it. */
export const KEYCLOAK_RELATIVE_PATH = '/';

/** OIDC issuer of the platform realm (the `iss` of every token Keycloak signs for it). */
export function oidcIssuer(config: ResolvedConfig): string {
  return `${keycloakUrl(config)}/realms/${config.sso.realm}`;
}
