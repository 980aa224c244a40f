import type { ResolvedConfig } from '../../config/resolved-config';
import { GITLAB_ROOT_TOKEN_SECRET_ID } from '../../contract/application-ci';
import { platformSecretName } from '../../contract/platform-secrets';
import { toolUrl } from '../../gitops/sso';
import type { Step } from '../lib/plan';
import type { Tools } from '../lib/tools';
import { devlakeSetupSteps } from './devlake-setup';
import { gitlabPlumbingSteps } from './gitlab-plumbing';
import { gitlabRootTokenStep } from './gitlab-root-token';
import { gitlabRunnerTokenStep } from './gitlab-runner-token';
import { GITLAB_RUNNER, gitlabRunnerEnabled } from '../../contract/gitlab-runner';
import { addonById } from '../../catalog/registry';
import { platformExternalSecret } from './seed-secrets';
import { lazyApi, restApi, SecretStore, statusOrUnreachable } from './rest-api';
import { waitFor, WaitOptions } from './wait-for';

/**
 * Where the operator's machine reaches GitLab's and DevLake's APIs: their public URLs, or
 * `PLATFORM_GITLAB_URL` / `PLATFORM_DEVLAKE_URL` (e.g. a `kubectl port-forward` while DNS propagates).
 */
export function apiBaseUrls(config: ResolvedConfig, env: NodeJS.ProcessEnv = process.env): { gitlab: string; devlake: string } {
  const pick = (name: string, fallback: string) => {
    const v = env[name];
    if (v === undefined || v === '') return fallback;
    if (!/^https?:\/\/[\w.-]+(:\d+)?\/?$/.test(v)) throw new Error(`${name}: "${v}" is not a base URL (scheme, host, optional port)`);
    return v.replace(/\/$/, '');
  };
  return { gitlab: `${pick('PLATFORM_GITLAB_URL', toolUrl(config, 'gitlab'))}/api/v4`, devlake: `${pick('PLATFORM_DEVLAKE_URL', toolUrl(config, 'devlake'))}/api` };
}

export interface PlumbingContext {
  readonly config: ResolvedConfig;
  readonly tools: Tools;
  readonly secrets: SecretStore;
  readonly hubContext: string;
  /** Steps GitLab's plumbing waits for (GitLab installed, its host in DNS). */
  readonly after: readonly string[];
  /** Steps DevLake's setup waits for (DevLake installed, its host in DNS). Default: `after`. */
  readonly devlakeAfter?: readonly string[];
  readonly urls?: { gitlab: string; devlake: string };
  readonly wait: WaitOptions;
  /**
   * Hooks of application projects that do not exist yet only warn (the bootstrap: repositories are
   * made later by the onboard-service golden path; `scripts/git-plumbing.ts` registers them then).
   */
  readonly hooksBestEffort?: boolean;
  readonly now?: () => Date;
}

/**
 * Git plumbing and DORA setup as one dependency graph: the root token, then GitLab's groups, project,
 * scoped tokens and hooks, then DevLake's project, connections, scopes and blueprint (whose GitLab
 * connections read the tokens the GitLab steps stored). Credentials are read on first use: a dry run
 * or a run where every check passes reads only what the checks need.
 */
export function plumbingSteps(ctx: PlumbingContext): Step[] {
  const { config, secrets } = ctx;
  if (config.git.provider !== 'hub-gitlab') return [];
  const urls = ctx.urls ?? apiBaseUrls(config);
  const gitlabWith = (token: string) => restApi(urls.gitlab, { 'PRIVATE-TOKEN': token });
  const gitlab = lazyApi(async () => gitlabWith((await secrets.get(platformSecretName(config, { id: GITLAB_ROOT_TOKEN_SECRET_ID }))).token));
  const devlake = lazyApi(async () => {
    const { username, password } = await secrets.get(platformSecretName(config, { id: 'devlake/ui' }));
    return restApi(urls.devlake, { Authorization: `Basic ${Buffer.from(`${username}:${password}`).toString('base64')}` });
  });
  const root = gitlabRootTokenStep({ config, tools: ctx.tools, secrets, gitlabWith, hubContext: ctx.hubContext, after: ctx.after, wait: ctx.wait, now: ctx.now });
  // DevLake is best effort in the waves: wait until its API answers (`GET /ping`, apache/devlake
  // backend/server/api/router.go) behind the config UI's basic auth.
  const ping = async () => {
    const status = await statusOrUnreachable(devlake, '/ping');
    // Refused credentials never get better by waiting.
    if (status === 401 || status === 403) throw new Error(`DevLake refused the basic auth of Secrets Manager ${platformSecretName(config, { id: 'devlake/ui' })} (${status})`);
    return status === 200;
  };
  const devlakeUp: Step = {
    name: 'devlake-api',
    description: 'wait until DevLake\'s API answers',
    commands: [`GET ${urls.devlake}/ping`],
    target: { account: config.hub.account, region: config.hub.region, cluster: config.hub.clusterName },
    after: [...(ctx.devlakeAfter ?? ctx.after)],
    typicalMinutes: 0.1,
    check: ping,
    apply: () => waitFor(ctx.wait, 'DevLake\'s API', ping),
  };
  const git = gitlabPlumbingSteps({ config, gitlab, secrets, now: ctx.now }).map((s) => ({
    ...s,
    after: [...s.after, root.name],
    ...(ctx.hooksBestEffort && s.name.startsWith('gitlab:hook:') ? { bestEffort: true } : {}),
  }));
  const tokenSteps = git.filter((s) => s.name.startsWith('gitlab:token:')).map((s) => s.name);
  const hooks = git.filter((s) => s.name.startsWith('gitlab:hook:')).map((s) => s.name);
  // DevLake's GitLab connections read the stored tokens; its scopes are the projects the hooks found.
  const dora = devlakeSetupSteps({ config, devlake, gitlab, secrets }).map((s) => ({ ...s, after: [...s.after, devlakeUp.name, ...tokenSteps, ...(s.name.startsWith('devlake:scopes:') ? hooks : [])],
    // Scopes name application projects, which may not exist yet at bootstrap time (like their hooks).
    ...(ctx.hooksBestEffort && s.name.startsWith('devlake:scopes:') ? { bestEffort: true } : {}),
  }));
  const target = { account: config.hub.account, region: config.hub.region, cluster: config.hub.clusterName };
  const runner = gitlabRunnerEnabled(config)
    ? [gitlabRunnerTokenStep({
      config, gitlab, secrets, after: [root.name],
      seed: { tools: ctx.tools, secrets, hubContext: ctx.hubContext, target },
      externalSecret: () => platformExternalSecret(config, addonById('gitlab').namespace, GITLAB_RUNNER.kubernetesSecret),
    })]
    : [];
  return [root, ...git, ...runner, ...(dora.length ? [devlakeUp, ...dora] : [])];
}
