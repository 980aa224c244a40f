import type { ResolvedConfig } from '../../config/resolved-config';
import { GITLAB_ROOT_TOKEN_SECRET_ID } from '../../contract/application-ci';
import { platformSecretName } from '../../contract/platform-secrets';
import { addonById } from '../../catalog/registry';
import type { Step } from '../lib/plan';
import { show, Tools } from '../lib/tools';
import { RestApi, SecretStore, statusOrUnreachable } from './rest-api';
import { waitFor, WaitOptions } from './wait-for';

/** Name of the root's personal access token the plumbing authenticates with (one live token of this name). */
export const rootTokenName = (config: Pick<ResolvedConfig, 'resourcePrefix'>) => `${config.resourcePrefix}-platform-automation`;
/** The root token is renewed this many days before it expires (GitLab caps a token's lifetime at a year). */
export const ROOT_TOKEN_RENEW_DAYS = 30;
const LIFETIME_DAYS = 364;
const DAY = 86_400_000;

/**
 * Ruby run by `gitlab-rails runner` in GitLab's toolbox pod (https://docs.gitlab.com/charts/charts/gitlab/toolbox/):
 * it revokes the root's live tokens of that name, creates one with the given scopes and expiry and
 * writes only its value to stdout (https://docs.gitlab.com/user/profile/personal_access_tokens/#create-a-personal-access-token-programmatically).
 * A constant: the name, scopes and expiry arrive as JSON on stdin, never spliced into the code. The
 * organization is set where the GitLab version has one (personal access tokens belong to one since 17.x).
 */
export const ROOT_TOKEN_RUBY = [
  'p = JSON.parse($stdin.read)',
  "u = User.find_by_username!('root')",
  "u.personal_access_tokens.active.where(name: p.fetch('name')).each(&:revoke!)",
  "a = { name: p.fetch('name'), scopes: p.fetch('scopes'), expires_at: Date.parse(p.fetch('expires_at')) }",
  "a[:organization] = Organizations::Organization.default_organization if PersonalAccessToken.column_names.include?('organization_id')",
  't = u.personal_access_tokens.create!(a)',
  '$stdout.write(t.token)',
].join('; ');

export interface RootTokenContext {
  readonly config: ResolvedConfig;
  readonly tools: Tools;
  readonly secrets: SecretStore;
  /** GitLab's API at `<gitlab url>/api/v4` authenticated with the given token (the check calls it). */
  readonly gitlabWith: (token: string) => RestApi;
  /** kubeconfig context of the hub. */
  readonly hubContext: string;
  readonly after: readonly string[];
  /** How long to wait for GitLab's API (best effort in the waves: it may still be starting). */
  readonly wait: WaitOptions;
  readonly now?: () => Date;
}

/**
 * The root's API token for the git plumbing, obtained idempotently: done when Secrets Manager holds a
 * token GitLab accepts that expires in more than 30 days (`GET /personal_access_tokens/self`,
 * https://docs.gitlab.com/api/personal_access_tokens/#get-details-on-a-personal-access-token); else a
 * new one is made in the toolbox pod (the root logs in with `global.initialRootPassword`, which the
 * hub stack generates; nobody needs it here). The value goes from kubectl's stdout straight to Secrets
 * Manager through a 0600 file (rest-api.ts): never argv, never the run log.
 */
export function gitlabRootTokenStep(ctx: RootTokenContext): Step {
  const { config, tools, secrets } = ctx;
  const now = ctx.now ?? (() => new Date());
  const gitlab = addonById('gitlab');
  const secretName = platformSecretName(config, { id: GITLAB_ROOT_TOKEN_SECRET_ID });
  const toolbox = `deployment/${gitlab.id}-toolbox`;
  const wait = ['kubectl', 'wait', '--context', ctx.hubContext, '--namespace', gitlab.namespace, '--for=condition=Available', toolbox, '--timeout=30m'];
  const runner = ['kubectl', 'exec', '--stdin', '--context', ctx.hubContext, '--namespace', gitlab.namespace, toolbox, '--', 'gitlab-rails', 'runner', ROOT_TOKEN_RUBY];
  return {
    name: 'gitlab-root-token',
    description: `root API token (scope api, ${LIFETIME_DAYS} days) made in GitLab's toolbox → Secrets Manager ${secretName}`,
    commands: [show(wait), show([...runner.slice(0, -1), '<ruby: revoke + create token, name/scopes/expiry on stdin>']), `aws secretsmanager put-secret-value --secret-id ${secretName}`],
    target: { account: config.hub.account, region: config.hub.region, cluster: config.hub.clusterName },
    after: [...ctx.after],
    typicalMinutes: 1,
    check: async () => {
      if (!(await secrets.exists(secretName))) return false;
      const { token } = await secrets.get(secretName);
      if (!token) return false;
      const r = await ctx.gitlabWith(token).call('GET', '/personal_access_tokens/self');
      // 401: revoked, expired or never valid (e.g. GitLab was reinstalled): make a new one.
      if (r.status === 401) return false;
      if (r.status !== 200) throw new Error(`GET /personal_access_tokens/self: GitLab answered ${r.status}`);
      const expires = r.body?.expires_at ? new Date(r.body.expires_at).getTime() : 0;
      return r.body?.active === true && r.body?.scopes?.includes('api') && expires - now().getTime() > ROOT_TOKEN_RENEW_DAYS * DAY;
    },
    apply: async () => {
      await tools.run(...wait);
      const expires_at = new Date(now().getTime() + LIFETIME_DAYS * DAY).toISOString().slice(0, 10);
      const token = await tools.runWithInput(JSON.stringify({ name: rootTokenName(config), scopes: ['api'], expires_at }), ...runner);
      if (!/^[\w.-]{20,}$/.test(token)) throw new Error('the toolbox printed no token (see the GitLab toolbox pod\'s logs)');
      await secrets.put(secretName, { token });
      // The next steps call GitLab's API: wait until it answers and accepts the token (webservice may
      // still be starting; a refused connection means "not yet").
      await waitFor(ctx.wait, 'GitLab\'s API to accept the new root token', async () => (await statusOrUnreachable(ctx.gitlabWith(token), '/personal_access_tokens/self')) === 200);
    },
  };
}
