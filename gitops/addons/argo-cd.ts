import { ALB_INGRESS_ANNOTATIONS, INGRESS_CLASS, toolHost } from '../../contract/ingress';
import { groupRoles, oidcIssuer, toolUrl } from '../sso';
import { doraNotificationValues } from '../charts/dora-notifications';
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
      // The ALB terminates TLS and forwards plain HTTP: a TLS-only server would redirect it back forever.
      // The CLI goes through the ALB with `--grpc-web` (no gRPC target group, which would need TLS to the pod).
      params: { 'server.insecure': true },
    },
  },
  valuesFor: (config) => ({
    // DORA: deployments of workload Applications reported to DevLake.
    ...(config.hub.addons.includes('devlake') ? doraNotificationValues(config) : {}),
    global: { domain: toolHost(config, 'argocd') },
    server: {
      ingress: {
        enabled: true,
        controller: 'generic',
        ingressClassName: INGRESS_CLASS,
        hostname: toolHost(config, 'argocd'),
        annotations: { ...ALB_INGRESS_ANNOTATIONS, 'alb.ingress.kubernetes.io/healthcheck-path': '/healthz' },
        // TLS hosts without a Secret (`tls: true` would name argocd-server-tls): the ALB serves the ACM certificate.
        extraTls: [{ hosts: [toolHost(config, 'argocd')] }],
      },
    },
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
});
