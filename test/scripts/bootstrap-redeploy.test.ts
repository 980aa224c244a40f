import { Workspace } from '../support/fake-cli/workspace';
import { rawTestConfig } from '../support/test-config';

// The stand-in cdk diffs state.synthTemplates (what `cdk synth` would produce now) against what it
// deployed last, like `cdk diff --fail` (https://docs.aws.amazon.com/cdk/v2/guide/ref-cli-cmd-diff.html).
const FAST = ['--poll-seconds', '0', '--timeout-minutes', '0.1'];
const deploysOf = (ws: Workspace) => ws.calls().filter((c) => c.tool === 'cdk' && c.args[0] === 'deploy').map((c) => c.args[1]);

const ROLE = { Type: 'AWS::IAM::Role', Properties: { RoleName: 'test-dev-argocd-spoke' } };
const SUBNET = (az: string) => ({ Type: 'AWS::EC2::Subnet', Properties: { AvailabilityZone: az } });

describe('bootstrap redeploys a stack whose synthesized template changed (M3)', () => {
  const ws = new Workspace(rawTestConfig());
  ws.patchState((s) => {
    s.synthTemplates = {
      'test-hub': { HubRole: ROLE },
      'test-dev': { ArgoRole: ROLE, VpcSubnet1: SUBNET('eu-west-1a'), VpcSubnet2: SUBNET('eu-west-1b') },
      'test-prod': { ArgoRole: ROLE },
    };
  });

  test('first run deploys every stack', () => {
    const r = ws.run('bootstrap', [...FAST, '--only', 'deploy']);
    expect(r.status).toBe(0);
    expect(deploysOf(ws).sort()).toEqual(['test-dev', 'test-hub', 'test-prod']);
  });

  test('an unchanged re-run deploys nothing (read-only diff only)', () => {
    ws.clearCalls();
    const r = ws.run('bootstrap', [...FAST, '--only', 'deploy']);
    expect(r.status).toBe(0);
    expect(deploysOf(ws)).toEqual([]);
    expect(ws.calls().filter((c) => c.tool === 'cdk' && ['diff', 'deploy'].includes(c.args[0])).map((c) => c.args.slice(0, 2).join(' ')).sort()).toEqual(['diff test-dev', 'diff test-hub', 'diff test-prod']);
    expect(ws.calls().some((c) => c.mutating)).toBe(false);
    expect(r.stdout).toMatch(/deploy:dev already done/);
  });

  test('a changed config redeploys exactly the changed stack and reports the changed resources', () => {
    ws.patchState((s) => {
      s.synthTemplates['test-dev'] = { ArgoRole: { ...ROLE, Properties: { RoleName: 'renamed' } }, VpcSubnet1: SUBNET('eu-west-1a'), VpcSubnet3: SUBNET('eu-west-1c') };
    });
    ws.clearCalls();
    const r = ws.run('bootstrap', [...FAST, '--only', 'deploy']);
    expect(r.status).toBe(0);
    expect(deploysOf(ws)).toEqual(['test-dev']);
    expect(r.stdout).toContain('test-dev differs from its deployed template; deploying:');
    expect(r.stdout).toContain('~ ArgoRole (AWS::IAM::Role, update)');
    expect(r.stdout).toContain('+ VpcSubnet3 (AWS::EC2::Subnet, add)');
    expect(r.stdout).toContain('- VpcSubnet2 (AWS::EC2::Subnet, remove)');
    expect(ws.state().stacks['test-dev']).toBe('UPDATE_COMPLETE');
    // And now it is applied: the next run is a no-op again.
    ws.clearCalls();
    expect(ws.run('bootstrap', [...FAST, '--only', 'deploy']).status).toBe(0);
    expect(deploysOf(ws)).toEqual([]);
  });

  test('fails when the diff itself fails (never taken as "up to date")', () => {
    ws.clearCalls();
    const r = ws.run('bootstrap', [...FAST, '--only', 'deploy:hub'], { FAKE_FAIL: '^cdk diff test-hub' });
    expect(r.status).toBe(1);
    expect(`${r.stdout}\n${r.stderr}`).toMatch(/cdk diff test-hub --exclusively --fail --no-notices` failed \(exit 1\)/);
    expect(deploysOf(ws)).toEqual([]);
  });
});
