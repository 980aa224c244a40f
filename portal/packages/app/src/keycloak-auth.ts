import {
  BackstageIdentityApi,
  createApiRef,
  OpenIdConnectApi,
  ProfileInfoApi,
  SessionApi,
} from '@backstage/core-plugin-api';

/**
 * Sign-in through the hub's Keycloak. Backstage ships no frontend API for a generic OIDC provider,
 * so the app declares its own ref and backs it with OAuth2 (https://backstage.io/docs/auth/oidc).
 * The id must stay unique among API refs; the backend provider it talks to is `oidc`
 * (`auth.providers.oidc` in the generated app-config, module auth-backend-module-oidc-provider).
 */
export const keycloakAuthApiRef = createApiRef<
  OpenIdConnectApi & ProfileInfoApi & BackstageIdentityApi & SessionApi
>({ id: 'auth.keycloak' });

/** The backend auth provider id the OAuth2 client calls (`/api/auth/oidc/...`); the suite checks the generated app-config has it. */
export const KEYCLOAK_PROVIDER_ID = 'oidc';
