import type { ResolvedConfig } from '../../config/resolved-config';
import { GITLAB_RUNNER, gitlabRunnerDescription, gitlabRunnerSecretName } from '../../contract/gitlab-runner';
import type { Step } from '../lib/plan';
import type { RestApi, SecretStore } from './rest-api';
import { RenderedExternalSecret, SeedContext, secretsSeeded, seedSecrets } from './seed-secrets';

/** Name of the step (the runner token seeds the Secret the hub's runner reads). */
export const GITLAB_RUNNER_STEP = 'gitlab:runner';

export interface GitlabRunnerTokenContext {
  readonly config: ResolvedConfig;
  /** GitLab's API at `<gitlab url>/api/v4`, as the root user (instance runners are an admin's). */
  readonly gitlab: RestApi;
  readonly secrets: SecretStore;
  readonly seed: SeedContext;
  /** The rendered ExternalSecret that delivers the token (gitops/charts/platform-secrets.ts), read on use. */
  readonly externalSecret: () => RenderedExternalSecret;
  readonly after: readonly string[];
}

interface GitlabRunner { id: number; description: string }

/**
 * The hub's instance runner, created in GitLab with the runner creation workflow: `POST /user/runners`
 * returns a runner authentication token (`glrt-…`) once (https://docs.gitlab.com/api/users/#create-a-runner-linked-to-a-user).
 * The token goes to Secrets Manager, and its Secret to GitLab's namespace (the bundled runner reads it;
 * External Secrets keeps it in sync afterwards). Idempotent, and never a second runner:
 * - check: the stored token still authenticates (`POST /runners/verify`, 200, else 403:
 *   https://docs.gitlab.com/api/runners/#verify-authentication-for-a-registered-runner) and the Secret exists;
 * - a runner of ours whose token was lost gets a new token (`POST /runners/:id/reset_authentication_token`,
 *   https://docs.gitlab.com/api/runners/#reset-runners-authentication-token-by-using-the-runner-id);
 * - extra runners with our description (a run that failed between create and store) are deleted
 *   (`GET /runners/all?type=instance_type`, `DELETE /runners/:id`).
 */
export function gitlabRunnerTokenStep(ctx: GitlabRunnerTokenContext): Step {
  const { config, gitlab, secrets } = ctx;
  const secretName = gitlabRunnerSecretName(config);
  const description = gitlabRunnerDescription(config);
  const must = async (method: 'GET' | 'POST' | 'DELETE', path: string, body?: Record<string, unknown>) => {
    const r = await gitlab.call(method, path, body);
    if (r.status < 200 || r.status > 299) throw new Error(`${method} ${path}: GitLab answered ${r.status} ${JSON.stringify(r.body?.message ?? r.body?.error ?? '')}`);
    return r.body;
  };
  const storedTokenWorks = async (): Promise<boolean> => {
    if (!(await secrets.exists(secretName))) return false;
    const token = (await secrets.get(secretName)).token;
    if (!token) return false;
    const r = await gitlab.call('POST', '/runners/verify', { token });
    if (r.status === 200) return true;
    if (r.status === 403) return false;
    throw new Error(`POST /runners/verify: GitLab answered ${r.status}`);
  };
  return {
    name: GITLAB_RUNNER_STEP,
    description: `instance runner "${description}" for the hub's GitLab Runner → Secrets Manager ${secretName} → Secret ${GITLAB_RUNNER.kubernetesSecret}`,
    commands: [
      `POST /api/v4/user/runners runner_type=instance_type description=${description} (or reset the token of ours)`,
      `aws secretsmanager put-secret-value --secret-id ${secretName}`,
      `kubectl apply --context ${ctx.seed.hubContext} -f - (Secret ${GITLAB_RUNNER.kubernetesSecret} on stdin)`,
    ],
    target: { account: config.hub.account, region: config.hub.region, cluster: config.hub.clusterName },
    after: [...ctx.after],
    typicalMinutes: 0.1,
    check: async () => (await storedTokenWorks()) && (await secretsSeeded(ctx.seed, [ctx.externalSecret()])),
    apply: async () => {
      if (!(await storedTokenWorks())) {
        const ours = ((await must('GET', '/runners/all?type=instance_type&per_page=100')) as GitlabRunner[]).filter((r) => r.description === description);
        for (const extra of ours.slice(1)) await must('DELETE', `/runners/${extra.id}`);
        const made = ours[0]
          ? { id: ours[0].id, ...(await must('POST', `/runners/${ours[0].id}/reset_authentication_token`)) }
          : await must('POST', '/user/runners', { runner_type: 'instance_type', description, run_untagged: true, paused: false });
        await secrets.put(secretName, { token: made.token, id: String(made.id) });
      }
      await seedSecrets(ctx.seed, [ctx.externalSecret()]);
    },
  };
}
