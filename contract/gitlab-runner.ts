import type { ResolvedConfig } from '../config/resolved-config';
import { platformSecretName } from './platform-secrets';

/**
 * The hub's GitLab Runner, named once for every end that spells it: the runner the GitLab chart bundles
 * (gitops/addon-config/gitlab.ts), its service accounts, RBAC and job namespace (gitops/charts/gitlab-runner.ts),
 * the Pod Identity of its manager and its cache bucket (catalog/addons/gitlab.ts, blueprints/constructs/ci-cache-bucket.ts),
 * the bootstrap step that creates it in GitLab and stores its authentication token
 * (scripts/platform/gitlab-runner-token.ts) and the ExternalSecret that delivers that token
 * (gitops/charts/platform-secrets.ts).
 *
 * Registration uses a runner authentication token (`glrt-…`) made with `POST /user/runners`
 * (https://docs.gitlab.com/api/users/#create-a-runner-linked-to-a-user), never the deprecated
 * registration token (https://docs.gitlab.com/ci/runners/new_creation_workflow/).
 */
export const GITLAB_RUNNER = {
  /** Platform secret id (`<prefix>/gitlab/runner-token`) holding `{ token, id }`; made by the bootstrap. */
  secretId: 'gitlab/runner-token',
  /**
   * Kubernetes Secret (GitLab's namespace) the bundled runner reads its token from: the GitLab chart's
   * `global.runner.registrationToken.secret`, which also names the runner subchart's secret
   * (`gitlab-runner.secret` is overridden by the GitLab chart to that value). Keys per
   * https://docs.gitlab.com/runner/install/kubernetes/#store-registration-tokens-or-runner-tokens-in-secrets:
   * `runner-token` holds the authentication token and `runner-registration-token` stays empty.
   */
  kubernetesSecret: 'gitlab-runner-token',
  tokenKey: 'runner-token',
  registrationTokenKey: 'runner-registration-token',
  /** The runner manager's ServiceAccount in GitLab's namespace: the only one with Pod Identity (the cache bucket). */
  managerServiceAccount: 'gitlab-runner',
  /** Namespace of the job pods: apart from GitLab's own secrets and pods, under its own network policy. */
  jobNamespace: 'gitlab-ci',
  /** ServiceAccount of the job pods: no Pod Identity, no API token mounted; AWS access only from the job's ID token. */
  jobServiceAccount: 'ci-job',
  /** Cache key prefix inside the bucket. */
  cachePath: 'runner',
} as const;

/** Whether the hub runs the GitLab Runner: GitLab on the hub serves the platform repository (the bootstrap registers the runner). */
export function gitlabRunnerEnabled(config: Pick<ResolvedConfig, 'git' | 'hub'>): boolean {
  return config.git.provider === 'hub-gitlab' && config.hub.addons.includes('gitlab');
}

/** Secrets Manager name of the runner's authentication token. */
export function gitlabRunnerSecretName(config: ResolvedConfig): string {
  return platformSecretName(config, { id: GITLAB_RUNNER.secretId });
}

/** Description of the runner in GitLab: how the bootstrap finds the runner it made (one per platform). */
export function gitlabRunnerDescription(config: Pick<ResolvedConfig, 'resourcePrefix'>): string {
  return `${config.resourcePrefix}-hub-kubernetes`;
}

/**
 * S3 bucket of the runner's distributed cache in the hub account and region (globally unique by account
 * and region; at most 20 + 9 + 12 + 1 + 15 = 57 characters, under S3's 63).
 */
export function ciCacheBucketName(config: Pick<ResolvedConfig, 'resourcePrefix' | 'hub'>): string {
  return `${config.resourcePrefix}-ci-cache-${config.hub.account}-${config.hub.region}`;
}
