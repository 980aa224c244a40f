import { defineAddon } from './addon-definition';

/** GitLab: the platform's git server when `git.provider` is `hub-gitlab`. */
export const gitlab = defineAddon({
  id: 'gitlab',
  description: 'Git hosting for the GitOps repository and team repositories',
  chart: { repoURL: 'https://charts.gitlab.io', chart: 'gitlab', version: '8.9.2' },
  namespace: 'gitlab',
  syncWave: 4,
  defaultOn: { hub: true, spoke: false },
  dependsOn: [
    { addon: 'keycloak', on: 'same-cluster' },
    { addon: 'cert-manager', on: 'same-cluster' },
  ],
  values: {
    'certmanager-issuer': { email: 'platform@invalid' },
    global: { initialRootPassword: { secret: 'gitlab-root-password', key: 'password' } },
    installCertmanager: false,
  },
  clusterValues: { global: { hosts: { domain: '{{.metadata.annotations.ingress_domain_name}}' } } },
  slow: true,
});
