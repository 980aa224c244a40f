import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ciWebhookUrl, GIT_TOKENS } from '../../contract/application-ci';
import { devlakeGitlabConnection, devlakeProjectName, devlakeWebhookConnection } from '../../contract/dora';
import { ROOT_TOKEN_RUBY, rootTokenName } from '../../scripts/platform/gitlab-root-token';
import { cmd, Workspace } from '../support/fake-cli/workspace';
import { rawTestConfig } from '../support/test-config';

/**
 * Git plumbing and DevLake setup as bootstrap steps, at the process boundary: the real bootstrap script
 * with the stand-in CLIs (test/support/fake-cli/) and stand-in GitLab and DevLake HTTP servers
 * (test/support/fake-gitlab.ts, fake-devlake.ts) that record every request.
 */
const FAST = ['--poll-seconds', '0', '--timeout-minutes', '5'];
const out = (r: { stdout: string; stderr: string }) => `${r.stdout}\n${r.stderr}`;
const raw = rawTestConfig({ teams: { payments: {}, search: {} }, applications: { checkout: { team: 'payments' }, indexer: { team: 'search' } } });
// The team groups and application projects the onboard-team / onboard-service golden paths made.
const ONBOARDED = {
  groups: [{ id: 1, path: 'payments' }, { id: 2, path: 'search' }],
  projects: [{ id: 10, path: 'payments/checkout', namespace_id: 1 }, { id: 11, path: 'search/indexer', namespace_id: 2 }],
};
const PLUMBING = ['gitlab-root-token', 'devlake-api', 'gitlab:group:platform', 'gitlab:project:platform', 'gitlab:token:argocd', 'gitlab:token:ci:payments', 'gitlab:hook:payments/checkout', 'devlake:project', 'devlake:connection:test-delivery', 'devlake:scopes:payments', 'devlake:project-connections'];
// Requests that change GitLab or DevLake. Read-only POSTs are not changes: a runner token's check
// (POST /runners/verify) and git reading the repository (the stand-in git's `read` access).
const changes = (reqs: { method: string; path: string; body?: any }[]) => reqs
  .filter((r) => r.method !== 'GET' && r.path !== '/runners/verify' && !(r.path === '/__git/access' && r.body?.access === 'read'))
  .map((r) => `${r.method} ${r.path}`);

describe('bootstrap: git plumbing and DevLake steps', () => {
  test('--dry-run lists the root token, GitLab and DevLake steps after the waves and DNS, and calls nothing', () => {
    const ws = new Workspace(raw);
    const r = ws.run('bootstrap', ['--dry-run']);
    expect(r.status).toBe(0);
    for (const step of PLUMBING) expect(r.stdout).toContain(step);
    expect(r.stdout).toContain('kubectl exec --stdin --context test-hub --namespace gitlab deployment/gitlab-toolbox -- gitlab-rails runner');
    expect(ws.calls()).toEqual([]);
    expect(ws.gitlabAndDevlake().gitlab.requests).toEqual([]);
  });

  test('a full bootstrap makes the root token in the toolbox, then groups, tokens, hooks and DORA; a re-run repeats no change', () => {
    const ws = new Workspace(raw, { gitlab: ONBOARDED });
    const r = ws.run('bootstrap', FAST);
    expect([r.status, out(r)]).toEqual([0, expect.stringMatching(/Summary: \d+ done, 3 skipped in/)]); // the two onboarded team groups; DevLake's API already answers
    expect(r.stdout).not.toMatch(/failed|best effort/);
    const { gitlab, devlake } = ws.gitlabAndDevlake();

    // The root token: made once by the toolbox runner (the exact script, parameters on stdin), stored in
    // Secrets Manager through a file, never in argv or the run log.
    const runner = ws.calls().filter((c) => c.tool === 'kubectl' && c.args[0] === 'exec' && c.args.includes('gitlab-rails'));
    expect(runner).toHaveLength(1);
    expect(runner[0].args.slice(-3)).toEqual(['gitlab-rails', 'runner', ROOT_TOKEN_RUBY]);
    expect(runner[0].context).toBe('test-hub');
    const [root] = gitlab.state.rootTokens;
    expect([gitlab.state.rootTokens.length, root.name, root.scopes, root.active]).toEqual([1, rootTokenName(ws.config), ['api'], true]);
    expect(JSON.parse(ws.state().secrets['test/gitlab/root-token'])).toEqual({ token: root.token });
    const everything = `${r.stdout}${r.stderr}${readFileSync(join(ws.dir, '.fake-calls.jsonl'), 'utf8')}${readdirSync(join(ws.dir, '.state', 'logs')).map((f) => readFileSync(join(ws.dir, '.state', 'logs', f), 'utf8')).join('')}`;
    for (const t of [root, ...gitlab.state.tokens]) expect(everything).not.toContain(t.token);

    // GitLab: groups, the GitOps project, every scoped token stored, one hook per application with the secret.
    expect(gitlab.state.groups.map((g) => g.path).sort()).toEqual(['payments', 'platform', 'search']);
    expect(gitlab.state.tokens.filter((t) => t.active)).toHaveLength(GIT_TOKENS.filter((t) => t.group === 'platform').length + 2 * GIT_TOKENS.filter((t) => t.group === 'team').length);
    for (const t of gitlab.state.tokens) {
      const id = t.name.slice('test-'.length);
      expect(JSON.parse(ws.state().secrets[t.group === 'platform' ? `test/gitlab/token/${id}` : `test/gitlab/token/${id}/${t.group}`]).token).toBe(t.token);
    }
    expect(gitlab.state.hooks.map((h) => [h.project, h.url, h.token]).sort()).toEqual([
      ['payments/checkout', ciWebhookUrl(ws.config), 'hook-secret-for-tests'],
      ['search/indexer', ciWebhookUrl(ws.config), 'hook-secret-for-tests'],
    ]);
    // DevLake: the project, the connections with the teams' tokens, each team's repository as a scope, all in the blueprint.
    const [project] = devlake.state.projects;
    expect(project.name).toBe(devlakeProjectName(ws.config));
    expect(devlake.state.connections.webhook.map((c) => c.name)).toEqual([devlakeWebhookConnection(ws.config)]);
    const byTeam = Object.fromEntries(devlake.state.connections.gitlab.map((c) => [c.name, c]));
    for (const [team, gitlabId] of [['payments', 10], ['search', 11]] as const) {
      const c = byTeam[devlakeGitlabConnection(ws.config, team)];
      expect(c.token).toBe(JSON.parse(ws.state().secrets[`test/gitlab/token/devlake/${team}`]).token);
      expect(devlake.state.scopes[String(c.id)].map((s) => s.gitlabId)).toEqual([gitlabId]);
      expect(project.blueprint.connections).toContainEqual({ pluginName: 'gitlab', connectionId: c.id, scopes: [{ scopeId: String(gitlabId) }] });
    }

    // A second bootstrap: every check passes; no GitLab or DevLake change, no token, no kubectl exec.
    ws.clearCalls();
    const gitlabBefore = gitlab.requests.length;
    const devlakeBefore = devlake.requests.length;
    const again = ws.run('bootstrap', FAST);
    expect([again.status, out(again)]).toEqual([0, expect.stringContaining('gitlab-root-token already done')]);
    const after = ws.gitlabAndDevlake();
    expect(changes(after.gitlab.requests.slice(gitlabBefore))).toEqual([]);
    expect(changes(after.devlake.requests.slice(devlakeBefore))).toEqual([]);
    expect(ws.calls().filter((c) => c.mutating).map(cmd)).toEqual([]);
  });

  test('before the application repositories exist, their hooks and DevLake scopes only warn; once onboarded, a re-run adds them', async () => {
    const ws = new Workspace(raw);
    const r = ws.run('bootstrap', FAST);
    expect([r.status, out(r)]).toEqual([0, expect.stringMatching(/! gitlab:hook:payments\/checkout \(best effort\) did not finish: application checkout: GitLab project payments\/checkout does not exist/)]);
    expect(r.stdout).toMatch(/! devlake:scopes:search \(best effort\) did not finish: application indexer: GitLab project search\/indexer does not exist yet/);
    expect(ws.gitlabAndDevlake().gitlab.state.hooks).toEqual([]);

    // The onboard-service golden path creates the repositories (POST /projects, as Backstage's publish:gitlab does).
    const { token } = JSON.parse(ws.state().secrets['test/gitlab/root-token']);
    const api = `${ws.env().PLATFORM_GITLAB_URL}/api/v4`;
    for (const [team, app] of [['payments', 'checkout'], ['search', 'indexer']]) {
      const group = await (await fetch(`${api}/groups/${team}`, { headers: { 'PRIVATE-TOKEN': token } })).json() as { id: number };
      const created = await fetch(`${api}/projects`, { method: 'POST', headers: { 'PRIVATE-TOKEN': token, 'Content-Type': 'application/json' }, body: JSON.stringify({ name: app, path: app, namespace_id: group.id }) });
      expect(created.status).toBe(201);
    }
    // What docs/application-ci.md says to run after onboarding: the plumbing script alone.
    const again = ws.run('git-plumbing', []);
    expect([again.status, out(again)]).toEqual([0, expect.stringContaining('git plumbing and DevLake are in place')]);
    expect(again.stdout).toContain('gitlab-root-token already done');
    const { gitlab, devlake } = ws.gitlabAndDevlake();
    expect(gitlab.state.hooks.map((h) => h.project).sort()).toEqual(['payments/checkout', 'search/indexer']);
    expect(Object.values(devlake.state.scopes).map((list) => list.map((x) => x.pathWithNamespace)).sort()).toEqual([['payments/checkout'], ['search/indexer']]);
  });

  // Failures injected mid-way (the CLI boundary and an API answer); the re-run completes without repeating a change that succeeded.
  test.each([
    ['gitlab-root-token', { FAKE_FAIL: '^kubectl exec .*gitlab-rails' }],
    ['gitlab-root-token', { FAKE_FAIL: 'secretsmanager create-secret --name test/gitlab/root-token' }],
    ['gitlab:token:ci:search', { FAKE_FAIL: 'create-secret --name test/gitlab/token/ci/search' }],
  ])('a failure at %s, then a re-run, finishes the plumbing without duplicating a token or hook', (step, env) => {
    const ws = new Workspace(raw, { gitlab: ONBOARDED });
    const failed = ws.run('bootstrap', FAST, env);
    expect([failed.status, failed.stdout]).toEqual([1, expect.stringContaining(`✗ ${step} failed`)]);
    const resumed = ws.run('bootstrap', FAST);
    expect([resumed.status, out(resumed)]).toEqual([0, expect.stringContaining('Summary:')]);
    const { gitlab, devlake } = ws.gitlabAndDevlake();
    // One live token per name; a token whose value was lost was rotated (the old one revoked), never duplicated.
    const live = [...gitlab.state.rootTokens, ...gitlab.state.tokens].filter((t) => t.active).map((t) => `${'group' in t ? t.group : 'root'}:${t.name}`);
    expect(live.length).toBe(new Set(live).size);
    expect(gitlab.state.hooks).toHaveLength(2);
    expect(devlake.state.projects).toHaveLength(1);
    // What Secrets Manager holds is what GitLab accepts.
    const rootLive = gitlab.state.rootTokens.find((t) => t.active)!;
    expect(JSON.parse(ws.state().secrets['test/gitlab/root-token']).token).toBe(rootLive.token);
    const again = ws.run('bootstrap', FAST);
    expect(again.status).toBe(0);
    expect(changes(ws.gitlabAndDevlake().gitlab.requests.slice(gitlab.requests.length))).toEqual([]);
  });

  test('git-plumbing --dry-run prints the same steps and calls nothing', () => {
    const ws = new Workspace(raw);
    const r = ws.run('git-plumbing', ['--dry-run']);
    expect([r.status, out(r)]).toEqual([0, expect.stringContaining('Dry run: no call was made.')]);
    for (const step of PLUMBING) expect(r.stdout).toContain(step);
    expect(ws.calls()).toEqual([]);
    expect(ws.gitlabAndDevlake().gitlab.requests).toEqual([]);
  });

  test('a stored root token that GitLab no longer accepts (revoked) is replaced, the old one never reused', () => {
    const ws = new Workspace(raw, { gitlab: ONBOARDED });
    expect(ws.run('bootstrap', FAST).status).toBe(0);
    ws.patchState((s) => { s.secrets['test/gitlab/root-token'] = JSON.stringify({ token: 'glpat-revoked-or-from-another-gitlab' }); });
    const r = ws.run('bootstrap', [...FAST, '--only', 'gitlab-root-token']);
    expect(r.status).toBe(0);
    const { rootTokens } = ws.gitlabAndDevlake().gitlab.state;
    expect(rootTokens.map((t) => t.active)).toEqual([false, true]);
    expect(JSON.parse(ws.state().secrets['test/gitlab/root-token']).token).toBe(rootTokens[1].token);
  });
});
