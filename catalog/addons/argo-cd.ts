import { defineAddon } from '../addon-definition';

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
  identity: { serviceAccount: 'argocd-application-controller' },
  // https://argo-cd.readthedocs.io/en/stable/operator-manual/user-management/keycloak/ (`/auth/callback`)
  oidc: { client: 'argocd', type: 'confidential', redirectPaths: ['/auth/callback'] },
  values: {
    configs: {
      // The local admin is disabled; people sign in through Keycloak.
      cm: { 'admin.enabled': false, 'exec.enabled': false },
      // The ALB terminates TLS and forwards plain HTTP: a TLS-only server would redirect it back forever.
      // The CLI goes through the ALB with `--grpc-web` (no gRPC target group, which would need TLS to the pod).
      params: { 'server.insecure': true },
    },
  },
});
