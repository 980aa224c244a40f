import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * Jest global setup and teardown of the folder every CDK synth of a test run goes into
 * (test/support/synth-platform.ts): one folder per run, named in the environment the workers inherit,
 * removed when the run ends. Each synth stages the kubectl layers' assets (~94 MiB), so a full run left
 * in the temp folder filled the disk.
 */
export const SYNTH_RUN_DIR_ENV = 'PB_SYNTH_RUN_DIR';

export function globalSetup(): void {
  process.env[SYNTH_RUN_DIR_ENV] = mkdtempSync(join(tmpdir(), 'pb-cdk-run-'));
}

export function globalTeardown(): void {
  const dir = process.env[SYNTH_RUN_DIR_ENV];
  if (dir) rmSync(dir, { recursive: true, force: true });
}
