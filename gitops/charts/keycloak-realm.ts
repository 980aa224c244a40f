import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import type { ResolvedConfig } from '../../config/resolved-config';
import { OIDC_CLIENTS, OidcClient, PLATFORM_SECRETS, platformSecretName } from '../../contract/platform-secrets';
import { groupRoles, toolUrl } from '../sso';
import { goTemplateJson, TemplateRef } from './go-template-json';
import { PLATFORM_SECRET_STORE } from './platform-secrets';

/** Kubernetes Secret holding the realm import file (mounted into Keycloak by its add-on values). */
export const REALM_SECRET = 'keycloak-realm';

/** Where each tool receives the OIDC callback. */
const REDIRECTS: Record<OidcClient, string> = {
  'argocd': '/auth/callback',
  'backstage': '/api/auth/oidc/handler/frame',
  'argo-workflows': '/oauth2/callback',
  'kargo': '/login',
  'grafana': '/login/generic_oauth',
  'gitlab': '/users/auth/openid_connect/callback',
};

/**
 * The platform realm as code: groups (admins, the configured role groups, one per team), a `groups`
 * claim, and one confidential OIDC client per tool. Client secrets come from Secrets Manager through
 * External Secrets' template, so the rendered tree holds only `{{ .<client> | toJson }}` placeholders
 * (a generated secret with `"` or `\\` stays one JSON string).
 */
export class KeycloakRealm extends Construct {
  constructor(scope: Construct, id: string, config: ResolvedConfig) {
    super(scope, id);
    const groups = [...new Set([...groupRoles(config).map(([g]) => g), ...config.teams.map((t) => t.keycloakGroup)])];
    const realm = {
      realm: config.sso.realm,
      enabled: true,
      sslRequired: 'external',
      registrationAllowed: false,
      groups: groups.map((name) => ({ name })),
      clientScopes: [{
        name: 'groups',
        protocol: 'openid-connect',
        attributes: { 'include.in.token.scope': 'true' },
        protocolMappers: [{
          name: 'groups',
          protocol: 'openid-connect',
          protocolMapper: 'oidc-group-membership-mapper',
          config: { 'full.path': 'false', 'id.token.claim': 'true', 'access.token.claim': 'true', 'userinfo.token.claim': 'true', 'claim.name': 'groups' },
        }],
      }],
      clients: OIDC_CLIENTS.map((client) => ({
        clientId: client,
        name: client,
        enabled: true,
        protocol: 'openid-connect',
        publicClient: false,
        standardFlowEnabled: true,
        directAccessGrantsEnabled: false,
        secret: new TemplateRef(client.replace(/-/g, '_')),
        rootUrl: toolUrl(config, client),
        redirectUris: [`${toolUrl(config, client)}${REDIRECTS[client]}`],
        webOrigins: [toolUrl(config, client)],
        defaultClientScopes: ['openid', 'profile', 'email', 'groups'],
      })),
    };
    new ApiObject(this, 'Realm', {
      apiVersion: 'external-secrets.io/v1',
      kind: 'ExternalSecret',
      metadata: { name: REALM_SECRET, namespace: 'keycloak' },
      spec: {
        refreshInterval: '1h',
        secretStoreRef: { kind: 'ClusterSecretStore', name: PLATFORM_SECRET_STORE },
        target: {
          name: REALM_SECRET,
          creationPolicy: 'Owner',
          template: { engineVersion: 'v2', data: { [`${config.sso.realm}-realm.json`]: goTemplateJson(realm, 2) } },
        },
        data: OIDC_CLIENTS.map((client) => ({
          secretKey: client.replace(/-/g, '_'),
          remoteRef: { key: platformSecretName(config, PLATFORM_SECRETS.find((s) => s.id === `oidc/${client}`)!), property: 'clientSecret' },
        })),
      },
    });
  }
}
