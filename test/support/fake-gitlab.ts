import { randomBytes } from 'node:crypto';
import { createServer, IncomingMessage, Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A stand-in for GitLab's REST API v4: the endpoints the git plumbing job calls, answering with the
 * status codes and fields GitLab documents, with in-memory state and a record of every request.
 * - groups: GET /groups/:id (id or URL-encoded path), POST /groups (400 "has already been taken")
 *   https://docs.gitlab.com/api/groups/
 * - projects: GET /projects/:id, POST /projects (namespace_id required here; 400 when taken)
 *   https://docs.gitlab.com/api/projects/
 * - group access tokens: GET/POST /groups/:id/access_tokens, POST …/:token_id/rotate (the old token is
 *   revoked, a new one with the same name returned) https://docs.gitlab.com/api/group_access_tokens/
 * - project hooks: GET/POST /projects/:id/hooks (the secret token is never returned)
 *   https://docs.gitlab.com/api/project_webhooks/
 * - the root's personal access tokens: GET /personal_access_tokens/self (the calling token's own
 *   details; 401 for a revoked or unknown one) https://docs.gitlab.com/api/personal_access_tokens/
 * - the toolbox pod's `gitlab-rails runner` (POST /__toolbox/rails-runner, the stand-in kubectl exec's
 *   way in): only the root-token script of scripts/platform/gitlab-root-token.ts is modelled — it must
 *   be that exact code; its JSON stdin names the token; live root tokens of that name are revoked and a
 *   new one is returned as the only output, like the script's `$stdout.write(t.token)`.
 * - instance runners: POST /user/runners (returns the `glrt-` authentication token once), GET /runners/all,
 *   POST /runners/:id/reset_authentication_token, DELETE /runners/:id
 *   (https://docs.gitlab.com/api/users/#create-a-runner-linked-to-a-user, https://docs.gitlab.com/api/runners/);
 *   POST /runners/verify authenticates with the runner's token in the body (200, else 403), no PRIVATE-TOKEN
 * - git over HTTPS (POST /__git/access, the stand-in git's way in): `Authorization: Basic user:token` with a live
 *   root token (GitLab takes a personal access token as the password: https://docs.gitlab.com/user/profile/personal_access_tokens/),
 *   401 without; 404 for a project that does not exist.
 * Every other call needs `PRIVATE-TOKEN` = the initial root token or a live root personal access token, else 401.
 * Each request is recorded with the time it arrived (`at`), so tests can order it against CLI calls.
 */
export interface FakeGitlabState {
  groups: { id: number; path: string }[];
  projects: { id: number; path: string; namespace_id: number; default_branch?: string }[];
  tokens: { id: number; group: string; name: string; scopes: string[]; access_level: number; expires_at: string; active: boolean; revoked: boolean; token: string }[];
  hooks: { id: number; project: string; url: string; token?: string; push_events: boolean; tag_push_events: boolean }[];
  /** The root user's personal access tokens. */
  rootTokens: { id: number; name: string; scopes: string[]; expires_at: string; active: boolean; revoked: boolean; token: string }[];
  /** Runners and their current authentication tokens. */
  runners: { id: number; description: string; runner_type: string; run_untagged: boolean; paused: boolean; token: string }[];
  /** Git requests that got through (`push` or `read`, and the project path). */
  gitAccess: { path: string; access: string }[];
}

export interface FakeGitlabOptions {
  /** The code the toolbox runner accepts (the real script's, so a changed script is a changed contract). */
  readonly runnerCode?: string;
  /** Called after every change of state or request record, before the answer is sent. */
  readonly onChange?: (gitlab: Pick<FakeGitlab, 'state' | 'requests'>) => void;
}

export interface FakeGitlab {
  readonly url: string;
  readonly state: FakeGitlabState;
  readonly requests: { method: string; path: string; body?: any; at: number }[];
  close(): Promise<void>;
}

const body = (req: IncomingMessage) => new Promise<any>((resolve) => {
  let data = '';
  req.on('data', (c) => { data += c; });
  req.on('end', () => resolve(data ? JSON.parse(data) : undefined));
});

export async function startFakeGitlab(rootToken: string | undefined, seed: Partial<FakeGitlabState> = {}, opts: FakeGitlabOptions = {}): Promise<FakeGitlab> {
  const state: FakeGitlabState = { groups: [], projects: [], tokens: [], hooks: [], rootTokens: [], runners: [], gitAccess: [], ...structuredClone(seed) };
  const requests: FakeGitlab['requests'] = [];
  let next = 100;
  const groupOf = (id: string) => state.groups.find((g) => String(g.id) === id || g.path === id);
  const projectOf = (id: string) => state.projects.find((p) => String(p.id) === id || p.path === id);
  const server: Server = createServer(async (req, res) => {
    const send = (status: number, payload?: unknown) => { opts.onChange?.({ state, requests }); res.writeHead(status, { 'Content-Type': 'application/json' }); res.end(payload === undefined ? '' : JSON.stringify(payload)); };
    const url = new URL(req.url!, 'http://x');
    const input = await body(req);
    const path = url.pathname.replace(/^\/api\/v4/, '');
    // The runner's stdin carries no secret, but its answer does: record the call, never the answer.
    // Git's credentials and a runner's token are never recorded.
    const recorded = path === '/runners/verify' ? undefined : path === '/__git/access' ? { path: input?.path, access: input?.access } : input;
    requests.push({ method: req.method!, path, ...(recorded === undefined ? {} : { body: recorded }), at: Date.now() });
    const liveRoot = (token: string | undefined) => token !== undefined && (token === rootToken || state.rootTokens.some((t) => t.token === token && t.active));
    if (path === '/__git/access' && req.method === 'POST') {
      const basic = /^Basic (.+)$/.exec(input?.authorization ?? '');
      const password = basic ? Buffer.from(basic[1], 'base64').toString('utf8').split(':').slice(1).join(':') : undefined;
      if (!liveRoot(password)) return send(401, { message: 'HTTP Basic: Access denied' });
      if (!state.projects.some((p) => p.path === input.path)) return send(404, { message: 'project not found' });
      state.gitAccess.push({ path: input.path, access: input.access });
      return send(200, {});
    }
    if (path === '/runners/verify' && req.method === 'POST') {
      const r = state.runners.find((x) => x.token === input?.token);
      return r ? send(200, { id: r.id, token: r.token, token_expires_at: null }) : send(403, { message: '403 Forbidden' });
    }
    if (path === '/__toolbox/rails-runner' && req.method === 'POST') {
      if (input?.code !== opts.runnerCode) return send(500, { message: 'stand-in toolbox: only the root-token script is modelled' });
      const p = JSON.parse(input.stdin);
      for (const t of state.rootTokens) if (t.name === p.name && t.active) { t.active = false; t.revoked = true; }
      const t = { id: next++, name: p.name, scopes: p.scopes, expires_at: p.expires_at, active: true, revoked: false, token: `glpat-${randomBytes(10).toString('hex')}` };
      state.rootTokens.push(t);
      return send(200, { stdout: t.token });
    }
    const caller = state.rootTokens.find((t) => t.token === req.headers['private-token'] && t.active);
    if (!caller && (rootToken === undefined || req.headers['private-token'] !== rootToken)) return send(401, { message: '401 Unauthorized' });
    if (path === '/personal_access_tokens/self' && req.method === 'GET') {
      if (!caller) return send(404, { message: '404 Not Found' });
      const { token: _secret, ...self } = caller;
      return send(200, self);
    }
    // Path segments arrive URL-encoded (`platform%2Facme`), as GitLab requires for paths as ids.
    const seg = url.pathname.split('/').slice(3).map(decodeURIComponent);
    const [kind, id, sub, subId, action] = seg;
    const m = req.method;
    if (kind === 'groups' && !id && m === 'POST') {
      if (state.groups.some((g) => g.path === input.path)) return send(400, { message: { path: ['has already been taken'] } });
      const g = { id: next++, path: input.path };
      state.groups.push(g);
      return send(201, { id: g.id, full_path: g.path });
    }
    if (kind === 'groups' && id && !sub && m === 'GET') {
      const g = groupOf(id);
      return g ? send(200, { id: g.id, full_path: g.path }) : send(404, { message: '404 Group Not Found' });
    }
    if (kind === 'groups' && sub === 'access_tokens') {
      const g = groupOf(id);
      if (!g) return send(404, { message: '404 Group Not Found' });
      if (m === 'GET' && !subId) return send(200, state.tokens.filter((t) => t.group === g.path).map(({ token: _secret, group: _g, ...t }) => t));
      const issue = (name: string, scopes: string[], access_level: number, expires_at: string) => {
        const t = { id: next++, group: g.path, name, scopes, access_level, expires_at, active: true, revoked: false, token: `glgat-${'x'.repeat(12)}${next}${Math.random().toString(36).slice(2, 12)}` };
        state.tokens.push(t);
        return t;
      };
      if (m === 'POST' && !subId) {
        if (!input.name || !Array.isArray(input.scopes) || !input.expires_at) return send(400, { error: 'name, scopes, expires_at are required' });
        const t = issue(input.name, input.scopes, input.access_level ?? 40, input.expires_at);
        return send(201, { id: t.id, name: t.name, scopes: t.scopes, access_level: t.access_level, expires_at: t.expires_at, active: true, revoked: false, token: t.token });
      }
      if (m === 'POST' && subId && action === 'rotate') {
        const old = state.tokens.find((t) => String(t.id) === subId && t.group === g.path && t.active);
        if (!old) return send(404, { message: '404 Not Found' });
        old.active = false; old.revoked = true;
        const t = issue(old.name, old.scopes, old.access_level, input?.expires_at ?? old.expires_at);
        return send(200, { id: t.id, name: t.name, scopes: t.scopes, access_level: t.access_level, expires_at: t.expires_at, active: true, revoked: false, token: t.token });
      }
    }
    const runnerToken = () => `glrt-${randomBytes(10).toString('hex')}`;
    if (kind === 'user' && id === 'runners' && m === 'POST') {
      if (!['instance_type', 'group_type', 'project_type'].includes(input?.runner_type)) return send(400, { error: 'runner_type does not have a valid value' });
      const r = { id: next++, description: input.description ?? '', runner_type: input.runner_type, run_untagged: input.run_untagged ?? true, paused: input.paused ?? false, token: runnerToken() };
      state.runners.push(r);
      return send(201, { id: r.id, token: r.token, token_expires_at: null });
    }
    if (kind === 'runners' && id === 'all' && m === 'GET') {
      const type = url.searchParams.get('type');
      return send(200, state.runners.filter((r) => !type || r.runner_type === type).map(({ token: _secret, ...r }) => ({ ...r, is_shared: r.runner_type === 'instance_type', status: 'never_contacted' })));
    }
    if (kind === 'runners' && id && sub === 'reset_authentication_token' && m === 'POST') {
      const r = state.runners.find((x) => String(x.id) === id);
      if (!r) return send(404, { message: '404 Runner Not Found' });
      r.token = runnerToken();
      return send(201, { token: r.token, token_expires_at: null });
    }
    if (kind === 'runners' && id && !sub && m === 'DELETE') {
      const before = state.runners.length;
      state.runners = state.runners.filter((x) => String(x.id) !== id);
      return state.runners.length < before ? send(204) : send(404, { message: '404 Runner Not Found' });
    }
    if (kind === 'projects' && !id && m === 'POST') {
      const ns = state.groups.find((g) => g.id === input.namespace_id);
      if (!ns) return send(404, { message: '404 Namespace Not Found' });
      const p = { id: next++, path: `${ns.path}/${input.path}`, namespace_id: ns.id, default_branch: input.default_branch };
      if (state.projects.some((x) => x.path === p.path)) return send(400, { message: { path: ['has already been taken'] } });
      state.projects.push(p);
      return send(201, { id: p.id, path_with_namespace: p.path });
    }
    if (kind === 'projects' && id && !sub && m === 'GET') {
      const p = projectOf(id);
      return p ? send(200, { id: p.id, path_with_namespace: p.path }) : send(404, { message: '404 Project Not Found' });
    }
    if (kind === 'projects' && sub === 'hooks') {
      const p = projectOf(id);
      if (!p) return send(404, { message: '404 Project Not Found' });
      if (m === 'GET') return send(200, state.hooks.filter((h) => h.project === p.path).map(({ token: _secret, project: _p, ...h }) => h));
      if (m === 'POST') {
        const h = { id: next++, project: p.path, url: input.url, token: input.token, push_events: input.push_events ?? true, tag_push_events: input.tag_push_events ?? false };
        state.hooks.push(h);
        return send(201, { id: h.id, url: h.url, push_events: h.push_events, tag_push_events: h.tag_push_events });
      }
    }
    return send(404, { message: `404 ${m} ${path} not modelled` });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/api/v4`,
    state,
    requests,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
