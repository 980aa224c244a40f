import { join } from 'node:path';
import { platformId } from '../../contract/platform-tags';
import { Journal, RunLog, runPlan } from '../../scripts/lib/plan';
import { Tools } from '../../scripts/lib/tools';
import { ClusterAccess } from '../../scripts/platform/cluster-access';
import { destroySteps } from '../../scripts/platform/destroy-steps';
import type { Clock } from '../../scripts/platform/wait-for';
import { cmd, Workspace } from '../support/fake-cli/workspace';
import { rawTestConfig } from '../support/test-config';

const FAST = ['--poll-seconds', '0'];
const tag = (k: string, v: string) => ({ Key: k, Value: v });
const ID = platformId('111111111111', 'test');
const ours = (cluster: string) => [tag('platform-blueprint:platform', 'test'), tag('platform-blueprint:platform-id', ID), tag('platform-blueprint:cluster', cluster)];
const HUB_ARN = 'arn:aws:eks:eu-west-1:111111111111:cluster/test-hub';

/** A workspace whose platform is up (bootstrapped with the stand-ins), with leftovers in the accounts. */
function upPlatform(): Workspace {
  const ws = new Workspace(rawTestConfig());
  expect(ws.run('bootstrap', FAST).status).toBe(0);
  ws.patchState((s) => {
    s.tagged = [
      // Ours, in a non-protected cluster: swept.
      { account: '222222222222', region: 'eu-west-1', ResourceARN: 'arn:aws:logs:eu-west-1:222222222222:log-group:/aws/eks/test-dev/cluster', Tags: ours('dev') },
      { account: '222222222222', region: 'eu-west-1', ResourceARN: 'arn:aws:ec2:eu-west-1:222222222222:volume/vol-0dev', Tags: ours('dev') },
      // Ours, but a type the sweep does not delete: reported.
      { account: '222222222222', region: 'eu-west-1', ResourceARN: 'arn:aws:s3:::test-dev-artifacts', Tags: ours('dev') },
      // Ours, in a deletion-protected cluster (prod): retained.
      { account: '333333333333', region: 'eu-central-1', ResourceARN: 'arn:aws:logs:eu-central-1:333333333333:log-group:/aws/eks/test-prod/cluster', Tags: ours('prod') },
      // Not ours: ANOTHER platform also named "test" (same name tags, another id), an older platform's name-only tag, an untagged volume.
      { account: '222222222222', region: 'eu-west-1', ResourceARN: 'arn:aws:ec2:eu-west-1:222222222222:volume/vol-sametest', Tags: [tag('platform-blueprint:platform', 'test'), tag('platform-blueprint:platform-id', platformId('999999999999', 'test')), tag('platform-blueprint:cluster', 'dev')] },
      { account: '222222222222', region: 'eu-west-1', ResourceARN: 'arn:aws:ec2:eu-west-1:222222222222:volume/vol-nameonly', Tags: [tag('platform-blueprint:platform', 'test'), tag('platform-blueprint:cluster', 'dev')] },
      { account: '222222222222', region: 'eu-west-1', ResourceARN: 'arn:aws:ec2:eu-west-1:222222222222:volume/vol-untagged', Tags: [] },
      // Load balancers the clusters made: the shared ALB goes with Argo CD's Ingress, a dev one with its application.
      { account: '111111111111', region: 'eu-west-1', ResourceARN: 'arn:aws:elasticloadbalancing:eu-west-1:111111111111:loadbalancer/app/k8s-platform/1', Tags: [tag('elbv2.k8s.aws/cluster', 'test-hub')], deletedWith: 'helm:argo-cd' },
      { account: '222222222222', region: 'eu-west-1', ResourceARN: 'arn:aws:elasticloadbalancing:eu-west-1:222222222222:loadbalancer/net/k8s-rollouts/2', Tags: [tag('elbv2.k8s.aws/cluster', 'test-dev')], deletedWith: 'argo-rollouts-dev' },
    ];
    s.k8s.ack = [{ kind: 'Bucket', metadata: { name: 'checkout-artifacts' }, owner: 'ack-s3-dev' }];
  });
  ws.clearCalls();
  return ws;
}

const mutatingCalls = (ws: Workspace) => ws.calls().filter((c) => c.mutating).map(cmd);

describe('npx projen destroy (real script, stand-in CLIs)', () => {
  test('--dry-run prints the ordered plan and makes no call', () => {
    const ws = new Workspace(rawTestConfig());
    const r = ws.run('destroy', ['--dry-run']);
    expect(r.status).toBe(0);
    const steps = ['stop-root', 'delete-workloads', 'delete-external-secrets', 'delete-argo-cd', 'remove-compute:hub', 'cdk-destroy:dev', 'cdk-destroy:prod', 'cdk-destroy:hub', 'sweep:111111111111/eu-west-1'];
    const positions = steps.map((s) => r.stdout.indexOf(s));
    expect(positions.every((p) => p >= 0)).toBe(true);
    expect([...positions].sort((a, b) => a - b)).toEqual(positions);
    expect(r.stdout).toContain('update-cluster-config --name test-dev --region eu-west-1 --compute-config enabled=false');
    expect(r.stdout).not.toContain('nodepools');
    expect(ws.calls()).toEqual([]);
  });

  test('refuses without confirmation when there is no terminal, changing nothing', () => {
    const ws = upPlatform();
    const r = ws.run('destroy', FAST);
    expect(r.status).toBe(1);
    expect(r.stdout).toContain('not confirmed: nothing was changed');
    expect(ws.calls().filter((c) => c.mutating)).toEqual([]);
  });

  test('tears down in order (workloads, then External Secrets, then Argo CD, then compute, spokes, hub) and never touches what the platform did not create', () => {
    const ws = upPlatform();
    // Multi-account: each account's AWS calls use that account's profile.
    ws.patchState((s) => {
      s.profiles = { 'ops-dev': '222222222222', 'ops-prod': '333333333333' };
      // A team removed from the config since its token was made; another platform's token; a name we never make.
      Object.assign(s.secrets, { 'test/gitlab/token/ci/retired-team': '{}', 'test-old/gitlab/token/argocd': '{}', 'test/gitlab/token-notes': '{}' });
    });
    const r = ws.run('destroy', [...FAST, '--yes'], { AWS_PROFILE_222222222222: 'ops-dev', AWS_PROFILE_333333333333: 'ops-prod' });
    expect([r.status, r.stdout]).toEqual([0, expect.stringContaining('destroyed')]);
    const mutating = mutatingCalls(ws);
    const at = (re: RegExp) => mutating.findIndex((c) => re.test(c));
    // The app-of-apps go first, without cascade.
    expect(at(/^kubectl patch applications.argoproj.io test-bootstrap .*finalizers":null/)).toBe(0);
    const deleted = ws.state().k8s.deletedApps as { name: string; cascade: boolean }[];
    const pos = (name: string) => deleted.findIndex((d) => d.name === name);
    // …the platform-custom one too: its cascade would delete the registrations (cluster secrets) while Argo CD still needs them.
    expect(deleted.filter((d) => ['test-bootstrap', 'test-platform', 'test-platform-custom'].includes(d.name)).map((d) => d.cascade)).toEqual([false, false, false]);
    const eso = deleted.filter((d) => d.name.startsWith('external-secrets-'));
    const rest = deleted.filter((d) => !/^(external-secrets|argo-cd)-|^test-(bootstrap|platform|platform-custom)$/.test(d.name));
    expect(rest.length).toBeGreaterThan(10);
    expect(rest.every((d) => d.cascade)).toBe(true);
    expect(eso.map((d) => d.name).sort()).toEqual(['external-secrets-dev', 'external-secrets-hub', 'external-secrets-prod']);
    expect(Math.max(...rest.map((d) => pos(d.name)))).toBeLessThan(Math.min(...eso.map((d) => pos(d.name))));
    // Argo CD last: its Application without cascade (it cannot delete itself), then helm uninstall.
    expect(deleted[deleted.length - 1]).toEqual({ name: 'argo-cd-hub', cascade: false });
    expect(at(/^helm uninstall argo-cd --namespace argocd --kube-context test-hub/)).toBeGreaterThan(at(/external-secrets-prod/));
    // Compute is switched off through the compute config, after the applications; node pools are never patched.
    expect(at(/^aws (--profile ops-dev )?eks update-cluster-config --name test-dev .*--compute-config enabled=false/)).toBeGreaterThan(at(/^helm uninstall/));
    expect(ws.state().nodePoolPatches).toEqual([]);
    expect(at(/^cdk destroy test-dev/)).toBeGreaterThan(at(/update-cluster-config --name test-dev/));
    expect(at(/^cdk destroy test-hub/)).toBeGreaterThan(at(/^cdk destroy test-dev/));
    expect(at(/^cdk destroy test-hub/)).toBeGreaterThan(at(/^cdk destroy test-prod/));
    expect(at(/update-termination-protection .*test-prod/)).toBeLessThan(at(/^cdk destroy test-prod/));
    expect(Object.keys(ws.state().stacks)).toEqual([]);

    // The sweep matched on the platform id only: another platform named "test" keeps its volume.
    const swept = ws.state().deleted as string[];
    expect(swept.sort()).toEqual(['/aws/eks/test-dev/cluster', 'vol-0dev']);
    const remaining = (ws.state().tagged as { ResourceARN: string }[]).map((t) => t.ResourceARN);
    expect(remaining).toEqual(expect.arrayContaining([expect.stringContaining('vol-sametest'), expect.stringContaining('vol-nameonly'), expect.stringContaining('vol-untagged'), expect.stringContaining('test-dev-artifacts'), expect.stringContaining('test-prod/cluster')]));
    expect(remaining.some((a) => a.includes('loadbalancer'))).toBe(false);
    expect(r.stdout).toContain('retained (deletion protection of prod)');
    expect(r.stdout).toContain('left for you (type not swept): arn:aws:s3:::test-dev-artifacts');
    // The credentials the bootstrap made outside the stacks, deleted after the hub stack (no recovery window:
    // the next bootstrap makes new ones under the same names); another platform's secrets, and names the
    // contract does not spell, untouched.
    const deletedSecrets = (ws.state().deletedSecrets as { id: string; recoveryWindowInDays: number }[]);
    expect(deletedSecrets.map((x) => x.id).sort()).toEqual(['test/argocd/portal-token', 'test/gitlab/root-token', 'test/gitlab/runner-token', ...['argocd', 'backstage', 'ci/payments', 'ci/retired-team', 'devlake/payments', 'events', 'kargo'].map((t) => `test/gitlab/token/${t}`)].sort());
    expect(deletedSecrets.every((x) => x.recoveryWindowInDays === 0)).toBe(true);
    expect(Object.keys(ws.state().secrets)).toEqual(expect.arrayContaining(['test-old/gitlab/token/argocd', 'test/gitlab/token-notes', 'test/gitlab/root']));
    expect(at(/secretsmanager delete-secret/)).toBeGreaterThan(at(/^cdk destroy test-hub/));
    // Each account's calls went out with its own profile.
    expect(ws.calls().filter((c) => c.tool === 'aws' && c.args.includes('test-prod')).every((c) => c.profile === 'ops-prod')).toBe(true);
  });

  test('fails before any deletion when the hub is unreachable, naming it and the fix; marks nothing done', () => {
    const ws = upPlatform();
    ws.patchState((s) => {
      s.eks[HUB_ARN].reachable = false;
    });
    const r = ws.run('destroy', [...FAST, '--yes']);
    expect(r.status).toBe(1);
    expect(r.stdout).toMatch(/cluster hub \(test-hub, 111111111111\/eu-west-1\) is needed by stop-root, delete-workloads, delete-external-secrets, delete-argo-cd but is not usable: .*Unable to connect to the server/);
    expect(r.stdout).toContain('re-run with --cluster-gone hub');
    expect(r.stdout).toContain('nothing was deleted');
    expect(mutatingCalls(ws)).toEqual([]);
    expect(ws.exists('.state/destroy/journal.json') ? JSON.parse(require('node:fs').readFileSync(join(ws.dir, '.state/destroy/journal.json'), 'utf8')).done : {}).toEqual({});
  });

  test('fails when --cluster-gone names a cluster EKS still lists; proceeds without its API once it is really gone', () => {
    const ws = upPlatform();
    const refused = ws.run('destroy', [...FAST, '--yes', '--cluster-gone', 'hub']);
    expect(refused.status).toBe(1);
    expect(refused.stdout).toMatch(/--cluster-gone hub: EKS cluster test-hub still exists in 111111111111\/eu-west-1 \(status ACTIVE\)/);
    expect(mutatingCalls(ws)).toEqual([]);

    ws.patchState((s) => {
      delete s.eks[HUB_ARN];
    });
    const r = ws.run('destroy', [...FAST, '--yes', '--cluster-gone', 'hub']);
    expect([r.status, r.stdout]).toEqual([0, expect.stringContaining('declared gone (--cluster-gone)')]);
    expect(ws.calls().filter((c) => c.context === 'test-hub')).toEqual([]);
    expect(r.stdout).not.toMatch(/stop-root|delete-workloads/);
    expect(Object.keys(ws.state().stacks)).toEqual([]);
  });

  test('fails at once with the failed call when a listing fails, never as a timeout and with no fallback', () => {
    const ws = upPlatform();
    const r = ws.run('destroy', ['--poll-seconds', '0', '--timeout-minutes', '30', '--yes'], { FAKE_FAIL: '^kubectl get buckets.* --context test-dev ' }); // dev only: spokes are listed concurrently
    expect(r.status).toBe(1);
    // The call as zx quotes it to run it (`$'…'` around the comma-separated kinds): scripts/lib/tools.ts show().
    expect(r.stdout).toMatch(/✗ delete-workloads failed .*`kubectl get \$'buckets\.s3\.services\.k8s\.aws,\S+' --all-namespaces --context test-dev --output json` failed \(exit 1\): injected failure/);
    expect(r.stdout).not.toMatch(/timed out|not finished after/);
    expect(mutatingCalls(ws).filter((c) => /webhookconfigurations|finalizers/.test(c) && !/test-(bootstrap|platform)/.test(c))).toEqual([]);
  });

  test('a re-run after a failure resumes from the journal without repeating a mutating call that had succeeded', () => {
    const ws = upPlatform();
    expect(ws.run('destroy', [...FAST, '--yes'], { FAKE_FAIL: '^cdk destroy test-hub' }).status).toBe(1);
    const r = ws.run('destroy', [...FAST, '--yes']);
    expect([r.status, r.stdout]).toEqual([0, expect.stringContaining('already done (journal): stop-root')]);
    const succeeded = ws.calls().filter((c) => c.mutating && c.exit === 0).map(cmd);
    expect(succeeded.filter((c, i) => succeeded.indexOf(c) !== i)).toEqual([]);
  });

  test('--help', () => {
    const ws = new Workspace(rawTestConfig());
    expect(ws.run('destroy', ['--help']).stdout).toMatch(/--cluster-gone NAME/);
  });
});

/** A clock that only moves when waited on: timeouts elapse without real waiting. */
class VirtualClock implements Clock {
  private t = 0;
  now(): number {
    return this.t;
  }
  async sleep(ms: number): Promise<void> {
    this.t += ms;
  }
}

describe('destroy waits (steps in-process, stand-in CLIs, virtual clock)', () => {
  test('forces webhooks and finalizers only after the timeout has elapsed, and says so', async () => {
    const ws = upPlatform();
    ws.patchState((s) => {
      s.stuckApps = ['kargo-hub'];
    });
    const clock = new VirtualClock();
    const logFile = join(ws.dir, '.state', 'test.log');
    const runLog = new RunLog(logFile);
    const tools = new Tools(logFile, { env: ws.env(), cwd: ws.dir });
    const access = new ClusterAccess(ws.config, tools);
    const changes: { at: number; call: string }[] = [];
    tools.guardKubeMutations(async (context, args) => {
      changes.push({ at: clock.now(), call: args.join(' ') });
      await access.beforeKubeMutation(context);
    });
    const lines: string[] = [];
    const steps = destroySteps({ config: ws.config, tools, access, gone: new Set(), wait: { pollSeconds: 60, timeoutMinutes: 5, clock }, log: (l) => lines.push(l) });
    const quiet = jest.spyOn(console, 'log').mockImplementation(() => undefined);
    try {
      const result = await runPlan(steps.filter((s) => ['stop-root', 'delete-workloads'].includes(s.name)), new Journal(join(ws.dir, '.state', 'j.json')), runLog);
      expect(result.failed).toBeUndefined();
    } finally {
      quiet.mockRestore();
    }
    const forced = changes.filter((c) => /webhookconfigurations|patch applications.argoproj.io kargo-hub/.test(c.call));
    expect(forced.length).toBeGreaterThan(0);
    expect(Math.min(...forced.map((c) => c.at))).toBeGreaterThanOrEqual(5 * 60_000);
    // Every ordinary deletion happened before any time had passed.
    expect(changes.filter((c) => /^kubectl delete applications/.test(c.call)).every((c) => c.at === 0)).toBe(true);
    expect(lines.join('\n')).toMatch(/not finished after 5 min; removing the platform's admission webhooks and patching the finalizers of 1 stuck application\(s\): kargo-hub/);
    expect((ws.state().k8s.applications as { metadata: { name: string } }[]).map((a) => a.metadata.name).sort()).toEqual(['argo-cd-hub', 'external-secrets-dev', 'external-secrets-hub', 'external-secrets-prod']);
  }, 300_000); // a whole bootstrap and destroy through stand-ins: minutes on a loaded 2-core machine
});
