import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { rawTestConfig } from '../support/test-config';

const ROOT = join(__dirname, '..', '..');
const TSX = join(ROOT, 'node_modules', '.bin', 'tsx');
const run = (script: string, ...args: string[]) => spawnSync(TSX, [join(ROOT, 'scripts', script), ...args], { cwd: ROOT, encoding: 'utf8' });
const dir = mkdtempSync(join(tmpdir(), 'pb-cli-'));

describe('npx projen validate / config', () => {
  test('validate accepts a good YAML config and says what it found', () => {
    writeFileSync(join(dir, 'good.yaml'), stringify(rawTestConfig()));
    const r = run('validate.ts', join(dir, 'good.yaml'));
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/valid — platform "test", 3 clusters \(hub, dev, prod\)/);
  });

  test('fails when the config has several mistakes, reporting every one with its path, exit code 1', () => {
    const bad = rawTestConfig({ name: 'Bad Name', domain: 'nodot' });
    (bad.hub as any).account = '123';
    (bad.hub as any).vpcCIDR = 'typo';
    writeFileSync(join(dir, 'bad.json'), JSON.stringify(bad));
    const r = run('validate.ts', join(dir, 'bad.json'));
    expect(r.status).toBe(1);
    for (const line of ['name: "Bad Name" — ', 'domain: "nodot" — ', 'hub.account: "123" — ', 'hub.vpcCIDR: "typo" — unknown field']) {
      expect(r.stderr).toContain(line);
    }
    expect(r.stderr).toMatch(/has 4 problems/);
  });

  test('config prints the resolved config as JSON on stdout', () => {
    writeFileSync(join(dir, 'good.json'), JSON.stringify(rawTestConfig()));
    const r = run('print-config.ts', join(dir, 'good.json'));
    expect(r.status).toBe(0);
    const resolved = JSON.parse(r.stdout);
    expect(resolved.hub.clusterName).toBe('test-hub');
    expect(resolved.spokes.map((s: { name: string }) => s.name)).toEqual(['dev', 'prod']);
  });

  test('--help explains usage; unknown flags are refused', () => {
    expect(run('validate.ts', '--help').stdout).toMatch(/Usage: npx projen validate \[FILE\]/);
    const r = run('validate.ts', '--strict');
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/unknown option --strict/);
  });
});
