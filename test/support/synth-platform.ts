import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App } from 'aws-cdk-lib';
import { availabilityZoneContext } from '../../blueprints/availability-zones';
import { buildPlatform, PlatformStacks } from '../../blueprints/platform-app';
import type { ResolvedConfig } from '../../config/resolved-config';
import { SYNTH_RUN_DIR_ENV } from './synth-run-dir';

/** The context `cdk synth` gives the app (feature flags from cdk.json) plus the AZ answers. */
export function appContext(config: ResolvedConfig): Record<string, unknown> {
  const cdkJson = JSON.parse(readFileSync(join(__dirname, '..', '..', 'cdk.json'), 'utf8')) as { context?: Record<string, unknown> };
  return { ...cdkJson.context, ...availabilityZoneContext(config) };
}

/**
 * The policy-validation findings (cdk-nag) an assembly's synth reported, from the `validation-report.json`
 * aws-cdk-lib writes beside the templates; `[]` when every finding is acknowledged.
 */
export function nagViolations(outdir: string): { ruleName: string }[] {
  const report = JSON.parse(readFileSync(join(outdir, 'validation-report.json'), 'utf8')) as { pluginReports: { violations?: { ruleName: string }[] }[] };
  return report.pluginReports.flatMap((r) => r.violations ?? []);
}

/**
 * Synth folders are removed once nobody reads them (~94 MiB each: the kubectl layers' assets are staged
 * into them; left behind, a full test run filled the disk). Callers read templates after synthPlatform
 * returns, so a folder lives until the end: under jest, in the run's folder that the global teardown
 * removes (test/support/synth-run-dir.ts); elsewhere (a script), until the process exits.
 */
const outdirs: string[] = [];
process.once('exit', () => {
  for (const dir of outdirs) rmSync(dir, { recursive: true, force: true });
});

/**
 * Builds the real CDK app for a config (cdk-nag included) and synthesizes it into a temp folder.
 * cdk-nag reports failures by setting `process.exitCode` (not by throwing); jest reuses worker
 * processes across test files, so the code is cleared before the synth, returned, and restored after.
 */
export function synthPlatform(config: ResolvedConfig): { app: App; stacks: PlatformStacks; outdir: string; exitCode: number | string | undefined } {
  const runDir = process.env[SYNTH_RUN_DIR_ENV];
  const outdir = mkdtempSync(join(runDir ?? tmpdir(), 'pb-cdk-'));
  if (!runDir) outdirs.push(outdir);
  const app = new App({ outdir, context: appContext(config) });
  const stacks = buildPlatform(app, config);
  const before = process.exitCode;
  process.exitCode = undefined;
  try {
    app.synth();
    return { app, stacks, outdir, exitCode: process.exitCode };
  } finally {
    process.exitCode = before;
  }
}
