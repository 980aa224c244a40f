import type { AddonDefinition } from '../catalog/addon-definition';
import { ADDONS } from '../catalog/registry';
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

/** The spokes' Kubernetes API: not an add-on, so its client is the one not declared in the catalog. */
const KUBERNETES_SSO_CLIENT: SsoClient = { id: KUBERNETES_CLIENT, publicClient: true, redirectPaths: [], extraRedirectUris: KUBECTL_REDIRECT_URIS };

/**
 * The realm's clients: each add-on's `oidc` (catalog/addons/<id>.ts, where each cites its tool's callback)
 * in registry order, then `kubernetes`. Throws when two declare one client id: the realm would hold only one
 * of them (keycloak-config-cli matches clients by clientId) and the other tool's sign-in would break.
 */
export function ssoClientsOf(addons: readonly AddonDefinition[]): SsoClient[] {
  const clients = [
    ...addons.flatMap(({ oidc }) => (oidc ? [{
      id: oidc.client,
      publicClient: oidc.type === 'public',
      redirectPaths: oidc.redirectPaths,
      ...(oidc.extraRedirectUris ? { extraRedirectUris: oidc.extraRedirectUris } : {}),
      ...(oidc.serviceAccount ? { serviceAccount: true } : {}),
    }] : [])),
    KUBERNETES_SSO_CLIENT,
  ];
  const ids = clients.map((c) => c.id);
  const repeated = ids.filter((id, i) => ids.indexOf(id) !== i);
  if (repeated.length > 0) throw new Error(`SSO client id(s) declared twice: ${[...new Set(repeated)].join(', ')}`);
  return clients;
}

/** Every client of the platform realm. */
export const SSO_CLIENTS: readonly SsoClient[] = ssoClientsOf(ADDONS);

/** Confidential clients: each has a client secret in Secrets Manager. */
export const CONFIDENTIAL_CLIENTS = SSO_CLIENTS.filter((c) => !c.publicClient).map((c) => c.id);

/** The client of an id (throws on an unknown id: a typo must not render a wire to nowhere). */
export function ssoClient(id: string): SsoClient {
  const client = SSO_CLIENTS.find((c) => c.id === id);
  if (!client) throw new Error(`no SSO client "${id}" (an add-on's oidc in catalog/addons/, or kubernetes)`);
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
