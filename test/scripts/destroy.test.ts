import { cmd, Workspace } from '../support/fake-cli/workspace';
import { rawTestConfig } from '../support/test-config';

const FAST = ['--poll-seconds', '0', '--timeout-minutes', '0.01'];
const tag = (k: string, v: string) => ({ Key: k, Value: v });

/** A workspace whose platform is up (bootstrapped with the stand-ins), with leftovers in the accounts. */
function upPlatform(): Workspace {
  const ws = new Workspace(rawTestConfig());
  expect(ws.run('bootstrap', ['--poll-seconds', '0']).status).toBe(0);
  ws.patchState((s) => {
    s.tagged = [
      // Ours, in a non-protected cluster: swept.
      { account: '222222222222', region: 'eu-west-1', ResourceARN: 'arn:aws:logs:eu-west-1:222222222222:log-group:/aws/eks/test-dev/cluster', Tags: [tag('platform-blueprint:platform', 'test'), tag('platform-blueprint:cluster', 'dev')] },
      { account: '222222222222', region: 'eu-west-1', ResourceARN: 'arn:aws:ec2:eu-west-1:222222222222:volume/vol-0dev', Tags: [tag('platform-blueprint:platform', 'test'), tag('platform-blueprint:cluster', 'dev')] },
      // Ours, but a type the sweep does not delete: reported.
      { account: '222222222222', region: 'eu-west-1', ResourceARN: 'arn:aws:s3:::test-dev-artifacts', Tags: [tag('platform-blueprint:platform', 'test'), tag('platform-blueprint:cluster', 'dev')] },
      // Ours, in a deletion-protected cluster (prod): retained.
      { account: '333333333333', region: 'eu-central-1', ResourceARN: 'arn:aws:logs:eu-central-1:333333333333:log-group:/aws/eks/test-prod/cluster', Tags: [tag('platform-blueprint:platform', 'test'), tag('platform-blueprint:cluster', 'prod')] },
      // Not ours: another platform's and an untagged volume in the same account/region.
      { account: '222222222222', region: 'eu-west-1', ResourceARN: 'arn:aws:ec2:eu-west-1:222222222222:volume/vol-other', Tags: [tag('platform-blueprint:platform', 'other')] },
      { account: '222222222222', region: 'eu-west-1', ResourceARN: 'arn:aws:ec2:eu-west-1:222222222222:volume/vol-untagged', Tags: [] },
    ];
  });
  ws.clearCalls();
  return ws;
}

describe('npx projen destroy (real script, stand-in CLIs)', () => {
  test('--dry-run prints the ordered plan and makes no call', () => {
    const ws = new Workspace(rawTestConfig());
    const r = ws.run('destroy', ['--dry-run']);
    expect(r.status).toBe(0);
    const steps = ['delete-root-app', 'wait-cleanup', 'scale-nodepools:hub', 'cdk-destroy:dev', 'cdk-destroy:prod', 'cdk-destroy:hub', 'sweep:111111111111/eu-west-1'];
    const positions = steps.map((s) => r.stdout.indexOf(s));
    expect(positions.every((p) => p >= 0)).toBe(true);
    expect([...positions].sort((a, b) => a - b)).toEqual(positions);
    expect(ws.calls()).toEqual([]);
  });

  test('refuses without confirmation when there is no terminal, changing nothing', () => {
    const ws = upPlatform();
    const r = ws.run('destroy', FAST);
    expect(r.status).toBe(1);
    expect(r.stdout).toContain('not confirmed: nothing was changed');
    expect(ws.calls().filter((c) => c.mutating)).toEqual([]);
  });

  test('tears down in order and never touches what the platform did not create', () => {
    const ws = upPlatform();
    // Multi-account: each account's AWS calls use that account's profile.
    ws.patchState((s) => {
      s.profiles = { 'ops-dev': '222222222222', 'ops-prod': '333333333333' };
    });
    const r = ws.run('destroy', [...FAST, '--yes'], { AWS_PROFILE_222222222222: 'ops-dev', AWS_PROFILE_333333333333: 'ops-prod' });
    expect([r.status, r.stdout]).toEqual([0, expect.stringContaining('destroyed')]);
    const mutating = ws.calls().filter((c) => c.mutating).map(cmd);
    const at = (re: RegExp) => mutating.findIndex((c) => re.test(c));
    expect(at(/^kubectl delete application test-bootstrap/)).toBe(0);
    expect(at(/^cdk destroy test-dev/)).toBeGreaterThan(at(/nodepools.karpenter.sh platform --context dev/));
    expect(at(/^cdk destroy test-hub/)).toBeGreaterThan(at(/^cdk destroy test-dev/));
    expect(at(/^cdk destroy test-hub/)).toBeGreaterThan(at(/^cdk destroy test-prod/));
    expect(at(/update-termination-protection .*test-prod/)).toBeLessThan(at(/^cdk destroy test-prod/));
    expect(Object.keys(ws.state().stacks)).toEqual([]);

    const deleted = ws.state().deleted as string[];
    expect(deleted.sort()).toEqual(['/aws/eks/test-dev/cluster', 'vol-0dev']);
    const remaining = (ws.state().tagged as { ResourceARN: string }[]).map((t) => t.ResourceARN);
    expect(remaining).toEqual(expect.arrayContaining([expect.stringContaining('vol-other'), expect.stringContaining('vol-untagged'), expect.stringContaining('test-dev-artifacts'), expect.stringContaining('test-prod/cluster')]));
    expect(r.stdout).toContain('retained (deletion protection of prod)');
    expect(r.stdout).toContain('left for you (type not swept): arn:aws:s3:::test-dev-artifacts');
    // Each account's calls went out with its own profile.
    expect(ws.calls().filter((c) => c.tool === 'aws' && c.args.includes('test-prod')).every((c) => c.profile === 'ops-prod')).toBe(true);
  });

  test('patches stuck finalizers only after the timeout, and says so', () => {
    const ws = upPlatform();
    ws.patchState((s) => {
      s.stuckApps = ['kargo-hub'];
    });
    const r = ws.run('destroy', [...FAST, '--yes']);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/deletion did not finish in 0.01 min; removing platform admission webhooks and patching finalizers of 1 stuck application\(s\): kargo-hub/);
    const mutating = ws.calls().filter((c) => c.mutating).map(cmd);
    expect(mutating.findIndex((c) => c.startsWith('kubectl patch application kargo-hub'))).toBeGreaterThan(mutating.findIndex((c) => c.startsWith('kubectl delete application')));
  });

  test('a re-run after a failure resumes without repeating a mutating call that had succeeded', () => {
    const ws = upPlatform();
    expect(ws.run('destroy', [...FAST, '--yes'], { FAKE_FAIL: '^cdk destroy test-hub' }).status).toBe(1);
    expect(ws.run('destroy', [...FAST, '--yes']).status).toBe(0);
    const succeeded = ws.calls().filter((c) => c.mutating && c.exit === 0).map(cmd);
    expect(succeeded.filter((c, i) => succeeded.indexOf(c) !== i)).toEqual([]);
  });
});
