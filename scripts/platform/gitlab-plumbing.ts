import type { ResolvedConfig } from '../../config/resolved-config';
import { applicationProjectPath, ciWebhookUrl, GitToken, GIT_TOKENS, gitTokenSecretName, platformProjectPath } from '../../contract/application-ci';
import { platformSecretName } from '../../contract/platform-secrets';
import type { Step } from '../lib/plan';
import type { RestApi, SecretStore } from './rest-api';

/**
 * Git plumbing on the hub's GitLab, from the config, through GitLab's REST API (v4), as idempotent steps:
 * - groups: the platform group and one per team (https://docs.gitlab.com/api/groups/);
 * - the platform (GitOps) project (https://docs.gitlab.com/api/projects/);
 * - scoped group access tokens (contract GIT_TOKENS), stored in Secrets Manager, rotated when they near
 *   expiry (https://docs.gitlab.com/api/group_access_tokens/ — list, create, rotate);
 * - a project hook on every application repository calling the CI event source with the secret token
 *   (https://docs.gitlab.com/api/project_webhooks/).
 * Every `check` only reads; a second run finds everything and creates nothing.
 */
export interface GitlabPlumbingContext {
  readonly config: ResolvedConfig;
  /** GitLab's API at `<gitlab url>/api/v4`, authenticated with the root token from Secrets Manager. */
  readonly gitlab: RestApi;
  readonly secrets: SecretStore;
  /** Today (tests pin it). */
  readonly now?: () => Date;
}

/** Tokens are renewed this many days before they expire (GitLab caps a token's lifetime at 365 days). */
export const RENEW_DAYS_BEFORE_EXPIRY = 30;
const LIFETIME_DAYS = 364;

const DAY = 86_400_000;
const enc = (path: string) => encodeURIComponent(path);
const tokenName = (config: ResolvedConfig, t: GitToken) => `${config.resourcePrefix}-${t.id}`;

interface GitlabToken { id: number; name: string; active: boolean; revoked: boolean; expires_at: string | null; scopes: string[] }

export function gitlabPlumbingSteps(ctx: GitlabPlumbingContext): Step[] {
  const { config, gitlab, secrets } = ctx;
  const now = ctx.now ?? (() => new Date());
  if (config.git.provider !== 'hub-gitlab') return [];
  const target = { account: config.hub.account, region: config.hub.region, cluster: config.hub.clusterName };
  const step = (s: Omit<Step, 'target' | 'typicalMinutes'>): Step => ({ target, typicalMinutes: 0.1, ...s });
  const exists = async (path: string) => {
    const r = await gitlab.call('GET', path);
    if (r.status === 404) return false;
    if (r.status !== 200) throw new Error(`GET ${path}: GitLab answered ${r.status}`);
    return true;
  };
  const must = async (method: 'POST' | 'PUT', path: string, body: Record<string, unknown>) => {
    const r = await gitlab.call(method, path, body);
    if (r.status < 200 || r.status > 299) throw new Error(`${method} ${path}: GitLab answered ${r.status} ${JSON.stringify(r.body?.message ?? r.body?.error ?? '')}`);
    return r.body;
  };
  const groupId = async (path: string): Promise<number> => {
    const r = await gitlab.call('GET', `/groups/${enc(path)}`);
    if (r.status !== 200) throw new Error(`group ${path} not found (GitLab answered ${r.status}); run its gitlab:group step first`);
    return r.body.id;
  };

  const platform = platformProjectPath(config);
  const groups = [platform.group, ...config.teams.map((t) => t.name)];
  const steps: Step[] = groups.map((path) => step({
    name: `gitlab:group:${path}`,
    description: `GitLab group ${path}`,
    commands: [`POST /api/v4/groups path=${path}`],
    after: [],
    check: () => exists(`/groups/${enc(path)}`),
    apply: async () => { await must('POST', '/groups', { name: path, path, visibility: 'private' }); },
  }));

  steps.push(step({
    name: 'gitlab:project:platform',
    description: `GitOps repository ${platform.group}/${platform.project}`,
    commands: [`POST /api/v4/projects namespace=${platform.group} path=${platform.project}`],
    after: [`gitlab:group:${platform.group}`],
    check: () => exists(`/projects/${enc(`${platform.group}/${platform.project}`)}`),
    apply: async () => {
      await must('POST', '/projects', { name: platform.project, path: platform.project, namespace_id: await groupId(platform.group), visibility: 'private', default_branch: config.git.revision });
    },
  }));

  for (const t of GIT_TOKENS) {
    for (const team of t.group === 'team' ? config.teams.map((x) => x.name) : [undefined]) {
      const group = team ?? platform.group;
      const secretName = gitTokenSecretName(config, t, team);
      const current = async (): Promise<GitlabToken | undefined> => {
        const r = await gitlab.call('GET', `/groups/${enc(group)}/access_tokens`);
        if (r.status !== 200) throw new Error(`GET access tokens of ${group}: GitLab answered ${r.status}`);
        return (r.body as GitlabToken[]).find((x) => x.name === tokenName(config, t) && x.active && !x.revoked);
      };
      const fresh = (tok: GitlabToken) => !!tok.expires_at && new Date(tok.expires_at).getTime() - now().getTime() > RENEW_DAYS_BEFORE_EXPIRY * DAY;
      steps.push(step({
        name: `gitlab:token:${t.id}${team ? `:${team}` : ''}`,
        description: `${t.scopes.join('+')} token on ${group} for ${t.why} → Secrets Manager ${secretName}`,
        commands: [`POST /api/v4/groups/${group}/access_tokens name=${tokenName(config, t)} scopes=${t.scopes.join(',')}`, `aws secretsmanager put-secret-value --secret-id ${secretName}`],
        after: [`gitlab:group:${group}`],
        check: async () => {
          const tok = await current();
          return !!tok && fresh(tok) && (await secrets.exists(secretName));
        },
        apply: async () => {
          const expires_at = new Date(now().getTime() + LIFETIME_DAYS * DAY).toISOString().slice(0, 10);
          const tok = await current();
          // A live token whose value was lost (or that nears expiry) is rotated, never duplicated: the
          // value is only ever returned when a token is created or rotated.
          const created = tok
            ? await must('POST', `/groups/${enc(group)}/access_tokens/${tok.id}/rotate`, { expires_at })
            : await must('POST', `/groups/${enc(group)}/access_tokens`, { name: tokenName(config, t), scopes: [...t.scopes], access_level: t.accessLevel, expires_at });
          // Any non-empty user name works with a group access token over HTTPS; the bot's own name is kept.
          await secrets.put(secretName, { token: created.token, username: created.user_name ?? `${tokenName(config, t)}-bot` });
        },
      }));
    }
  }

  const hookUrl = ciWebhookUrl(config);
  for (const app of config.applications) {
    const project = applicationProjectPath(app);
    const hooksPath = `/projects/${enc(project)}/hooks`;
    steps.push(step({
      name: `gitlab:hook:${project}`,
      description: `push and tag hook of ${project} → ${hookUrl}`,
      commands: [`POST /api/v4${hooksPath} url=${hookUrl}`],
      after: [`gitlab:group:${app.team}`],
      check: async () => {
        const r = await gitlab.call('GET', hooksPath);
        if (r.status === 404) return false;
        if (r.status !== 200) throw new Error(`GET ${hooksPath}: GitLab answered ${r.status}`);
        return (r.body as { url: string; push_events: boolean; tag_push_events: boolean }[]).some((h) => h.url === hookUrl && h.push_events && h.tag_push_events);
      },
      apply: async () => {
        if (!(await exists(`/projects/${enc(project)}`))) {
          throw new Error(`application ${app.name}: GitLab project ${project} does not exist; create it with the onboard-service golden path, then re-run`);
        }
        const { token } = await secrets.get(platformSecretName(config, { id: 'gitlab/webhook-token' }));
        if (!token) throw new Error(`Secrets Manager ${platformSecretName(config, { id: 'gitlab/webhook-token' })} has no "token": deploy the hub stack first`);
        await must('POST', hooksPath, { url: hookUrl, token, push_events: true, tag_push_events: true, merge_requests_events: false, enable_ssl_verification: true });
      },
    }));
  }
  return steps;
}
