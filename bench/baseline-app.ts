import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { $ } from 'zx';

// The yardstick for the synth and size figures: a bare eks-blueprints app (Auto Mode clusters, no
// platform layer) with cdk-nag's AwsSolutions checks on, as a new user would start one: its own folder,
// `npm install` of exactly our pinned aws-cdk-lib / eks-blueprints / cdk-nag / aws-cdk / constructs,
// plain JavaScript run by node (no TypeScript runner at all: the cheapest possible app start).
// Cached under .cache/ by the versions, so only the first bench run pays the install.

const ROOT = join(__dirname, '..');
const PINNED = ['aws-cdk-lib', '@aws-quickstart/eks-blueprints', 'cdk-nag', 'aws-cdk', 'constructs'] as const;

/** Two clusters in two accounts, the AZ answers given as context so synth never looks anything up. */
export const BASELINE_AZ_CONTEXT: Record<string, string[]> = {
  'availability-zones:account=111111111111:region=eu-west-1': ['eu-west-1a', 'eu-west-1b', 'eu-west-1c'],
  'availability-zones:account=222222222222:region=eu-west-1': ['eu-west-1a', 'eu-west-1b', 'eu-west-1c'],
};
export const BASELINE_CLUSTERS = 2;

const APP_JS = `// Bare eks-blueprints app: two Auto Mode clusters, cdk-nag AwsSolutions checks on.
const blueprints = require('@aws-quickstart/eks-blueprints');
const { App, Validations } = require('aws-cdk-lib');
const eks = require('aws-cdk-lib/aws-eks-v2');
const { AwsSolutionsChecks } = require('cdk-nag');
const app = new App();
// cdk-nag 3 is a policy-validation plugin, registered the way blueprints/platform-app.ts does.
Validations.of(app).addPlugins(new AwsSolutionsChecks(app, { verbose: true }));
for (const [id, account] of [['baseline-hub', '111111111111'], ['baseline-spoke', '222222222222']]) {
  blueprints.AutomodeBuilder.builder({ version: eks.KubernetesVersion.of('1.34') }).account(account).region('eu-west-1').build(app, id);
}
app.synth();
// The bare app has findings nobody acknowledged: validation reports them and sets exitCode 1 after
// doing all the work. Clear it so cdk reads the assembly (the timing is what the bench wants).
process.exitCode = 0;
`;

/** The exact versions installed here (package.json pins; constructs from its installed copy). */
export function pinnedVersions(): Record<string, string> {
  const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { dependencies: Record<string, string>; devDependencies: Record<string, string> };
  return Object.fromEntries(PINNED.map((name) => [name, JSON.parse(readFileSync(join(ROOT, 'node_modules', name, 'package.json'), 'utf8')).version ?? pkg.dependencies[name] ?? pkg.devDependencies[name]]));
}

/** Creates (once per set of versions) and returns the baseline app's folder under .cache/. */
export async function ensureBaselineApp(log: (line: string) => void): Promise<string> {
  const versions = pinnedVersions();
  const dir = join(ROOT, '.cache', `bench-baseline-${createHash('sha256').update(JSON.stringify(versions)).digest('hex').slice(0, 12)}`);
  const cdkJson = JSON.parse(readFileSync(join(ROOT, 'cdk.json'), 'utf8')) as { context?: Record<string, unknown> };
  if (!existsSync(join(dir, 'node_modules', '.package-lock.json'))) {
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'bare-eks-blueprints-app', private: true, dependencies: versions }, null, 2));
    log(`baseline: npm install ${Object.entries(versions).map(([n, v]) => `${n}@${v}`).join(' ')} into ${dir} (once; cached)…`);
    const t = Date.now();
    await $({ cwd: dir, quiet: false })`npm install --no-audit --no-fund --loglevel=error`;
    log(`baseline: installed in ${((Date.now() - t) / 1000).toFixed(0)} s`);
  }
  writeFileSync(join(dir, 'app.js'), APP_JS);
  // Same feature flags as ours, so both synthesize the same CDK behaviour.
  writeFileSync(join(dir, 'cdk.json'), JSON.stringify({ app: 'node app.js', context: { ...cdkJson.context, ...BASELINE_AZ_CONTEXT } }, null, 2));
  return dir;
}
