import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** The opt-in screenshot command's cheap contract: usage, and refusing to start without its inputs. */
const ROOT = join(__dirname, '..', '..');
const run = (...args: string[]) => spawnSync(process.execPath, ['--import', 'tsx', join(ROOT, 'scripts', 'portal-screenshot.ts'), ...args], { cwd: ROOT, encoding: 'utf8', timeout: 60_000 });

describe('portal:screenshot', () => {
  test('--help prints the usage and does nothing else', () => {
    const r = run('--help');
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/Usage: npx projen portal:screenshot/);
    expect(r.stdout).toMatch(/portal-catalog\.png and DIR\/portal-entity\.png/);
  });

  test('fails when the generated portal config is missing, before installing anything', () => {
    const empty = mkdtempSync(join(tmpdir(), 'portal-config-'));
    // --chromium: any executable; the command stops at its inputs check, long before a browser starts.
    const r = run('--config-dir', empty, '--chromium', process.execPath);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/the screenshot runs the portal's own backend and generated config; missing: /);
    for (const f of ['app-config.yaml', 'app-config.platform.yaml']) expect(r.stderr).toContain(join(empty, f));
    expect(r.stdout).not.toMatch(/Installing/);
  });

  test('fails when an option is unknown (a typo never changes what it does)', () => {
    expect(run('--outt', 'x').status).toBe(2);
  });
});
