import { ALB_INGRESS_ANNOTATIONS, INGRESS_CLASS, toolHost } from '../../contract/ingress';
import { GITLAB_OMNIAUTH_SECRET } from '../charts/gitlab-omniauth';
import { defineAddon } from './addon-definition';

/**
 * GitLab: the platform's git server when `git.provider` is `hub-gitlab`. Served by the shared ALB, which
 * terminates TLS with the IngressClassParams' ACM certificate: the chart's own NGINX ingress controller and
 * cert-manager issuer are off. The bootstrap's helm step installs the chart with these same values
 * (scripts/platform/bootstrap-steps.ts), and Argo CD adopts the release.
 * Keys: https://docs.gitlab.com/charts/charts/globals/#configure-ingress-settings,
 * https://docs.gitlab.com/charts/advanced/external-ingress/ (GitLab 8.9.2 is not in ../shared/charts).
 */
export const gitlab = defineAddon({
  id: 'gitlab',
  description: 'Git hosting for the GitOps repository and team repositories',
  chart: { repoURL: 'https://charts.gitlab.io', chart: 'gitlab', version: '8.9.2' },
  namespace: 'gitlab',
  syncWave: 4,
  defaultOn: { hub: true, spoke: false },
  dependsOn: [{ addon: 'keycloak', on: 'same-cluster' }],
  values: {
    'certmanager-issuer': { email: 'platform@invalid' },
    'installCertmanager': false,
    // The ALB is the ingress controller; the chart's bundled NGINX would create a second (classic) load balancer.
    'nginx-ingress': { enabled: false },
    'global': {
      initialRootPassword: { secret: 'gitlab-root-password', key: 'password' },
      // People sign in through Keycloak (https://docs.gitlab.com/charts/charts/globals/#omniauth); accounts are created
      // on first sign-in, and the root user stays for break-glass.
      appConfig: {
        omniauth: {
          enabled: true,
          allowSingleSignOn: ['openid_connect'],
          blockAutoCreatedUsers: false,
          autoLinkUser: ['openid_connect'],
          providers: [GITLAB_OMNIAUTH_SECRET],
        },
      },
    },
  },
  valuesFor: (config) => ({
    global: {
      // External URLs are https (TLS ends at the ALB); registry, MinIO and KAS get `<name>.<domain>`.
      hosts: { domain: config.domain, https: true, gitlab: { name: toolHost(config, 'gitlab') } },
      ingress: {
        enabled: true,
        class: INGRESS_CLASS,
        provider: 'aws',
        configureCertmanager: false,
        annotations: { ...ALB_INGRESS_ANNOTATIONS },
        // Prefix `/` matches every path on the ALB (ImplementationSpecific `/` would be an exact match:
        // https://gitlab.com/gitlab-org/charts/gitlab/-/issues/2563).
        pathType: 'Prefix',
        // TLS is terminated in front of the Ingresses (global.hosts.https keeps the URLs https).
        tls: { enabled: false },
      },
    },
    gitlab: {
      webservice: {
        ingress: {
          // `/` redirects to the sign-in page (302); readiness answers 200 (webservice monitoring.ipWhitelist defaults to 0.0.0.0/0).
          annotations: { 'alb.ingress.kubernetes.io/healthcheck-path': '/-/readiness' },
        },
      },
    },
  }),
  slow: true,
});
