import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { cmd, Workspace } from '../support/fake-cli/workspace';
import { rawTestConfig } from '../support/test-config';

const out = (r: { stdout: string; stderr: string }) => `${r.stdout}\n${r.stderr}`;
// The stand-in Argo CD readies a few waves per poll; each poll starts a process, so allow a few seconds.
// Success paths get a generous budget: the stand-ins answer at once, so a wait ends as soon as its
// condition holds, and a loaded machine must not turn a pass into a timeout. Tests that expect a wait
// to time out pass their own, shorter budget (TIMES_OUT).
const FAST = ['--poll-seconds', '0', '--timeout-minutes', '5'];
const TIMES_OUT = ['--poll-seconds', '0', '--timeout-minutes', '0.5'];

describe('npx projen bootstrap (real script, stand-in CLIs)', () => {
  test('--dry-run prints the whole plan for hub, dev and prod and makes no call at all', () => {
    const ws = new Workspace(rawTestConfig());
    const r = ws.run('bootstrap', ['--dry-run']);
    expect(r.status).toBe(0);
    for (const step of ['deploy:hub', 'deploy:dev', 'deploy:prod', 'kubeconfig:hub', 'argocd', 'seed-registration', 'gitops-repo', 'root-app', 'wait-waves', 'verify-spokes', 'verify-sso', 'summary']) {
      expect(r.stdout).toContain(step);
    }
    expect(r.stdout).toContain('cdk deploy test-prod --require-approval never');
    expect(r.stdout).toContain('account 333333333333, eu-central-1');
    expect(r.stdout).toMatch(/Modelled duration \(critical path, typical AWS times\): \d+ min/);
    expect(ws.calls()).toEqual([]);
  });

  test('happy path: preflight, every step, spokes deployed concurrently with the hub, a summary and a log', () => {
    const ws = new Workspace(rawTestConfig());
    // The three deploys meet at a barrier in the stand-in cdk: sequential deploys could never pass it.
    const r = ws.run('bootstrap', FAST, { FAKE_DEPLOY_BARRIER: '3' });
    // + the git plumbing and DevLake steps (test/scripts/bootstrap-plumbing.test.ts) and the portal's Argo CD token (test/scripts/argocd-portal-token.test.ts); the application repository does not exist yet: its hook and DevLake scope warn.
    expect([r.status, out(r)]).toEqual([0, expect.stringMatching(/Summary: (34|35) done\b.*, 2 warned/)]);
    expect(r.stdout).not.toMatch(/failed/);
    expect(Object.keys(ws.state().stacks).sort()).toEqual(['test-dev', 'test-hub', 'test-prod']);
    expect(r.stdout).toContain('Platform "test" is up.');
    expect(r.stdout).toContain('Secrets Manager test/keycloak/admin'); // where, never the value
    expect(readdirSync(join(ws.dir, '.state', 'logs')).some((f) => f.startsWith('bootstrap-'))).toBe(true);

    const deploys = ws.calls().filter((c) => c.tool === 'cdk' && c.args[0] === 'deploy');
    expect(deploys).toHaveLength(3);
    const latestStart = Math.max(...deploys.map((d) => d.startedAt));
    const earliestEnd = Math.min(...deploys.map((d) => d.endedAt));
    // All three were running at the same moment: each ends only after the barrier saw the last one start
    // (equal when the last start and the first end fall in the same millisecond).
    expect(latestStart).toBeLessThanOrEqual(earliestEnd);
    // The hub's cluster secret was seeded before the root application.
    const order = ws.calls().filter((c) => c.mutating).map(cmd);
    expect(order.findIndex((c) => c.includes('seed-registration.json'))).toBeLessThan(order.findIndex((c) => c.includes('bootstrap.yaml')));
  });

  test('a re-run of a finished bootstrap repeats no mutating call', () => {
    const ws = new Workspace(rawTestConfig());
    expect(ws.run('bootstrap', FAST).status).toBe(0);
    ws.clearCalls();
    const r = ws.run('bootstrap', FAST);
    expect(r.status).toBe(0);
    expect(ws.calls().filter((c) => c.mutating).map(cmd)).toEqual([]);
    expect(r.stdout).toMatch(/deploy:hub already done/);
  });

  const INJECTED = [
    ['deploy:hub', '^cdk deploy test-hub'],
    ['deploy:dev', '^cdk deploy test-dev'],
    ['deploy:prod', '^cdk deploy test-prod'],
    ['kubeconfig:hub', 'update-kubeconfig .*--alias test-hub'],
    ['kubeconfig:prod', 'update-kubeconfig .*--alias test-prod'],
    ['argocd', '^helm upgrade --install argo-cd'],
    ['seed-registration', '^kubectl apply .*seed-registration'],
    ['gitlab-secrets', '^kubectl apply --context test-hub -f -'],
    ['gitlab', '^helm upgrade --install gitlab '],
    ['gitlab:runner', 'create-secret --name test/gitlab/runner-token'],
    ['repo-creds', 'get-secret-value --secret-id test/gitlab/token/argocd'],
    ['gitops-repo', '^git push'],
    ['root-app', '^kubectl apply .*bootstrap.yaml'],
  ];
  test.each(INJECTED)('a failure injected at %s, then a re-run, finishes without repeating a mutating call that had succeeded', (step, pattern) => {
    const ws = new Workspace(rawTestConfig());
    const failed = ws.run('bootstrap', FAST, { FAKE_FAIL: pattern });
    expect(failed.status).toBe(1);
    expect(failed.stdout).toContain(`✗ ${step} failed`);
    expect(failed.stdout).toContain('resume with: npx projen bootstrap');
    const resumed = ws.run('bootstrap', FAST);
    expect([resumed.status, out(resumed)]).toEqual([0, expect.stringContaining('Summary:')]);
    const succeeded = ws.calls().filter((c) => c.mutating && c.exit === 0).map(cmd);
    const repeated = succeeded.filter((c, i) => succeeded.indexOf(c) !== i);
    expect(repeated).toEqual([]);
  });

  test('fails before any change when the identity cannot act in an account (wrong account / no CDK bootstrap)', () => {
    const ws = new Workspace(rawTestConfig(), { bootstrapped: ['111111111111/eu-west-1', '222222222222/eu-west-1'] });
    const r = ws.run('bootstrap', FAST);
    expect(r.status).toBe(1);
    expect(r.stdout).toMatch(/account 333333333333 region eu-central-1: cannot assume .*cdk-hnb659fds-deploy-role-333333333333-eu-central-1/);
    expect(r.stdout).toContain('cdk bootstrap aws://333333333333/eu-central-1 --trust 111111111111');
    expect(r.stdout).toContain('nothing was changed');
    expect(ws.calls().filter((c) => c.mutating)).toEqual([]);
  });

  test('--cdk-bootstrap runs the missing CDK bootstrap, then goes on', () => {
    const ws = new Workspace(rawTestConfig(), { bootstrapped: ['111111111111/eu-west-1', '222222222222/eu-west-1'] });
    const r = ws.run('bootstrap', [...FAST, '--cdk-bootstrap']);
    expect(r.status).toBe(0);
    expect(ws.calls().filter((c) => c.tool === 'cdk' && c.args[0] === 'bootstrap').map(cmd)).toEqual([expect.stringContaining('cdk bootstrap aws://333333333333/eu-central-1')]);
  });

  test('fails before any change when a tool is missing', () => {
    const ws = new Workspace(rawTestConfig());
    ws.removeTool('helm');
    const r = ws.run('bootstrap', FAST);
    expect(r.status).toBe(1);
    expect(r.stdout).toContain('missing tool "helm"');
    expect(ws.calls().filter((c) => c.mutating)).toEqual([]);
  });

  test('fails before any call when the config is invalid, naming the problem', () => {
    const ws = new Workspace(rawTestConfig());
    const raw = rawTestConfig();
    (raw.spokes.prod as { vpcCidr: string }).vpcCidr = '10.0.0.0/16';
    require('node:fs').writeFileSync(join(ws.dir, 'platform.config.json'), JSON.stringify(raw));
    const r = ws.run('bootstrap', FAST);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('spokes.prod.vpcCidr: "10.0.0.0/16" — overlaps hub.vpcCidr');
    expect(ws.calls()).toEqual([]);
  });

  test('--only and --from select steps', () => {
    const ws = new Workspace(rawTestConfig());
    const r = ws.run('bootstrap', [...FAST, '--only', 'deploy']);
    expect(r.status).toBe(0);
    expect(Object.keys(ws.state().stacks)).toHaveLength(3);
    expect(ws.calls().some((c) => c.tool === 'helm' && c.args[0] === 'upgrade')).toBe(false);
    const bad = ws.run('bootstrap', [...FAST, '--from', 'nope']);
    expect(bad.status).toBe(1);
    expect(out(bad)).toMatch(/no step named "nope"; steps: deploy:hub/);
  });

  test('the wait reports progress per wave, naming the Applications each wave waits on and why', () => {
    const ws = new Workspace(rawTestConfig());
    const names = ws.state().platformApps.map((a: any) => a.name);
    // Names come from our rendered ApplicationSets and the bootstrap, not from a list in the stand-in.
    expect(names).toEqual(expect.arrayContaining(['test-bootstrap', 'test-platform', 'test-platform-custom', 'external-secrets-hub', 'argo-rollouts-objects-dev', 'tenants-prod', 'checkout-dev']));
    const r = ws.run('bootstrap', [...FAST.slice(0, 2), '--timeout-minutes', '1']);
    expect([r.status, out(r)]).toEqual([0, expect.stringContaining('Summary:')]);
    // A wave first reported waiting, with the Applications and what they wait on, later reported done.
    const waiting = /wave (-?\d+): 0\/(\d+) ready — waiting: [\w-]+ \(Progressing\/OutOfSync: waiting for wave -?\d+\)/.exec(r.stdout);
    expect(waiting).not.toBeNull();
    const [, wave, total] = waiting!;
    expect(r.stdout.slice(waiting!.index)).toContain(`wave ${wave}: ${total}/${total} ready\n`);
  });

  test('an application that never gets healthy fails the wait with the wave report (best-effort ones only warn)', () => {
    const ws = new Workspace(rawTestConfig());
    ws.patchState((s) => {
      s.platformApps = s.platformApps.map((a: any) => (a.name === 'kro-dev' ? { ...a, health: 'Degraded', message: 'one or more objects failed to apply' } : a.name === 'devlake-hub' ? { ...a, health: 'Progressing' } : a));
    });
    const r = ws.run('bootstrap', TIMES_OUT);
    expect(r.status).toBe(1);
    expect(r.stdout).toMatch(/wave \d+: \d+\/\d+ ready — waiting: .*kro-dev \(Degraded\/Synced: one or more objects failed to apply\)/);
    expect(r.stdout).toMatch(/✗ wait-waves failed .*timed out/);
  });

  test('kubeconfig contexts are named <prefix>-<cluster> and authenticate as the cluster-admin role', () => {
    const ws = new Workspace(rawTestConfig());
    expect(ws.run('bootstrap', FAST).status).toBe(0);
    const kubeconfigs = ws.calls().filter((c) => c.tool === 'aws' && c.args.includes('update-kubeconfig')).map(cmd);
    expect(kubeconfigs).toEqual(expect.arrayContaining([
      expect.stringContaining('--name test-prod --region eu-central-1 --role-arn arn:aws:iam::333333333333:role/test-prod-cluster-admin --alias test-prod --user-alias test-prod'),
    ]));
    expect(Object.keys(ws.state().kubeconfig.contexts).sort()).toEqual(['test-dev', 'test-hub', 'test-prod']);
    // Every kubectl/helm call names one of those contexts (never a bare "hub"); every change goes to the hub's.
    const kube = ws.calls().filter((c) => (c.tool === 'kubectl' || c.tool === 'helm') && c.args[0] !== 'version');
    expect(kube.every((c) => ['test-hub', 'test-dev', 'test-prod'].includes(c.context!))).toBe(true);
    expect(new Set(kube.filter((c) => c.mutating).map((c) => c.context))).toEqual(new Set(['test-hub']));
  });

  test('fails before any change when the caller is not in admins.principals, naming the role, the principal and the fix', () => {
    const ws = new Workspace(rawTestConfig());
    ws.patchState((s) => {
      s.identity.Arn = 'arn:aws:sts::111111111111:assumed-role/developer/alice';
    });
    const r = ws.run('bootstrap', FAST);
    expect(r.status).toBe(1);
    expect(r.stdout).toMatch(/cluster hub: arn:aws:sts::111111111111:assumed-role\/developer\/alice \(the current credentials\) is not in admins.principals, so it cannot assume the cluster-admin role arn:aws:iam::111111111111:role\/test-hub-cluster-admin/);
    expect(r.stdout).toContain('add its role or user ARN to admins.principals in platform.config.ts');
    expect(r.stdout).toContain('nothing was changed');
    expect(ws.calls().filter((c) => c.mutating)).toEqual([]);
  });

  test('fails before any change when a deployed cluster-admin role does not trust the caller (stale trust)', () => {
    const ws = new Workspace(rawTestConfig());
    expect(ws.run('bootstrap', [...FAST, '--only', 'deploy']).status).toBe(0);
    ws.patchState((s) => {
      s.roles['arn:aws:iam::222222222222:role/test-dev-cluster-admin'].trust = ['arn:aws:iam::111111111111:role/someone-else'];
    });
    ws.clearCalls();
    const r = ws.run('bootstrap', FAST);
    expect(r.status).toBe(1);
    expect(r.stdout).toMatch(/cluster dev: .*cannot assume the cluster-admin role arn:aws:iam::222222222222:role\/test-dev-cluster-admin: .*AccessDenied.*npx cdk deploy test-dev/);
    expect(ws.calls().filter((c) => c.mutating)).toEqual([]);
  });

  test('fails before changing a cluster when its context points at another cluster (H5), then a kubeconfig re-run fixes it', () => {
    const ws = new Workspace(rawTestConfig());
    expect(ws.run('bootstrap', [...FAST, '--only', 'deploy']).status).toBe(0);
    expect(ws.run('bootstrap', [...FAST, '--only', 'kubeconfig']).status).toBe(0);
    // Someone else's cluster, reachable and admin-accessible with the same role, now behind context "test-hub".
    const other = 'arn:aws:eks:eu-west-1:111111111111:cluster/test-hub-sandbox';
    ws.patchState((s) => {
      s.eks[other] = { name: 'test-hub-sandbox', arn: other, region: 'eu-west-1', account: '111111111111', endpoint: 'https://SANDBOX.gr7.eu-west-1.eks.amazonaws.com', status: 'ACTIVE', computeConfig: { enabled: true }, accessEntries: ['arn:aws:iam::111111111111:role/test-hub-cluster-admin'], instances: [] };
      s.kubeconfig.clusters[other] = { server: 'https://SANDBOX.gr7.eu-west-1.eks.amazonaws.com' };
      s.kubeconfig.contexts['test-hub'].cluster = other;
    });
    ws.clearCalls();
    const r = ws.run('bootstrap', [...FAST, '--from', 'argocd']);
    expect(r.status).toBe(1);
    expect(r.stdout).toMatch(/refusing to change cluster hub \(test-hub, 111111111111\/eu-west-1\): kubeconfig context "test-hub" points at cluster arn:aws:eks:eu-west-1:111111111111:cluster\/test-hub-sandbox .*not arn:aws:eks:eu-west-1:111111111111:cluster\/test-hub .*npx projen bootstrap --only kubeconfig:hub/);
    expect(ws.calls().filter((c) => c.mutating)).toEqual([]);
    const status = ws.run('status', []);
    expect([status.status, status.stderr]).toEqual([1, expect.stringContaining('points at cluster arn:aws:eks:eu-west-1:111111111111:cluster/test-hub-sandbox')]);

    // The kubeconfig step's check sees the wrong context and rewrites it; then the bootstrap goes on.
    const fixed = ws.run('bootstrap', FAST);
    expect([fixed.status, out(fixed)]).toEqual([0, expect.stringContaining('Summary:')]);
    expect(ws.state().kubeconfig.contexts['test-hub'].cluster).toBe('arn:aws:eks:eu-west-1:111111111111:cluster/test-hub');
  });

  test('--help', () => {
    const ws = new Workspace(rawTestConfig());
    expect(ws.run('bootstrap', ['--help']).stdout).toMatch(/Usage: npx projen bootstrap/);
  });
});

describe('npx projen status', () => {
  test('reports every cluster\'s applications; exit 1 when something is degraded', () => {
    const ws = new Workspace(rawTestConfig());
    expect(ws.run('bootstrap', FAST).status).toBe(0);
    const ok = ws.run('status', []);
    expect([ok.status, ok.stdout]).toEqual([0, expect.stringContaining('all applications healthy and synced')]);
    // dev's Applications, as our ApplicationSets generate them: 8 add-ons, 3 add-on object sets, the
    // cluster-base chart, tenants, the team's resources and the checkout workload.
    expect(ok.stdout).toMatch(/dev \(test-dev, dev\) — registered, 15 applications/);
    ws.patchState((s) => {
      s.platformApps[0].health = 'Degraded';
    });
    const bad = ws.run('status', []);
    expect(bad.status).toBe(1);
    expect(bad.stdout).toMatch(/✗ \S+ +Degraded/);
  });
});
