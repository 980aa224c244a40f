import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CONNECTION_KEYS, registrationSecretName } from '../../contract/gitops-bridge';
import { cmd, Workspace } from '../support/fake-cli/workspace';
import { rawTestConfig } from '../support/test-config';

// A generous budget: the stand-ins answer at once, so waits end as soon as their condition holds.
const FAST = ['--poll-seconds', '0', '--timeout-minutes', '5'];
const HUB_ARN = 'arn:aws:eks:eu-west-1:111111111111:cluster/test-hub';

/** A workspace in managed Argo CD mode whose hub registration carries the cluster ARN, as the CDK stack writes it. */
function capabilityWorkspace(): Workspace {
  const ws = new Workspace(rawTestConfig({ argocd: { mode: 'eks-capability', identityCenterInstanceArn: 'arn:aws:sso:::instance/ssoins-0123456789abcdef' } }));
  ws.patchState((s) => {
    s.registrations[registrationSecretName(ws.config, ws.config.hub)][CONNECTION_KEYS.clusterArn] = HUB_ARN;
  });
  return ws;
}

describe('npx projen bootstrap with the EKS managed Argo CD capability', () => {
  test('the argocd step waits for the capability to be ACTIVE and installs no Argo CD chart', () => {
    const ws = capabilityWorkspace();
    const r = ws.run('bootstrap', FAST, { FAKE_DEPLOY_MS: '200' });
    expect([r.status, r.stdout]).toEqual([0, expect.stringContaining('Platform "test" is up.')]);
    const calls = ws.calls().map(cmd);
    expect(calls).toContainEqual(expect.stringMatching(/^aws eks describe-capability --cluster-name test-hub --capability-name test-argocd .*--query capability.status/));
    expect(calls.filter((c) => /^helm upgrade --install argo-cd/.test(c))).toEqual([]);
    expect(r.stdout).toContain('EKS managed capability test-argocd (sign in with IAM Identity Center');
  });

  test('the hub is seeded by its cluster ARN (never kubernetes.default.svc), with its capability and add-on labels', () => {
    const ws = capabilityWorkspace();
    expect(ws.run('bootstrap', FAST).status).toBe(0);
    const seed = JSON.parse(readFileSync(join(ws.dir, '.state', 'bootstrap', 'seed-registration.json'), 'utf8'));
    expect(seed.stringData).toEqual({ name: 'hub', server: HUB_ARN });
    // External Secrets comes to the hub through this secret, then turns every registration into a cluster secret.
    expect(seed.metadata.labels).toMatchObject({ 'capability_argocd': 'true', 'enable_external_secrets': 'true', 'argocd.argoproj.io/secret-type': 'cluster' });
    expect(seed.metadata.labels).not.toHaveProperty('enable_argo_cd');
    expect(JSON.stringify(seed.metadata.annotations)).not.toContain(HUB_ARN);
  });

  test('spokes deploy after the hub: their access entries name the hub\'s capability role, which must exist', () => {
    const ws = capabilityWorkspace();
    expect(ws.run('bootstrap', FAST, { FAKE_DEPLOY_MS: '300' }).status).toBe(0);
    const deploys = ws.calls().filter((c) => c.tool === 'cdk' && c.args[0] === 'deploy');
    const hub = deploys.find((d) => d.args[1] === 'test-hub')!;
    for (const spoke of deploys.filter((d) => d.args[1] !== 'test-hub')) expect(spoke.startedAt).toBeGreaterThanOrEqual(hub.endedAt);
  });
});
