import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { $, chalk } from 'zx';
import { DEFAULT_CONFIG_FILE, loadResolvedConfig } from '../config/load-config';
import { GOLDEN_PATHS } from '../golden-paths/paths/registry';
import { readCloudAssembly } from './lib/cloud-assembly';
import { parseCli } from './lib/cli';
import { formatError } from './lib/format-error';

const USAGE = `
Usage: npx projen demo

The main job on the config in ${DEFAULT_CONFIG_FILE}, with no AWS account: validates it,
synthesizes the CDK app offline into cdk.out/ (cdk-nag AwsSolutions checks included) and prints
a summary of what was produced: stacks, GitOps tree, golden paths. Run \`npx projen\` first to
regenerate the GitOps tree, golden paths and docs.
`;
parseCli(USAGE, {});

function countFiles(dir: string): number {
  return readdirSync(dir).reduce((n, f) => n + (statSync(join(dir, f)).isDirectory() ? countFiles(join(dir, f)) : 1), 0);
}

async function main(): Promise<void> {
  const started = Date.now();
  const config = loadResolvedConfig();
  console.log(chalk.bold(`Platform "${config.name}": hub ${config.hub.clusterName} + ${config.spokes.length} spokes (${config.spokes.map((s) => s.name).join(', ')})`));

  console.log(chalk.dim('→ cdk synth (offline, cdk-nag AwsSolutions)…'));
  const t = Date.now();
  await $({ quiet: true })`npx cdk synth --quiet --no-notices --no-version-reporting`;
  console.log(chalk.green(`✓ synthesized in ${((Date.now() - t) / 1000).toFixed(1)} s, cdk-nag clean`));

  console.log('\nInfrastructure (cdk.out/):');
  for (const s of readCloudAssembly()) {
    console.log(`  ${s.id.padEnd(24)} ${String(s.resources).padStart(4)} resources  ${(s.bytes / 1024).toFixed(0).padStart(5)} KiB  ${s.outputs.length} outputs`);
  }
  const tree = config.git.basePath;
  console.log(`\nGitOps tree (${tree}/): ${countFiles(tree)} files — bootstrap with ${tree}/bootstrap/bootstrap.yaml`);
  console.log(`Golden paths (golden-paths/): ${GOLDEN_PATHS.map((p) => p.name).join(', ')}`);
  console.log('Docs: docs/platform.md (diagram, clusters), docs/config-reference.md');
  console.log(chalk.dim(`\ndone in ${((Date.now() - started) / 1000).toFixed(1)} s`));
}

main().catch((err) => {
  process.stderr.write(`${chalk.red('✗')} ${formatError(err)}\n`);
  process.exit(1);
});
