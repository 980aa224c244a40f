import { Construct } from 'constructs';
import { stringify } from 'yaml';
import type { ResolvedConfig } from '../../config/resolved-config';
import { PLATFORM_SECRETS, platformSecretName } from '../../contract/platform-secrets';
import { GROUPS_CLAIM, oidcIssuer } from '../../contract/sso';
import { groupRoles, toolUrl } from '../sso';
import { PLATFORM_SECRET_STORE } from '../../contract/names';
import {
  ExternalSecret,
  ExternalSecretSpecSecretStoreRefKind,
  ExternalSecretSpecTargetCreationPolicy,
  ExternalSecretSpecTargetTemplateEngineVersion,
} from '../imports/external-secrets.io';

/** Secret and key of GitLab's OpenID Connect provider (gitlab values `global.appConfig.omniauth.providers`). */
export const GITLAB_OMNIAUTH_SECRET = { secret: 'gitlab-oidc-provider', key: 'provider' } as const;

/** The provider document, with the client secret left as External Secrets' template placeholder. */
export function gitlabOmniauthProvider(config: ResolvedConfig): Record<string, unknown> {
  return {
    name: 'openid_connect',
    label: 'Keycloak',
    args: {
      name: 'openid_connect',
      scope: ['openid', 'profile', 'email', GROUPS_CLAIM],
      response_type: 'code',
      issuer: oidcIssuer(config),
      discovery: true,
      client_auth_method: 'basic',
      uid_field: 'preferred_username',
      pkce: true,
      client_options: {
        identifier: 'gitlab',
        secret: '{{ .clientSecret }}',
        redirect_uri: `${toolUrl(config, 'gitlab')}/users/auth/openid_connect/callback`,
      },
      // Group → admin mapping (GitLab Premium; ignored by the free tier, where admins are promoted by hand):
      // https://docs.gitlab.com/administration/auth/oidc/#configure-users-based-on-oidc-group-membership
      gitlab: { groups_attribute: GROUPS_CLAIM, admin_groups: groupRoles(config).filter(([, r]) => r === 'admin').map(([g]) => g) },
    },
  };
}

/**
 * GitLab's OpenID Connect provider as a Secret (https://docs.gitlab.com/charts/charts/globals/#omniauth: each
 * provider is a Secret whose key holds its YAML). The client secret comes from Secrets Manager through
 * External Secrets' template; nothing secret is rendered here. The secret is alphanumeric (generated with
 * excludePunctuation), so it cannot break the YAML it is placed in.
 */
export class GitLabOmniauth extends Construct {
  constructor(scope: Construct, id: string, config: ResolvedConfig) {
    super(scope, id);
    const source = PLATFORM_SECRETS.find((s) => s.id === 'oidc/gitlab')!;
    new ExternalSecret(this, 'Provider', {
      metadata: { name: GITLAB_OMNIAUTH_SECRET.secret, namespace: 'gitlab', annotations: { 'argocd.argoproj.io/sync-wave': '-1' } },
      spec: {
        refreshInterval: '1h',
        secretStoreRef: { kind: ExternalSecretSpecSecretStoreRefKind.CLUSTER_SECRET_STORE, name: PLATFORM_SECRET_STORE },
        target: {
          name: GITLAB_OMNIAUTH_SECRET.secret,
          creationPolicy: ExternalSecretSpecTargetCreationPolicy.OWNER,
          template: { engineVersion: ExternalSecretSpecTargetTemplateEngineVersion.V2, data: { [GITLAB_OMNIAUTH_SECRET.key]: stringify(gitlabOmniauthProvider(config)) } },
        },
        data: [{ secretKey: 'clientSecret', remoteRef: { key: platformSecretName(config, source), property: source.generatedKey } }],
      },
    });
  }
}
