import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import type { ResolvedConfig } from '../../config/resolved-config';
import { keycloakClientSecretName } from '../../contract/platform-secrets';
import { GROUPS_CLAIM, SSO_CLIENTS, SsoClient } from '../../contract/sso';
import { groupRoles, toolUrl } from '../sso';

/** ConfigMap holding the realm as code (no secret in it: client secrets are `$(env:…)` placeholders). */
export const REALM_CONFIGMAP = 'keycloak-realm';

/**
 * keycloak-config-cli, pinned: the build for Keycloak 26 (the keycloakx 7.0.1 chart runs 26.0.7; the tool
 * supports the four latest Keycloak minors: https://github.com/adorsys/keycloak-config-cli#compatibility-with-keycloak).
 */
export const REALM_RECONCILER_IMAGE = 'docker.io/adorsys/keycloak-config-cli:6.4.0-26.1.0';

/**
 * Keycloak's in-cluster URL: Service `<fullname>-http` on port 80, fullname `<release>-keycloakx` since the
 * release `keycloak` does not contain the chart name (keycloakx 7.0.1 templates/_helpers.tpl `keycloak.fullname`,
 * templates/service-http.yaml). Served at the root (`http.relativePath: /`).
 */
export const KEYCLOAK_SERVICE_URL = 'http://keycloak-keycloakx-http.keycloak.svc:80';

/** Environment variable carrying a client's secret into the reconciler (`ARGO_WORKFLOWS_CLIENT_SECRET`). */
export function clientSecretEnv(client: string): string {
  return `${client.replace(/-/g, '_').toUpperCase()}_CLIENT_SECRET`;
}

/** Redirect URIs of a client: its tool's callbacks, and any CLI callbacks on the user's machine. */
export function redirectUris(config: ResolvedConfig, client: SsoClient): string[] {
  return [...client.redirectPaths.map((p) => `${toolUrl(config, client.id)}${p}`), ...(client.extraRedirectUris ?? [])];
}

/** Keycloak 25+ puts `sub` in tokens only through the `basic` scope: every client keeps the built-in defaults. */
const DEFAULT_SCOPES = ['basic', 'acr', 'web-origins', 'roles', 'profile', 'email', GROUPS_CLAIM];

/** The realm in Keycloak's export format, as keycloak-config-cli reads it. */
export function realmRepresentation(config: ResolvedConfig): Record<string, unknown> {
  const groups = [...new Set([...groupRoles(config).map(([g]) => g), ...config.teams.map((t) => t.keycloakGroup)])];
  const withService = SSO_CLIENTS.filter((c) => c.serviceAccount);
  return {
    realm: config.sso.realm,
    enabled: true,
    sslRequired: 'external',
    registrationAllowed: false,
    groups: groups.map((name) => ({ name })),
    clientScopes: [{
      name: GROUPS_CLAIM,
      protocol: 'openid-connect',
      attributes: { 'include.in.token.scope': 'true' },
      protocolMappers: [{
        name: GROUPS_CLAIM,
        protocol: 'openid-connect',
        protocolMapper: 'oidc-group-membership-mapper',
        // Short names (`team-a`, not `/team-a`): every consumer matches them as written in the config.
        config: { 'full.path': 'false', 'id.token.claim': 'true', 'access.token.claim': 'true', 'userinfo.token.claim': 'true', 'claim.name': GROUPS_CLAIM },
      }],
    }],
    // In registry order (contract/sso.ts); the order carries no meaning: keycloak-config-cli creates or updates
    // each client found by its clientId and deletes those missing by clientId set (ClientImportService
    // createOrUpdateClient/deleteClientsMissingInImport, https://github.com/adorsys/keycloak-config-cli/blob/main/src/main/java/de/adorsys/keycloak/config/service/ClientImportService.java).
    clients: SSO_CLIENTS.map((client) => ({
      clientId: client.id,
      name: client.id,
      enabled: true,
      protocol: 'openid-connect',
      publicClient: client.publicClient,
      standardFlowEnabled: true,
      directAccessGrantsEnabled: false,
      ...(client.publicClient
        // Public clients prove the code exchange with PKCE instead of a secret.
        ? { attributes: { 'pkce.code.challenge.method': 'S256' } }
        : { secret: `$(env:${clientSecretEnv(client.id)})` }),
      ...(client.serviceAccount ? { serviceAccountsEnabled: true } : {}),
      ...(client.redirectPaths.length > 0 ? { rootUrl: toolUrl(config, client.id), webOrigins: [toolUrl(config, client.id)] } : {}),
      redirectUris: redirectUris(config, client),
      defaultClientScopes: DEFAULT_SCOPES,
    })),
    // Clients that read the realm's users and groups (Backstage's Keycloak org provider) through their service account.
    users: withService.map((client) => ({
      username: `service-account-${client.id}`,
      enabled: true,
      serviceAccountClientId: client.id,
      clientRoles: { 'realm-management': ['view-users', 'query-users', 'query-groups'] },
    })),
  };
}

/**
 * The platform realm as code, reconciled on every sync: the realm is a ConfigMap applied in the Sync phase,
 * and a PostSync hook Job runs keycloak-config-cli, which creates or updates the realm through Keycloak's admin
 * API (Keycloak's own `--import-realm` skips a realm that exists, so later teams and tools would never land).
 * The tool keeps a remote state in the realm and only deletes what it created itself
 * (https://github.com/adorsys/keycloak-config-cli/blob/main/docs/FEATURES.md, "remote state"); client secrets
 * reach it as env vars from the External Secrets-synced `keycloak-client-<client>` Secrets and are substituted
 * into the realm with `$(env:NAME)` (import.var-substitution).
 */
export class KeycloakRealm extends Construct {
  constructor(scope: Construct, id: string, config: ResolvedConfig) {
    super(scope, id);
    const file = `${config.sso.realm}-realm.json`;
    new ApiObject(this, 'Realm', {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: REALM_CONFIGMAP, namespace: 'keycloak' },
      data: { [file]: JSON.stringify(realmRepresentation(config), null, 2) },
    });
    const secretEnv = (name: string, secret: string, key: string) => ({ name, valueFrom: { secretKeyRef: { name: secret, key } } });
    new ApiObject(this, 'Apply', {
      apiVersion: 'batch/v1',
      kind: 'Job',
      metadata: {
        name: 'keycloak-realm-apply',
        namespace: 'keycloak',
        annotations: {
          'argocd.argoproj.io/hook': 'PostSync',
          // Replaced on the next sync; kept after a failure so its logs can be read.
          'argocd.argoproj.io/hook-delete-policy': 'BeforeHookCreation,HookSucceeded',
        },
      },
      spec: {
        backoffLimit: 4,
        activeDeadlineSeconds: 1200,
        template: {
          spec: {
            restartPolicy: 'Never',
            automountServiceAccountToken: false,
            securityContext: { runAsNonRoot: true, runAsUser: 1001, seccompProfile: { type: 'RuntimeDefault' } },
            containers: [{
              name: 'keycloak-config-cli',
              image: REALM_RECONCILER_IMAGE,
              securityContext: { allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: ['ALL'] } },
              env: [
                { name: 'KEYCLOAK_URL', value: KEYCLOAK_SERVICE_URL },
                secretEnv('KEYCLOAK_USER', 'keycloak-admin', 'KC_BOOTSTRAP_ADMIN_USERNAME'),
                secretEnv('KEYCLOAK_PASSWORD', 'keycloak-admin', 'KC_BOOTSTRAP_ADMIN_PASSWORD'),
                // A first sync runs before Keycloak answers: wait for it instead of failing.
                { name: 'KEYCLOAK_AVAILABILITYCHECK_ENABLED', value: 'true' },
                { name: 'KEYCLOAK_AVAILABILITYCHECK_TIMEOUT', value: '600s' },
                { name: 'IMPORT_FILES_LOCATIONS', value: `/config/${file}` },
                { name: 'IMPORT_VARSUBSTITUTION_ENABLED', value: 'true' },
                { name: 'IMPORT_REMOTESTATE_ENABLED', value: 'true' },
                ...SSO_CLIENTS.filter((c) => !c.publicClient).map((c) => secretEnv(clientSecretEnv(c.id), keycloakClientSecretName(c.id), 'clientSecret')),
              ],
              volumeMounts: [{ name: 'realm', mountPath: '/config', readOnly: true }, { name: 'tmp', mountPath: '/tmp' }],
              resources: { requests: { cpu: '100m', memory: '256Mi' }, limits: { memory: '512Mi' } },
            }],
            volumes: [{ name: 'realm', configMap: { name: REALM_CONFIGMAP } }, { name: 'tmp', emptyDir: {} }],
          },
        },
      },
    });
  }
}
