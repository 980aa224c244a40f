import { PORTAL_ARGOCD, portalArgoCdEnabled, portalArgoCdSecretName } from '../../contract/portal-argocd';
import { jwtClaims } from '../../scripts/platform/argocd-portal-token';
import { cmd, Workspace } from '../support/fake-cli/workspace';
import { rawTestConfig } from '../support/test-config';

/**
 * The portal's Argo CD token as a bootstrap step, at the process boundary: the real bootstrap script with
 * the stand-in kubectl (test/support/fake-cli/), whose `argocd account generate-token|delete-token` keeps
 * argocd-secret's token record the way Argo CD does (ids and issue times; a second token of one id refused:
 * https://argo-cd.readthedocs.io/en/stable/user-guide/commands/argocd_account_generate-token/).
 */
const FAST = ['--poll-seconds', '0', '--timeout-minutes', '5'];
const out = (r: { stdout: string; stderr: string }) => `${r.stdout}\n${r.stderr}`;
const raw = rawTestConfig({});
const isTokenCall = (verb: string) => (c: { tool: string; args: string[] }) => c.tool === 'kubectl' && c.args[0] === 'exec' && c.args.includes(verb);

describe('bootstrap: the portal\'s read-only Argo CD token', () => {
  const ws = new Workspace(raw);
  const secretName = portalArgoCdSecretName(ws.config);
  const stored = () => JSON.parse(ws.state().secrets[secretName] ?? '{}')[PORTAL_ARGOCD.secretKey] as string | undefined;

  test('the fixture is one the step applies to (self-managed Argo CD and the portal on the hub)', () => {
    expect(portalArgoCdEnabled(ws.config)).toBe(true);
  });

  test('a bootstrap generates one token of the account in the argocd-server pod and stores only it in Secrets Manager', () => {
    const r = ws.run('bootstrap', FAST);
    expect([r.status, out(r)]).toEqual([0, expect.stringContaining('argocd-portal-token')]);
    const token = stored();
    expect(jwtClaims(token ?? '')).toEqual(expect.objectContaining({ jti: PORTAL_ARGOCD.tokenId, sub: `${PORTAL_ARGOCD.account}:apiKey` }));
    expect(ws.state().argocdTokens[PORTAL_ARGOCD.account]).toEqual([{ id: PORTAL_ARGOCD.tokenId, iat: jwtClaims(token!)!.iat }]);
    const generate = ws.calls().filter(isTokenCall('generate-token')).map(cmd);
    expect(generate).toEqual([`kubectl exec --context test-hub --namespace argocd deployment/argo-cd-argocd-server -- argocd account generate-token --id ${PORTAL_ARGOCD.tokenId} --core --account ${PORTAL_ARGOCD.account}`]);
    // The value never reaches argv (process list) or the output; it travels kubectl stdout → a 0600 file.
    expect(ws.calls().map(cmd).filter((c) => c.includes(token!))).toEqual([]);
    expect(out(r)).not.toContain(token!);
  });

  test('a re-run finds the stored token recorded by Argo CD and creates no second one', () => {
    ws.clearCalls();
    const before = stored();
    const r = ws.run('bootstrap', FAST);
    expect([r.status, out(r)]).toEqual([0, expect.stringContaining('argocd-portal-token already done')]);
    expect(ws.calls().filter((c) => isTokenCall('generate-token')(c) || isTokenCall('delete-token')(c))).toEqual([]);
    expect(ws.state().argocdTokens[PORTAL_ARGOCD.account]).toHaveLength(1);
    expect(stored()).toBe(before);
  });

  test('fails the check when Argo CD no longer lists the stored token (a reinstall): the re-run replaces it, still one token', () => {
    const before = stored();
    // A token of the same id but another issue time: the stored value is not the one Argo CD accepts.
    ws.patchState((s) => { s.argocdTokens[PORTAL_ARGOCD.account] = [{ id: PORTAL_ARGOCD.tokenId, iat: 1 }]; });
    ws.clearCalls();
    const r = ws.run('bootstrap', FAST);
    expect(r.status).toBe(0);
    expect(ws.calls().filter((c) => isTokenCall('delete-token')(c) || isTokenCall('generate-token')(c)).map((c) => c.args.find((a) => /-token$/.test(a)))).toEqual(['delete-token', 'generate-token']);
    expect(stored()).not.toBe(before);
    expect(ws.state().argocdTokens[PORTAL_ARGOCD.account]).toEqual([{ id: PORTAL_ARGOCD.tokenId, iat: jwtClaims(stored()!)!.iat }]);
  });
});
