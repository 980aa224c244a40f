import { stringify } from 'smol-toml';
import type { ResolvedConfig } from '../config/resolved-config';
import { ciCacheBucketName, GITLAB_RUNNER, gitlabRunnerEnabled } from '../contract/gitlab-runner';

/**
 * Jobs the runner manager runs at once. A pipeline of the platform repository runs at most two jobs side by side
 * (two per stage, projenrc/pipeline-jobs.ts): four lets a merge request's pipeline and the tracked branch's run
 * together; more would mostly add nodes.
 */
export const GITLAB_RUNNER_CONCURRENT = 4;

/**
 * The `[[runners]]` entry of the hub runner's `config.toml` (the runner chart's `runners.config`, a template
 * merged at registration). Keys are those of the runner's config structs at v17.9.2 (the runner the GitLab
 * chart 8.9.2 bundles), documented in https://docs.gitlab.com/runner/configuration/advanced-configuration/.
 * Built as data and serialised by smol-toml, so no config value is ever spliced into TOML text.
 */
export function gitlabRunnerConfigToml(config: ResolvedConfig): string {
  return stringify({
    runners: [{
      executor: 'kubernetes',
      kubernetes: {
        // Jobs run apart from GitLab's own pods and secrets, under their own NetworkPolicy (gitops/charts/gitlab-runner.ts).
        // No `*_overwrite_allowed` key is set: a job cannot pick another namespace, service account or bearer token.
        namespace: GITLAB_RUNNER.jobNamespace,
        service_account: GITLAB_RUNNER.jobServiceAccount,
        // The job pod gets no Kubernetes API token: the job needs none, and a token would be a credential to steal.
        automount_service_account_token: false,
        // The pipeline's jobs name their image (`node:22`); this is the default for a job that names none.
        image: 'node:22',
        privileged: false,
        allow_privilege_escalation: false,
        // Sized for the platform repository's jobs: `npm ci`, jest with its two workers (jest.config.json `maxWorkers`,
        // Backstage's scaffolder and CDK synths among the tests) and `cdk synth` of every stack with cdk-nag.
        cpu_request: '2',
        cpu_limit: '2',
        memory_request: '4Gi',
        memory_limit: '6Gi',
        helper_cpu_request: '100m',
        helper_memory_request: '128Mi',
        // The helper clones the repository and zips/unzips the cache (node_modules): streaming, but not tiny.
        helper_memory_limit: '512Mi',
        // Seconds a job pod may stay Pending: EKS Auto Mode adds a node for it when none has room (~1–2 min, more under load).
        poll_timeout: 600,
      },
      // The distributed cache (https://docs.gitlab.com/runner/configuration/advanced-configuration/#the-runnerscache-section):
      // with `AuthenticationType = "iam"` the runner MANAGER gets credentials from the AWS SDK chain (its Pod
      // Identity) and hands job pods pre-signed URLs, so only the manager holds bucket access. Set explicitly: a
      // key pair mounted into the manager (for instance the chart's MinIO cache secret) then cannot switch it to
      // `access-key` (`CacheS3Config.AuthType()`, common/config.go at v17.9.2).
      cache: {
        Type: 's3',
        Path: GITLAB_RUNNER.cachePath,
        Shared: true,
        s3: {
          BucketName: ciCacheBucketName(config),
          BucketLocation: config.hub.region,
          AuthenticationType: 'iam',
          ServerSideEncryption: 'S3',
        },
      },
    }],
  });
}

/**
 * The GitLab chart's values for the runner it bundles (`gitlab-runner` subchart): installed only when the hub
 * GitLab serves the platform repository (the bootstrap then creates the runner and stores its token).
 * - `global.runner.registrationToken.secret` names the Secret the runner reads `runner-token` from (the GitLab
 *   chart overrides the subchart's `gitlab-runner.secret` helper with it).
 * - Registration with the runner authentication token the bootstrap made (`glrt-…`), hence `runners.locked: null`.
 * - The manager's ServiceAccount and its RBAC are ours (gitops/charts/gitlab-runner.ts): the chart's default
 *   Role grants every verb on every core resource. Existing service account:
 *   https://docs.gitlab.com/runner/install/kubernetes_helm_chart_configuration/#enable-rbac-support
 */
export function gitlabRunnerValues(config: ResolvedConfig): Record<string, unknown> {
  if (!gitlabRunnerEnabled(config)) return { 'gitlab-runner': { install: false } };
  return {
    'global': { runner: { registrationToken: { secret: GITLAB_RUNNER.kubernetesSecret } } },
    'gitlab-runner': {
      install: true,
      rbac: { create: false },
      serviceAccount: { create: false, name: GITLAB_RUNNER.managerServiceAccount },
      concurrent: GITLAB_RUNNER_CONCURRENT,
      runners: {
        // Removes the GitLab chart's default `locked: false`: `--locked` is a server-side setting that `register`
        // refuses alongside a runner authentication token (`ensureServerConfigArgsEmpty`, commands/register.go of the
        // runner). https://docs.gitlab.com/charts/charts/gitlab/gitlab-runner/#requirements
        locked: null,
        config: gitlabRunnerConfigToml(config),
      },
    },
  };
}
