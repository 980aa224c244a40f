import { defineAddon } from '../addon-definition';

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
  // https://docs.gitlab.com/administration/auth/oidc/ (`/users/auth/openid_connect/callback`)
  oidc: { client: 'gitlab', type: 'confidential', redirectPaths: ['/users/auth/openid_connect/callback'] },
  // The bundled runner's MANAGER (never its job pods) reaches the CI cache bucket: with `AuthenticationType = "iam"`
  // it signs URLs the jobs use (https://docs.gitlab.com/runner/configuration/advanced-configuration/#the-runnerscaches3-section
  // lists Put/Get/GetVersion/Delete). `s3:ListBucket` makes a cache miss a 404 instead of a 403
  // (https://docs.aws.amazon.com/AmazonS3/latest/API/API_GetObject.html, "Permissions"). The bucket is
  // `ciCacheBucketName()` of contract/gitlab-runner.ts (a test checks the pattern fills to it); hub only.
  identity: {
    serviceAccount: 'gitlab-runner',
    iam: [
      { actions: ['s3:PutObject', 's3:GetObject', 's3:GetObjectVersion', 's3:DeleteObject'], resources: ['arn:{partition}:s3:::{prefix}-ci-cache-{account}-{region}/*'], hubOnly: true },
      { actions: ['s3:ListBucket'], resources: ['arn:{partition}:s3:::{prefix}-ci-cache-{account}-{region}'], hubOnly: true },
    ],
  },
  values: {
    'certmanager-issuer': { email: 'platform@invalid' },
    'installCertmanager': false,
    // The ALB is the ingress controller; the chart's bundled NGINX would create a second (classic) load balancer.
    'nginx-ingress': { enabled: false },
    'global': {
      initialRootPassword: { secret: 'gitlab-root-password', key: 'password' },
    },
  },
  slow: true,
});
