import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { GITLAB_RUNNER, gitlabRunnerDescription } from '../../contract/gitlab-runner';
import { Call, cmd, Workspace } from '../support/fake-cli/workspace';
import { rawTestConfig } from '../support/test-config';

/**
 * Hub-GitLab mode's bootstrap order, at the process boundary (the real bootstrap, stand-in CLIs and a
 * stand-in GitLab). Argo CD reads the platform repository from this GitLab, so everything it needs must
 * exist before the root Application, and nothing on the way may wait for Argo CD or External Secrets.
 * The stand-ins enforce what the real systems would:
 * - GitLab's web service only becomes Available once the Secrets its values name exist (fake kubectl wait,
 *   reading our rendered values like the chart does);
 * - `git push` fails unless `gitlab.<domain>` resolves (the stand-in Route 53's records), the credentials
 *   in git's environment are a live root token, and the project exists (fake git + stand-in GitLab).
 */
const FAST = ['--poll-seconds', '0', '--timeout-minutes', '5'];
const TIMES_OUT = ['--poll-seconds', '0', '--timeout-minutes', '0.2'];
const out = (r: { stdout: string; stderr: string }) => `${r.stdout}\n${r.stderr}`;
const raw = rawTestConfig({ teams: { payments: {} }, applications: { checkout: { team: 'payments' } } });
const mutating = (ws: Workspace) => ws.calls().filter((c) => c.mutating && c.exit === 0);
const index = (calls: Call[], re: RegExp) => calls.findIndex((c) => re.test(cmd(c)));

describe('bootstrap in hub-GitLab mode: GitLab, DNS, repository and credentials before the root Application', () => {
  test('every step in the order that can converge; secrets only on stdin; the push authenticated and after DNS', () => {
    const ws = new Workspace(raw);
    const r = ws.run('bootstrap', FAST);
    expect([r.status, out(r)]).toEqual([0, expect.stringContaining('Summary:')]);
    const calls = mutating(ws);
    const at = (re: RegExp) => {
      const i = index(calls, re);
      expect([re.source, i]).not.toEqual([re.source, -1]);
      return i;
    };
    // GitLab's install-time Secrets, then GitLab, then DNS once its Ingress made the ALB.
    const seedGitlab = at(/^kubectl apply --context test-hub -f - <<< Namespace gitlab, Secret gitlab\/gitlab-root-password, Secret gitlab\/gitlab-oidc-provider$/);
    const installGitlab = at(/^helm upgrade --install gitlab gitlab /);
    const dns = at(/route53 change-resource-record-sets/);
    const repoCreds = at(/^kubectl apply --context test-hub -f - <<< Namespace argocd, Secret argocd\/gitlab-repo-creds$/);
    const runnerSecret = at(/^kubectl apply --context test-hub -f - <<< Namespace gitlab, Secret gitlab\/gitlab-runner-token$/);
    const push = at(/^git push https:\/\/gitlab\.platform\.test\.example\.com\/platform\/test\.git HEAD:refs\/heads\/main$/);
    const rootApp = at(/^kubectl apply --context test-hub -f gitops\/manifests\/bootstrap\/bootstrap\.yaml$/);
    expect(seedGitlab).toBeLessThan(installGitlab);
    expect(installGitlab).toBeLessThan(dns);
    expect(dns).toBeLessThan(push);
    for (const before of [push, repoCreds, runnerSecret]) expect(before).toBeLessThan(rootApp);
    // Not `helm --wait`: the bundled runner cannot be Ready before it is registered, which needs GitLab's API.
    expect(cmd(calls[installGitlab])).not.toContain('--wait');

    // The Secrets carry exactly the keys their ExternalSecrets render (External Secrets adopts them later).
    expect(ws.state().k8s.secretKeys).toEqual({
      'gitlab/gitlab-root-password': ['password'],
      'gitlab/gitlab-oidc-provider': ['provider'],
      'argocd/gitlab-repo-creds': ['password', 'type', 'url', 'username'],
      [`gitlab/${GITLAB_RUNNER.kubernetesSecret}`]: [GITLAB_RUNNER.registrationTokenKey, GITLAB_RUNNER.tokenKey].sort(),
    });

    // GitLab saw the project created before the push, the push authenticated, and one runner registered.
    const { gitlab } = ws.gitlabAndDevlake();
    const projectCreated = gitlab.requests.find((q) => q.method === 'POST' && q.path === '/projects')!;
    const pushCall = calls[push];
    expect(projectCreated.at).toBeLessThanOrEqual(pushCall.startedAt);
    expect(gitlab.state.gitAccess).toContainEqual({ path: 'platform/test', access: 'push' });
    expect(gitlab.state.runners.map((x) => [x.description, x.runner_type, x.run_untagged, x.paused])).toEqual([[gitlabRunnerDescription(ws.config), 'instance_type', true, false]]);
    const stored = JSON.parse(ws.state().secrets['test/gitlab/runner-token']);
    expect(stored).toEqual({ token: gitlab.state.runners[0].token, id: String(gitlab.state.runners[0].id) });

    // No credential value in argv, the call log, the run log or the output.
    const root = gitlab.state.rootTokens.find((t) => t.active)!.token;
    const everything = `${r.stdout}${r.stderr}${readFileSync(join(ws.dir, '.fake-calls.jsonl'), 'utf8')}${readdirSync(join(ws.dir, '.state', 'logs')).map((f) => readFileSync(join(ws.dir, '.state', 'logs', f), 'utf8')).join('')}`;
    for (const secret of [root, Buffer.from(`root:${root}`).toString('base64'), stored.token, 'gitlab/root-generated-for-tests', 'oidc/gitlab-generated-for-tests']) {
      expect(everything).not.toContain(secret);
    }
  });

  test('a second run finds everything in place: no mutating call, no new runner, no push', () => {
    const ws = new Workspace(raw);
    expect(ws.run('bootstrap', FAST).status).toBe(0);
    ws.clearCalls();
    const before = ws.gitlabAndDevlake().gitlab.state;
    const r = ws.run('bootstrap', FAST);
    expect([r.status, out(r)]).toEqual([0, expect.stringContaining('gitlab:runner already done')]);
    expect(r.stdout).toMatch(/gitops-repo already done/);
    expect(mutating(ws).map(cmd)).toEqual([]);
    const after = ws.gitlabAndDevlake().gitlab.state;
    expect(after.runners).toEqual(before.runners);
    expect(after.gitAccess.filter((a) => a.access === 'push')).toHaveLength(1);
  });

  test('a runner token lost from Secrets Manager is reset on the same runner; a runner deleted in GitLab is made again; duplicates are removed', async () => {
    const ws = new Workspace(raw);
    expect(ws.run('bootstrap', FAST).status).toBe(0);
    const first = ws.gitlabAndDevlake().gitlab.state.runners[0];

    // Lost value: the same runner gets a new token (the old one stops working), stored and seeded again.
    ws.patchState((s) => { delete s.secrets['test/gitlab/runner-token']; });
    expect(ws.run('bootstrap', [...FAST, '--only', 'gitlab:runner']).status).toBe(0);
    let runners = ws.gitlabAndDevlake().gitlab.state.runners;
    expect(runners.map((x) => x.id)).toEqual([first.id]);
    expect(runners[0].token).not.toBe(first.token);
    expect(JSON.parse(ws.state().secrets['test/gitlab/runner-token']).token).toBe(runners[0].token);

    // Two runners with our description (a run that died between create and store): one is kept, the other deleted.
    const { token } = JSON.parse(ws.state().secrets['test/gitlab/root-token']);
    const api = `${ws.env().PLATFORM_GITLAB_URL}/api/v4`;
    const made = await fetch(`${api}/user/runners`, { method: 'POST', headers: { 'PRIVATE-TOKEN': token, 'Content-Type': 'application/json' }, body: JSON.stringify({ runner_type: 'instance_type', description: gitlabRunnerDescription(ws.config) }) });
    expect(made.status).toBe(201);
    ws.patchState((s) => { s.secrets['test/gitlab/runner-token'] = JSON.stringify({ token: 'glrt-no-longer-valid', id: '0' }); });
    expect(ws.run('bootstrap', [...FAST, '--only', 'gitlab:runner']).status).toBe(0);
    runners = ws.gitlabAndDevlake().gitlab.state.runners;
    expect(runners.map((x) => x.id)).toEqual([first.id]);
    expect(JSON.parse(ws.state().secrets['test/gitlab/runner-token']).token).toBe(runners[0].token);

    // Deleted in GitLab: a new runner.
    expect((await fetch(`${api}/runners/${first.id}`, { method: 'DELETE', headers: { 'PRIVATE-TOKEN': token } })).status).toBe(204);
    expect(ws.run('bootstrap', [...FAST, '--only', 'gitlab:runner']).status).toBe(0);
    runners = ws.gitlabAndDevlake().gitlab.state.runners;
    expect(runners).toHaveLength(1);
    expect(runners[0].id).not.toBe(first.id);
  });

  test('fails when a Secret GitLab needs at install cannot be seeded: GitLab is never installed, and the failure names the Secrets Manager entry', () => {
    const ws = new Workspace(raw);
    ws.patchState((s) => { delete s.secrets['test/oidc/gitlab']; });
    const r = ws.run('bootstrap', FAST);
    expect([r.status, r.stdout]).toEqual([1, expect.stringMatching(/✗ gitlab-secrets failed.*test\/oidc\/gitlab/)]);
    expect(ws.calls().map(cmd).some((c) => c.startsWith('helm upgrade --install gitlab'))).toBe(false);
  });

  test('fails when GitLab is installed without the Secrets its values name: the wait times out naming them (the order above is what prevents it)', () => {
    const ws = new Workspace(raw);
    expect(ws.run('bootstrap', FAST).status).toBe(0);
    // GitLab gone and its Secrets not seeded (as the bootstrap did before it had gitlab-secrets); install it alone.
    ws.patchState((s) => {
      s.helm = s.helm.filter((h: string) => !h.startsWith('gitlab/'));
      s.k8s.secrets = s.k8s.secrets.filter((n: string) => !['gitlab-root-password', 'gitlab-oidc-provider'].includes(n));
    });
    const r = ws.run('bootstrap', [...TIMES_OUT, '--only', 'gitlab']);
    expect([r.status, r.stdout]).toEqual([1, expect.stringMatching(/✗ gitlab failed.*timed out .*GitLab's web service and toolbox.*secrets not found: gitlab-root-password, gitlab-oidc-provider/)]);
  });

  test('the push waits for DNS: when DNS fails nothing is pushed, and a push without the record fails like git does', () => {
    const ws = new Workspace(raw);
    const r = ws.run('bootstrap', FAST, { FAKE_FAIL: 'route53 change-resource-record-sets' });
    expect([r.status, r.stdout]).toEqual([1, expect.stringContaining('✗ dns failed')]);
    expect(ws.calls().map(cmd).some((c) => c.startsWith('git push'))).toBe(false);
    // After a full run, with the record gone, the push alone fails on name resolution (the stand-in git
    // resolves through the stand-in Route 53).
    expect(ws.run('bootstrap', FAST).status).toBe(0);
    ws.patchState((s) => { s.records = {}; s.remoteHead = null; });
    const forced = ws.run('bootstrap', [...FAST, '--only', 'gitops-repo']);
    expect([forced.status, out(forced)]).toEqual([1, expect.stringContaining('Could not resolve host: gitlab.platform.test.example.com')]);
  });

  test('fails when the push has no valid credentials: GitLab refuses it (HTTP Basic: Access denied)', () => {
    const ws = new Workspace(raw);
    expect(ws.run('bootstrap', FAST).status).toBe(0);
    ws.patchState((s) => { s.secrets['test/gitlab/root-token'] = JSON.stringify({ token: 'glpat-revoked' }); s.remoteHead = null; });
    const r = ws.run('bootstrap', [...FAST, '--only', 'gitops-repo']);
    expect([r.status, out(r)]).toEqual([1, expect.stringContaining('HTTP Basic: Access denied')]);
  });
});
