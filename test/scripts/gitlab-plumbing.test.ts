import { ciWebhookUrl, GIT_TOKENS } from '../../contract/application-ci';
import type { Step } from '../../scripts/lib/plan';
import { gitlabPlumbingSteps } from '../../scripts/platform/gitlab-plumbing';
import { restApi, SecretStore } from '../../scripts/platform/rest-api';
import { FakeGitlab, startFakeGitlab } from '../support/fake-gitlab';
import { testConfig } from '../support/test-config';

/**
 * The git plumbing job against a stand-in GitLab (test/support/fake-gitlab.ts): everything the config
 * needs is created once, a second run creates nothing, tokens are rotated rather than duplicated.
 */
const ROOT = 'root-token-for-tests';
const config = testConfig({ teams: { payments: {}, search: {} }, applications: { checkout: { team: 'payments' }, indexer: { team: 'search' } } });
const WEBHOOK_SECRET = `${config.resourcePrefix}/gitlab/webhook-token`;

/** Secrets Manager in memory, holding the hook secret the hub stack generates. */
function memoryStore(): SecretStore & { values: Map<string, Record<string, string>> } {
  const values = new Map<string, Record<string, string>>([[WEBHOOK_SECRET, { token: 'hook-secret-value' }]]);
  return {
    values,
    exists: async (n) => values.has(n),
    get: async (n) => { if (!values.has(n)) throw new Error(`ResourceNotFoundException: ${n}`); return values.get(n)!; },
    put: async (n, v) => { values.set(n, { ...v }); },
  };
}

/** What the runner does: apply each step whose read-only check says it is not done. */
async function converge(steps: readonly Step[]): Promise<string[]> {
  const applied: string[] = [];
  for (const s of steps) if (!(await s.check())) { await s.apply(); applied.push(s.name); }
  return applied;
}

// The team groups and application projects exist: the onboard-team / onboard-service golden paths made them.
const seed = {
  groups: [{ id: 1, path: 'payments' }, { id: 2, path: 'search' }],
  projects: [{ id: 10, path: 'payments/checkout', namespace_id: 1 }, { id: 11, path: 'search/indexer', namespace_id: 2 }],
};
const NOW = new Date('2026-12-01T00:00:00Z');
/** Tokens the config needs: each platform-group token once, each team-group token per team. */
const TOKEN_COUNT = GIT_TOKENS.filter((t) => t.group === 'platform').length + GIT_TOKENS.filter((t) => t.group === 'team').length * config.teams.length;

let gitlab: FakeGitlab;
afterEach(async () => gitlab?.close());

const stepsFor = (store: SecretStore, now = NOW, token = ROOT) =>
  gitlabPlumbingSteps({ config, gitlab: restApi(gitlab.url, { 'PRIVATE-TOKEN': token }), secrets: store, now: () => now });

describe('git plumbing on GitLab', () => {
  test('creates the platform group and project, scoped tokens in Secrets Manager and one hook per application; a second run creates nothing', async () => {
    gitlab = await startFakeGitlab(ROOT, seed);
    const store = memoryStore();
    await converge(stepsFor(store));
    expect(gitlab.state.groups.map((g) => g.path).sort()).toEqual(['payments', 'platform', 'search']);
    expect(gitlab.state.projects.map((p) => p.path)).toContain('platform/test');
    // One token per platform-scoped purpose on the platform group, one CI token per team group.
    expect(gitlab.state.tokens.map((t) => `${t.group}:${t.name}:${t.scopes.join('+')}`).sort()).toEqual([
      'payments:test-ci:read_repository+write_repository',
      'payments:test-devlake:read_api',
      'platform:test-argocd:read_repository',
      'platform:test-backstage:api',
      'platform:test-events:read_api',
      'platform:test-kargo:write_repository',
      'search:test-ci:read_repository+write_repository',
      'search:test-devlake:read_api',
    ]);
    for (const t of gitlab.state.tokens) {
      const id = t.name.slice('test-'.length);
      const name = t.group === 'platform' ? `test/gitlab/token/${id}` : `test/gitlab/token/${id}/${t.group}`;
      expect([name, store.values.get(name)?.token]).toEqual([name, t.token]);
    }
    expect(gitlab.state.hooks.map((h) => [h.project, h.url, h.token, h.push_events, h.tag_push_events])).toEqual([
      ['payments/checkout', ciWebhookUrl(config), 'hook-secret-value', true, true],
      ['search/indexer', ciWebhookUrl(config), 'hook-secret-value', true, true],
    ]);

    gitlab.requests.length = 0;
    expect(await converge(stepsFor(store))).toEqual([]);
    expect(gitlab.requests.filter((r) => r.method !== 'GET')).toEqual([]);
    expect(gitlab.state.tokens.filter((t) => t.active)).toHaveLength(TOKEN_COUNT);
  });

  test('a token that nears expiry, or whose stored value was lost, is rotated rather than duplicated', async () => {
    gitlab = await startFakeGitlab(ROOT, seed);
    const store = memoryStore();
    await converge(stepsFor(store));
    const before = store.values.get('test/gitlab/token/argocd')!.token;
    store.values.delete('test/gitlab/token/kargo');
    // 340 days later every token expires within 30 days.
    const later = new Date(NOW.getTime() + 340 * 86_400_000);
    const applied = await converge(stepsFor(store, later));
    expect(applied.filter((s) => s.startsWith('gitlab:token:'))).toHaveLength(TOKEN_COUNT);
    expect(gitlab.requests.filter((r) => r.method === 'POST' && r.path.endsWith('/access_tokens'))).toHaveLength(TOKEN_COUNT);
    expect(gitlab.requests.filter((r) => r.path.endsWith('/rotate'))).toHaveLength(TOKEN_COUNT);
    expect(store.values.get('test/gitlab/token/argocd')!.token).not.toBe(before);
    expect(store.values.get('test/gitlab/token/kargo')!.token).toBe(gitlab.state.tokens.find((t) => t.name === 'test-kargo' && t.active)!.token);
    expect(gitlab.state.tokens.filter((t) => t.active)).toHaveLength(TOKEN_COUNT);
  });

  test('fails when an application\'s project does not exist yet, naming the golden path', async () => {
    gitlab = await startFakeGitlab(ROOT, { groups: seed.groups, projects: [seed.projects[0]] });
    const hook = stepsFor(memoryStore()).find((s) => s.name === 'gitlab:hook:search/indexer')!;
    expect(await hook.check()).toBe(false);
    await expect(hook.apply()).rejects.toThrow('GitLab project search/indexer does not exist; create it with the onboard-service golden path, then re-run');
  });

  test('fails when the root token is refused, and says so rather than treating it as "not there"', async () => {
    gitlab = await startFakeGitlab(ROOT, seed);
    const [group] = stepsFor(memoryStore(), NOW, 'wrong');
    await expect(group.check()).rejects.toThrow('GitLab answered 401');
  });

  test('tokens never reach a request path or a step\'s shown commands', async () => {
    gitlab = await startFakeGitlab(ROOT, seed);
    const steps = stepsFor(memoryStore());
    await converge(steps);
    const tokens = gitlab.state.tokens.map((t) => t.token);
    const text = JSON.stringify([gitlab.requests.map((r) => r.path), steps.flatMap((s) => [...s.commands, s.description])]);
    for (const t of [...tokens, 'hook-secret-value', ROOT]) expect(text).not.toContain(t);
  });

  test('with an external git provider there is nothing to plumb', () => {
    const external = testConfig({ git: { provider: 'external', url: 'https://git.example.com/platform/test.git' } } as never);
    expect(gitlabPlumbingSteps({ config: external, gitlab: restApi('http://127.0.0.1:9', {}), secrets: memoryStore() })).toEqual([]);
  });
});
