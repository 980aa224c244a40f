import type { ResolvedConfig } from '../../config/resolved-config';
import { ALB_INGRESS_ANNOTATIONS, INGRESS_CLASS, toolHost } from '../../contract/ingress';
import { GITLAB_OMNIAUTH_SECRET } from '../charts/gitlab-omniauth';
import { gitlabRunnerValues } from '../gitlab-runner-config';

/**
 * gitlab's Helm values derived from the platform config (endpoints, SSO, RBAC, databases); merged between the
 * catalog's static values (catalog/addons/gitlab.ts) and `addons.gitlab.values` of the config (gitops/addon-values.ts).
 */
export function gitlabValues(config: ResolvedConfig): Record<string, unknown> {
  // The bundled runner (its own file: the runner's config.toml and the reasons for each key).
  const { global: runnerGlobal, ...runner } = gitlabRunnerValues(config) as { global?: Record<string, unknown> };
  return {
    global: {
      ...runnerGlobal,
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
    ...runner,
  };
}
