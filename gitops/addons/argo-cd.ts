import { groupRoles, oidcIssuer, toolUrl } from '../sso';
import { defineAddon } from './addon-definition';

/** Argo CD (self-managed mode): manages itself after bootstrap, SSO through Keycloak. */
export const argoCd = defineAddon({
  id: 'argo-cd',
  description: 'GitOps engine of the hub; reaches spokes through an IAM role',
  chart: { repoURL: 'https://argoproj.github.io/argo-helm', chart: 'argo-cd', version: '7.8.26' },
  namespace: 'argocd',
  syncWave: 6,
  // argocd.mode "eks-capability" replaces this chart on the hub.
  capability: 'argocd',
  defaultOn: { hub: true, spoke: false },
  serviceAccount: 'argocd-application-controller',
  values: {
    configs: {
      // The local admin is disabled; people sign in through Keycloak.
      cm: { 'admin.enabled': false, 'exec.enabled': false },
      params: { 'server.insecure': false },
    },
  },
  valuesFor: (config) => ({
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
      },
      rbac: {
        'policy.default': '',
        'scopes': '[groups]',
        'policy.csv': [
          ...groupRoles(config).map(([group, role]) => `g, ${group}, role:${role === 'admin' ? 'admin' : 'readonly'}`),
          ...config.teams.map((t) => `g, ${t.keycloakGroup}, proj:team-${t.name}:team`),
        ].join('\n'),
      },
    },
  }),
  clusterValues: {
    global: { domain: 'argocd.{{.metadata.annotations.ingress_domain_name}}' },
  },
});
