import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { RunLog } from '../../../scripts/lib/plan';
import { redact } from '../../../scripts/lib/redact';
import { Tools } from '../../../scripts/lib/tools';

/** [what, text, the secret that must disappear, what must remain]. */
const CASES: [string, string, string, string][] = [
  ['URL user:token', 'git push https://oauth2:glpat-abcdefghij0123456789@gitlab.example.com/p/g.git main', 'glpat-abcdefghij0123456789', 'git push https://***@gitlab.example.com/p/g.git main'],
  ['URL token as user name', 'git clone https://ghp_0123456789abcdefghijABCDEFGHIJ012345@github.com/a/b', 'ghp_0123456789', 'https://***@github.com/a/b'],
  ['?private_token=', 'curl https://gitlab.example.com/api/v4/projects?private_token=s3cr3tValue&per_page=1', 's3cr3tValue', '?private_token=***&per_page=1'],
  ['a bare GitLab token', 'token glpat-ZYXWVUTSRQPONMLKJIHG12 rejected', 'glpat-ZYXWVUTSRQPONMLKJIHG12', 'token *** rejected'],
  ['--password value', 'helm registry login r.example.com --username u --password hunter2hunter2', 'hunter2hunter2', '--password ***'],
  ['--token=value', 'argocd login --token=abc.def.ghi-secret', 'abc.def.ghi-secret', '--token=***'],
  ['an auth header', "curl -H 'PRIVATE-TOKEN: abcd1234secret' https://gitlab.example.com/api/v4/user", 'abcd1234secret', 'PRIVATE-TOKEN: ***'],
  ['a bearer header', 'curl -H "Authorization: Bearer eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJhZG1pbiJ9.c2lnbmF0dXJlc2ln"', 'eyJzdWIiOiJhZG1pbiJ9', 'Authorization: Bearer ***'],
  ['an env assignment', 'GITLAB_TOKEN=abc123secret git push', 'abc123secret', 'GITLAB_TOKEN=*** git push'],
  ['an AWS access key id', 'aws configure set aws_access_key_id AKIAIOSFODNN7EXAMPLE', 'AKIAIOSFODNN7EXAMPLE', 'aws_access_key_id ***'],
];

describe('redact', () => {
  test.each(CASES)('masks %s', (_what, text, secret, kept) => {
    const masked = redact(text);
    expect(masked).not.toContain(secret);
    expect(masked).toContain(kept);
    expect(redact(masked)).toBe(masked); // idempotent
  });

  test.each([
    'kubectl --context dev get applications -n argocd',
    'git push ssh://git@gitlab.example.com/platform/acme.git main',
    'git fetch git@gitlab.example.com:platform/acme.git',
    'helm upgrade --install argo-cd argo/argo-cd --version 9.1.4 -f values.yaml',
    'aws secretsmanager describe-secret --secret-id acme/keycloak-admin',
  ])('leaves a line without secrets unchanged: %s', (text) => {
    expect(redact(text)).toBe(text);
  });

  test('RunLog masks the printed line and the log file', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'pb-redact-')), 'run.log');
    const printed: string[] = [];
    const spy = jest.spyOn(console, 'log').mockImplementation((line: string) => void printed.push(line));
    try {
      new RunLog(file).line('      $ git push https://oauth2:glpat-abcdefghij0123456789@gitlab.example.com/p/g.git');
    } finally {
      spy.mockRestore();
    }
    expect(printed.join('\n')).not.toContain('glpat-abcdefghij0123456789');
    expect(readFileSync(file, 'utf8')).not.toContain('glpat-abcdefghij0123456789');
    expect(readFileSync(file, 'utf8')).toContain('https://***@gitlab.example.com/p/g.git');
  });

  test('Tools records commands masked in the run log', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'pb-redact-')), 'run.log');
    await new Tools(file).ok('true', '--token', 'tok-s3cr3t-value', 'https://u:pw-s3cr3t@example.com/r.git');
    const logged = readFileSync(file, 'utf8');
    expect(logged).not.toContain('tok-s3cr3t-value');
    expect(logged).not.toContain('pw-s3cr3t');
    expect(logged).toMatch(/\$ true --token \*\*\* https:\/\/\*\*\*@example\.com\/r\.git → exit 0/);
  });
});
