import { execFileSync } from 'node:child_process';
import { join } from 'node:path';

/**
 * The same config gives byte-identical output whatever the machine: two separate processes, with
 * time zones on opposite sides of the date line and locales that sort and case letters differently
 * (Turkish dotless i), fingerprint the GitOps tree and the synthesized templates (test/support/fingerprint.ts).
 * Checking twice in one process would miss state kept between runs and anything read from the environment.
 */
test('generators are deterministic across processes, time zones and locales', () => {
  const run = (env: Record<string, string>) =>
    JSON.parse(execFileSync(join(__dirname, '..', 'node_modules', '.bin', 'tsx'), [join(__dirname, 'support', 'fingerprint.ts')], {
      env: { ...process.env, ...env },
      encoding: 'utf8',
    })) as { gitops: string; cdk: string; templates: number };
  const first = run({ TZ: 'Pacific/Kiritimati', LANG: 'tr_TR.UTF-8', LC_ALL: 'tr_TR.UTF-8' });
  const second = run({ TZ: 'America/St_Johns', LANG: 'C', LC_ALL: 'C' });
  expect(first.templates).toBeGreaterThanOrEqual(3);
  expect(second).toEqual(first);
});
