import { spawnSync } from 'node:child_process';
import { chmodSync, copyFileSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

// ./quickstart demo on a machine without node_modules: the install must never be a silent minute,
// and the run ends with where the time went. The real script runs; npm and npx are stand-ins
// (npm ci takes a few seconds and writes node_modules/.package-lock.json as the real one does).
const ROOT = join(__dirname, '..', '..');

describe('./quickstart demo', () => {
  const dir = mkdtempSync(join(tmpdir(), 'pb-quickstart-'));
  const bin = join(dir, 'bin');
  mkdirSync(bin);
  copyFileSync(join(ROOT, 'quickstart'), join(dir, 'quickstart'));
  chmodSync(join(dir, 'quickstart'), 0o755);
  writeFileSync(join(dir, 'package-lock.json'), JSON.stringify({ packages: { '': {}, 'node_modules/a': {}, 'node_modules/b': {} } }));
  const stub = (name: string, body: string) => {
    writeFileSync(join(bin, name), `#!/usr/bin/env bash\n${body}\n`);
    chmodSync(join(bin, name), 0o755);
  };
  stub('npm', 'case "$1" in -v) echo 10.0.0;; ci) mkdir -p node_modules/a; echo "{}" > node_modules/a/package.json; sleep 3; echo "{}" > node_modules/.package-lock.json;; esac');
  stub('npx', 'echo "npx $*"; sleep 1');

  const r = spawnSync(join(dir, 'quickstart'), ['demo'], {
    cwd: dir,
    encoding: 'utf8',
    env: { ...process.env, PATH: [bin, dirname(process.execPath), '/usr/bin', '/bin'].join(':'), QUICKSTART_PROGRESS_SECONDS: '1' },
  });

  test('says what it installs, that it is still installing, and how long it took', () => {
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/› npm ci: 2 packages pinned in package-lock\.json \(/);
    expect(r.stdout).toMatch(/ {2}… npm ci still installing \(\d+ s, 1 packages unpacked so far\)/);
    expect(r.stdout).toMatch(/› npm ci done in \d+ s/);
  });

  test('runs regeneration then the demo, and prints the timing of every phase at the end', () => {
    expect(r.stdout.indexOf('npx projen\n')).toBeLessThan(r.stdout.indexOf('npx projen demo\n'));
    const tail = r.stdout.slice(r.stdout.indexOf('Phase timings:'));
    expect(tail).toMatch(/^Phase timings:\n {2}node +\d+ s\n {2}install +[1-9]\d* s\n {2}regenerate +[1-9]\d* s\n {2}synth +[1-9]\d* s\n$/);
  });

  test('a second run finds node_modules current and says so', () => {
    const again = spawnSync(join(dir, 'quickstart'), ['demo'], { cwd: dir, encoding: 'utf8', env: { ...process.env, PATH: [bin, dirname(process.execPath), '/usr/bin', '/bin'].join(':') } });
    expect(again.status).toBe(0);
    expect(again.stdout).toContain('› node_modules is current with package-lock.json: nothing to install');
  });
});
