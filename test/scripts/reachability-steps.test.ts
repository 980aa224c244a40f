import { cmd, Workspace } from '../support/fake-cli/workspace';
import { rawTestConfig } from '../support/test-config';

// The real bootstrap script against stand-in CLIs (test/support/fake-cli): the stand-in `aws` answers
// resourcegroupstaggingapi, elbv2 and route53 like the real one; "EKS Auto Mode" creates the hub's
// ALB, tagged by its IngressClassParams, once the root Application syncs the tools' Ingresses.
// Success paths get a generous budget: the stand-ins answer at once, so a wait ends as soon as its
// condition holds, and a loaded machine must not turn a pass into a timeout. Tests that expect a wait
// to time out pass their own, shorter budget (TIMES_OUT).
const FAST = ['--poll-seconds', '0', '--timeout-minutes', '5'];
const TIMES_OUT = ['--poll-seconds', '0', '--timeout-minutes', '0.5'];
const out = (r: { stdout: string; stderr: string }) => `${r.stdout}\n${r.stderr}`;

describe('bootstrap reachability steps', () => {
  test('--dry-run shows the hub cluster-base install before Argo CD and the DNS step, with no call', () => {
    const ws = new Workspace(rawTestConfig());
    const r = ws.run('bootstrap', ['--dry-run']);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/cluster-base:hub — install the hub's cluster-base chart[^\n]*after kubeconfig:hub/);
    expect(r.stdout).toMatch(/argocd — [^\n]*after kubeconfig:hub, cluster-base:hub/);
    expect(r.stdout).toContain('helm upgrade --install cluster-base gitops/cluster-base --namespace kube-system --kube-context test-hub');
    // Hub-GitLab mode: GitLab's Ingress makes the ALB, and the repository must resolve before Argo CD reads it.
    expect(r.stdout).toMatch(/dns — point \*\.platform\.test\.example\.com at the hub's ALB[^\n]*after gitlab\n/);
    expect(r.stdout).toContain('route53 change-resource-record-sets --hosted-zone-id Z0TESTZONE00000000001');
    expect(ws.calls()).toEqual([]);
  });

  test('with an external git server, the first tool Ingress comes with the root Application: DNS follows it', () => {
    const ws = new Workspace(rawTestConfig({ git: { provider: 'external', url: 'https://git.example.com/acme/platform.git', revision: 'main', basePath: 'gitops/manifests' } }));
    const r = ws.run('bootstrap', ['--dry-run']);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/dns — point \*\.platform\.test\.example\.com at the hub's ALB[^\n]*after root-app\n/);
    expect(r.stdout).not.toMatch(/gitops-repo|gitlab-secrets/);
  });

  test('installs the hub\'s cluster-base from its registration before Argo CD, then upserts *.<domain> → the ALB once', () => {
    const ws = new Workspace(rawTestConfig());
    const r = ws.run('bootstrap', FAST);
    expect([r.status, out(r)]).toEqual([0, expect.stringContaining('*.platform.test.example.com → k8s-testhub-0a1b2c3d4e-123456789.eu-west-1.elb.amazonaws.com')]);
    const mutating = ws.calls().filter((c) => c.mutating).map(cmd);
    const at = (re: RegExp) => mutating.findIndex((c) => re.test(c));
    expect(at(/^helm upgrade --install cluster-base gitops\/cluster-base /)).toBeGreaterThan(-1);
    expect(at(/^helm upgrade --install cluster-base /)).toBeLessThan(at(/^helm upgrade --install argo-cd /));
    // The record follows GitLab's install (its Ingress makes the ALB) and precedes the push and the root Application.
    expect(at(/route53 change-resource-record-sets/)).toBeGreaterThan(at(/^helm upgrade --install gitlab /));
    expect(at(/route53 change-resource-record-sets/)).toBeLessThan(at(/^git push /));
    expect(at(/route53 change-resource-record-sets/)).toBeLessThan(at(/bootstrap\.yaml/));
    // The values come from the registration (certificate, node role, security group), mapped by clusterBaseValues().
    const values = JSON.parse(require('node:fs').readFileSync(require('node:path').join(ws.dir, '.state/bootstrap/cluster-base-hub-values.json'), 'utf8'));
    expect(values.ingress).toMatchObject({ certificateArn: 'arn:aws:acm:eu-west-1:111111111111:certificate/0000', groupName: 'test-hub', scheme: 'internet-facing' });
    expect(values.nodes).toMatchObject({ roleName: 'test-hub-node-role', securityGroupId: 'sg-0cluster' });
    expect(ws.state().records.Z0TESTZONE00000000001['\\052.platform.test.example.com. A']).toEqual({
      Name: '\\052.platform.test.example.com.',
      Type: 'A',
      AliasTarget: { HostedZoneId: 'Z32O12XQLNTSW2', DNSName: 'dualstack.k8s-testhub-0a1b2c3d4e-123456789.eu-west-1.elb.amazonaws.com.', EvaluateTargetHealth: true },
    });

    ws.clearCalls();
    const again = ws.run('bootstrap', [...FAST, '--fresh']);
    expect(again.status).toBe(0);
    expect(again.stdout).toMatch(/dns already done/);
    expect(ws.calls().filter((c) => c.mutating).map(cmd)).toEqual([]);
  });

  test('with a created zone, the zone id comes from the hub stack output', () => {
    const ws = new Workspace(rawTestConfig({ ingress: { createHostedZone: true } }));
    const r = ws.run('bootstrap', FAST);
    expect([r.status, out(r)]).toEqual([0, expect.stringContaining('Summary:')]);
    expect(ws.calls().map(cmd)).toContainEqual(expect.stringMatching(/cloudformation describe-stacks --stack-name test-hub .*HostedZoneId/));
    expect(Object.keys(ws.state().records)).toEqual(['Z0CREATED0000000000001']);
  });

  test('fails when Auto Mode never creates the hub\'s ALB (names the tags it looked for), and a re-run resumes', () => {
    const ws = new Workspace(rawTestConfig());
    ws.patchState((s) => { s.hubAlb = null; });
    const failed = ws.run('bootstrap', TIMES_OUT);
    expect(failed.status).toBe(1);
    expect(failed.stdout).toMatch(/✗ dns failed.*timed out .* waiting for the hub's ALB \(tags platform-blueprint:platform=test, platform-blueprint:cluster=hub\)/);
    ws.patchState((s) => {
      s.hubAlb = { ResourceARN: 'arn:aws:elasticloadbalancing:eu-west-1:111111111111:loadbalancer/app/k8s-late/1', account: '111111111111', region: 'eu-west-1', Tags: [{ Key: 'platform-blueprint:platform', Value: 'test' }, { Key: 'platform-blueprint:cluster', Value: 'hub' }], DNSName: 'k8s-late-1.eu-west-1.elb.amazonaws.com', CanonicalHostedZoneId: 'Z32O12XQLNTSW2' };
      s.albs = [s.hubAlb];
    });
    const resumed = ws.run('bootstrap', FAST);
    expect([resumed.status, out(resumed)]).toEqual([0, expect.stringContaining('*.platform.test.example.com → k8s-late-1.eu-west-1.elb.amazonaws.com')]);
    const succeeded = ws.calls().filter((c) => c.mutating && c.exit === 0).map(cmd);
    expect(succeeded.filter((c, i) => succeeded.indexOf(c) !== i)).toEqual([]);
  });
});
