import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { cmd, Workspace } from '../support/fake-cli/workspace';
import { rawTestConfig } from '../support/test-config';

const out = (r: { stdout: string; stderr: string }) => `${r.stdout}\n${r.stderr}`;
// The stand-in Argo CD readies a few waves per poll; each poll starts a process, so allow a few seconds.
const FAST = ['--poll-seconds', '0', '--timeout-minutes', '0.1'];

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
    const r = ws.run('bootstrap', FAST, { FAKE_DEPLOY_MS: '400' });
    expect([r.status, out(r)]).toEqual([0, expect.stringMatching(/Summary: 1[56] done/)]);
    expect(r.stdout).not.toMatch(/failed/);
    expect(Object.keys(ws.state().stacks).sort()).toEqual(['test-dev', 'test-hub', 'test-prod']);
    expect(r.stdout).toContain('Platform "test" is up.');
    expect(r.stdout).toContain('Secrets Manager test/keycloak/admin'); // where, never the value
    expect(readdirSync(join(ws.dir, '.state', 'logs')).some((f) => f.startsWith('bootstrap-'))).toBe(true);

    const deploys = ws.calls().filter((c) => c.tool === 'cdk' && c.args[0] === 'deploy');
    expect(deploys).toHaveLength(3);
    const latestStart = Math.max(...deploys.map((d) => d.startedAt));
    const earliestEnd = Math.min(...deploys.map((d) => d.endedAt));
    expect(latestStart).toBeLessThan(earliestEnd); // all three were running at the same moment
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
    ['kubeconfig:hub', 'update-kubeconfig .*--alias hub'],
    ['kubeconfig:prod', 'update-kubeconfig .*--alias prod'],
    ['argocd', '^helm upgrade --install argo-cd'],
    ['seed-registration', '^kubectl apply .*seed-registration'],
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
    const r = ws.run('bootstrap', FAST);
    expect(r.status).toBe(1);
    expect(r.stdout).toMatch(/wave \d+: \d+\/\d+ ready — waiting: .*kro-dev \(Degraded\/Synced: one or more objects failed to apply\)/);
    expect(r.stdout).toMatch(/✗ wait-waves failed .*timed out/);
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
