import { join } from 'node:path';
import type { ResolvedConfig } from '../../config/resolved-config';
import { GITLAB_ROOT_TOKEN_SECRET_ID } from '../../contract/application-ci';
import { PLATFORM_SECRETS, platformSecretName } from '../../contract/platform-secrets';
import { ARGOCD_NAMESPACE } from '../../contract/names';
import { addonById } from '../../catalog/registry';
import { ARGOCD_REPO_CREDS_SECRET } from '../../gitops/charts/git-credentials';
import { GITLAB_OMNIAUTH_SECRET } from '../../gitops/charts/gitlab-omniauth';
import { LAYOUT } from '../../gitops/gitops-layout';
import type { Step, StepTarget } from '../lib/plan';
import { show, Tools } from '../lib/tools';
import type { SecretStore } from './rest-api';
import { seedSecretsStep } from './seed-secrets';
import { waitFor, WaitOptions, WaitTimeout } from './wait-for';

/** Step names other steps order themselves after. */
export const GITLAB_SECRETS_STEP = 'gitlab-secrets';
export const GITLAB_STEP = 'gitlab';
export const REPO_CREDS_STEP = 'repo-creds';
export const GITOPS_REPO_STEP = 'gitops-repo';

export interface HubGitlabContext {
  readonly config: ResolvedConfig;
  readonly tools: Tools;
  readonly secrets: SecretStore;
  readonly hubContext: string;
  readonly wait: WaitOptions;
  readonly target: StepTarget;
  /** The hub is reachable and has nodes (kubeconfig, cluster-base). */
  readonly hubReady: readonly string[];
  /** Argo CD is installed (its namespace exists for the repository credentials). */
  readonly argocd: string;
  /** `*.<domain>` points at the hub's ALB. */
  readonly dns: string;
  /** The platform project exists in GitLab (git plumbing). */
  readonly project: string;
  /** Argo CD's read token is in Secrets Manager (git plumbing). */
  readonly argocdToken: string;
}

/**
 * The hub-GitLab part of the bootstrap, in the only order that can converge: Argo CD reads the platform
 * repository from this GitLab, so GitLab, its host name, the repository and Argo CD's credentials must
 * all exist before the root Application, and nothing on the way may wait for Argo CD or External Secrets.
 * 1. `gitlab-secrets`: the Secrets GitLab's values name at install (root password, OIDC provider), seeded
 *    from Secrets Manager (External Secrets adopts them later).
 * 2. `gitlab`: `helm upgrade --install` with the rendered values (Argo CD adopts the release later),
 *    then wait for the web service and the toolbox only. Not `--wait`: the bundled runner cannot start
 *    before the bootstrap has registered it, which needs GitLab's API.
 * 3. (reachability) `dns` once GitLab's Ingress has made the ALB; (plumbing) the root token, groups, the
 *    project, scoped tokens and the runner, through GitLab's public URL.
 * 4. `repo-creds`: Argo CD's repository credentials, seeded (External Secrets adopts them later).
 * 5. `gitops-repo`: `git push` of this repository, authenticated with the root token through git's
 *    environment (`GIT_CONFIG_*`, https://git-scm.com/docs/git-config#ENVIRONMENT), never argv.
 */
export function hubGitlabSteps(ctx: HubGitlabContext): Step[] {
  const { config, tools } = ctx;
  const gitlab = addonById('gitlab');
  const rootPassword = PLATFORM_SECRETS.find((s) => s.id === 'gitlab/root')!.targets[0].secretName;
  const seed = { tools, secrets: ctx.secrets, hubContext: ctx.hubContext, target: ctx.target };
  const steps: Step[] = [];

  steps.push(seedSecretsStep({
    ...seed,
    name: GITLAB_SECRETS_STEP,
    description: 'seed the Secrets GitLab needs at install (root password, OIDC provider) from Secrets Manager',
    after: ctx.hubReady,
    config,
    targets: [{ namespace: gitlab.namespace, name: rootPassword }, { namespace: gitlab.namespace, name: GITLAB_OMNIAUTH_SECRET.secret }],
  }));

  const values = join(config.git.basePath, LAYOUT.addonValues, gitlab.id, 'values.yaml');
  const install = ['helm', 'upgrade', '--install', gitlab.id, gitlab.chart.chart, '--repo', gitlab.chart.repoURL, '--version', gitlab.chart.version, '--namespace', gitlab.namespace, '--create-namespace', '--kube-context', ctx.hubContext, '--values', values, '--timeout', '30m'];
  // The GitLab chart's Deployments (https://docs.gitlab.com/charts/charts/gitlab/webservice/, …/toolbox/).
  const available = (timeout: string) => ['kubectl', 'wait', '--context', ctx.hubContext, '--namespace', gitlab.namespace, '--for=condition=Available', `deployment/${gitlab.id}-webservice-default`, `deployment/${gitlab.id}-toolbox`, `--timeout=${timeout}`];
  steps.push({
    name: GITLAB_STEP,
    description: `install GitLab ${gitlab.chart.version} on the hub with the rendered values (Argo CD adopts the release later); wait for its web service and toolbox`,
    commands: [show(install), show(available('60s'))],
    target: ctx.target,
    after: [GITLAB_SECRETS_STEP],
    typicalMinutes: 15,
    check: async () => (await tools.ok('helm', 'status', gitlab.id, '--namespace', gitlab.namespace, '--kube-context', ctx.hubContext)) && (await tools.ok(...available('5s'))),
    apply: async () => {
      if (!(await tools.ok('helm', 'status', gitlab.id, '--namespace', gitlab.namespace, '--kube-context', ctx.hubContext))) await tools.run(...install);
      // On a timeout, say what kubectl last answered (e.g. a Secret the pods cannot find).
      let last = '';
      await waitFor(ctx.wait, 'GitLab\'s web service and toolbox to be Available', async () => {
        const r = await tools.capture(...available('60s'));
        last = r.stderr.trim().split('\n').slice(-1)[0] ?? '';
        return r.exitCode === 0;
      }).catch((e) => {
        throw e instanceof WaitTimeout && last ? new Error(`${e.message}; kubectl last said: ${last}`) : e;
      });
    },
  });

  // Self-managed Argo CD reads the repository with these credentials (the managed capability keeps
  // repositories in its own API): rendered when Argo CD is a hub add-on (gitops/charts/git-credentials.ts).
  if (config.hub.addons.includes('argo-cd')) {
    steps.push(seedSecretsStep({
      ...seed,
      name: REPO_CREDS_STEP,
      description: 'seed Argo CD\'s repository credentials (the platform group\'s read token) before the root Application',
      after: [ctx.argocd, ctx.argocdToken],
      config,
      targets: [{ namespace: ARGOCD_NAMESPACE, name: ARGOCD_REPO_CREDS_SECRET }],
    }));
  }

  const rootToken = platformSecretName(config, { id: GITLAB_ROOT_TOKEN_SECRET_ID });
  const gitEnv = async () => {
    const { token } = await ctx.secrets.get(rootToken);
    if (!token) throw new Error(`Secrets Manager ${rootToken} has no "token": run the gitlab-root-token step`);
    // Scoped to the GitLab host: git sends the header to nothing else.
    return { GIT_CONFIG_COUNT: '1', GIT_CONFIG_KEY_0: `http.${new URL(config.git.url).origin}/.extraHeader`, GIT_CONFIG_VALUE_0: `Authorization: Basic ${Buffer.from(`root:${token}`).toString('base64')}` };
  };
  const push = ['git', 'push', config.git.url, `HEAD:refs/heads/${config.git.revision}`];
  const remoteHead = ['git', 'ls-remote', config.git.url, `refs/heads/${config.git.revision}`];
  steps.push({
    name: GITOPS_REPO_STEP,
    description: 'push this repository, history included, to the platform project (authenticated as root through git\'s environment)',
    commands: [show(push)],
    target: ctx.target,
    after: [ctx.project, ctx.dns],
    typicalMinutes: 0.5,
    check: async () => {
      if (!(await ctx.secrets.exists(rootToken))) return false;
      const remote = (await tools.runWithEnv(await gitEnv(), ...remoteHead).catch(() => '')).split('\t')[0];
      return remote !== '' && remote === (await tools.run('git', 'rev-parse', 'HEAD'));
    },
    apply: async () => {
      await tools.runWithEnv(await gitEnv(), ...push);
    },
  });
  return steps;
}
