import { SignInPage, SignInProviderConfig } from '@backstage/core-components';
import {
  configApiRef,
  SignInPageProps,
  useApi,
} from '@backstage/core-plugin-api';
import { keycloakAuthApiRef } from '../../keycloak-auth';

const keycloakProvider: SignInProviderConfig = {
  id: 'keycloak-auth-provider',
  title: 'Keycloak',
  message: 'Sign in with your platform account',
  apiRef: keycloakAuthApiRef,
};

/**
 * Keycloak on the hub, guest only for a local run or the screenshot. The choice follows
 * `auth.environment` (frontend-visible, unlike `auth.providers`, which holds client secrets): the
 * backend's guest provider refuses sign-in outside `development`
 * (https://backstage.io/docs/auth/guest/provider), and the hub's app-config sets `production`.
 */
export const PlatformSignInPage = (props: SignInPageProps) => {
  // Unset means development, as for the backend (core-app-api's config schema says so).
  const environment =
    useApi(configApiRef).getOptionalString('auth.environment') ?? 'development';
  const providers = environment === 'development' ? ['guest' as const] : [keycloakProvider];
  return <SignInPage {...props} auto providers={providers} />;
};
