import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { oidcIssuer } from '../../contract/sso';
import { LAYOUT } from '../../gitops/gitops-layout';
import { configuredIssuers } from '../../scripts/platform/sso-issuers';
import { cmd, Workspace } from '../support/fake-cli/workspace';
import { forkLikeRawConfig, rawTestConfig } from '../support/test-config';

// The bootstrap's verify-sso step against the stand-in curl, which answers Keycloak's discovery from the
// Keycloak values and realm import we rendered (test/support/fake-cli/keycloak-discovery.mjs), so the
// step passes only when what Keycloak would serve and what every tool is configured with agree.
// The identity the stand-in STS answers with (test/support/fake-cli/workspace.ts); the fork's own admins are people.
const OPERATOR = 'arn:aws:iam::444444444444:role/platform-operator';
const out = (r: { stdout: string; stderr: string }) => `${r.stdout}\n${r.stderr}`;
const verifySso = (ws: Workspace) => ws.run('bootstrap', ['--only', 'verify-sso', '--poll-seconds', '0', '--timeout-minutes', '1']);
const tree = (ws: Workspace, ...path: string[]) => join(ws.dir, ws.config.git.basePath, ...path);
const edit = (file: string, from: string | RegExp, to: string) => {
  const text = readFileSync(file, 'utf8');
  const next = text.replace(from, to);
  expect(next).not.toBe(text); // the edit must hit: a test that changes nothing proves nothing
  writeFileSync(file, next);
};

describe('verify-sso (real script, stand-in curl serving our rendered Keycloak)', () => {
  test.each([['the test config', rawTestConfig()], ['a fork-like config', forkLikeRawConfig({ admins: { principals: [OPERATOR], requireMfa: false } })]])('%s: Keycloak serves the issuer every tool is configured with', (_, raw) => {
    const ws = new Workspace(raw);
    const issuer = oidcIssuer(ws.config);
    // The tools that trust Keycloak do name it (else the comparison below would be vacuous).
    expect([...configuredIssuers(tree(ws)).keys()]).toEqual([issuer]);
    const r = verifySso(ws);
    expect([r.status, out(r)]).toEqual([0, expect.stringMatching(/✓ verify-sso/)]);
    expect(ws.calls().filter((c) => c.tool === 'curl').map(cmd)).toEqual([`curl --fail --silent --show-error --max-time 10 ${issuer}/.well-known/openid-configuration`]);
  });

  test('a bare host name in KC_HOSTNAME serves the same issuer: scheme from X-Forwarded-Proto, path from http.relativePath', () => {
    const ws = new Workspace(rawTestConfig());
    edit(tree(ws, LAYOUT.addonValues, 'keycloak', 'values.yaml'), /value: https:\/\/(keycloak\.[^\s]+)/, 'value: $1');
    const r = verifySso(ws);
    expect([r.status, out(r)]).toEqual([0, expect.stringMatching(/✓ verify-sso/)]);
  });

  test('fails when a tool is configured with another issuer: verify-sso names the file and both issuers', () => {
    const ws = new Workspace(rawTestConfig());
    const issuer = oidcIssuer(ws.config);
    const other = issuer.replace(/\/realms\/[^/]+$/, '/realms/other');
    const grafana = join(LAYOUT.addonValues, 'grafana', 'values.yaml');
    edit(tree(ws, grafana), new RegExp(`${issuer.replace(/[.]/g, '\\.')}/`, 'g'), `${other}/`);
    const r = verifySso(ws);
    expect(out(r)).toContain(`verify-sso (best effort) did not finish: ${grafana} configure issuer ${other}, but Keycloak serves ${issuer}`);
  });

  test('fails when the Keycloak values keep the chart\'s /auth path with a bare host name: Keycloak serves another issuer than the tools use', () => {
    const ws = new Workspace(rawTestConfig());
    const values = tree(ws, LAYOUT.addonValues, 'keycloak', 'values.yaml');
    edit(values, /value: https:\/\/(keycloak\.[^\s]+)/, 'value: $1');
    edit(values, /http:\n {2}relativePath: \/\n/, ''); // the chart's default, /auth, applies
    const r = verifySso(ws);
    // The platform realm is then served below /auth only: the URL the tools were given answers 404.
    expect(out(r)).toMatch(/verify-sso \(best effort\) did not finish: .*404/);
  });

  test('fails when Keycloak\'s hostname names another host: the served issuer differs from the platform\'s', () => {
    const ws = new Workspace(rawTestConfig());
    const issuer = oidcIssuer(ws.config);
    edit(tree(ws, LAYOUT.addonValues, 'keycloak', 'values.yaml'), /value: https:\/\/keycloak\.[^\s]+/, 'value: https://sso.elsewhere.example');
    const r = verifySso(ws);
    expect(out(r)).toContain(`Keycloak serves issuer https://sso.elsewhere.example/realms/${ws.config.sso.realm} for the platform realm, expected ${issuer}`);
  });
});
