import { join } from 'node:path';
import { createInterface } from 'node:readline/promises';
import { chalk } from 'zx';
import { DEFAULT_CONFIG_FILE, loadResolvedConfig } from '../config/load-config';
import { parseCli } from './lib/cli';
import { formatError } from './lib/format-error';
import { Journal, message, printPlan, RunLog, runPlan, selectSteps } from './lib/plan';
import { Tools } from './lib/tools';
import { destroySteps } from './platform/destroy-steps';

const USAGE = `
Usage: npx projen destroy [--dry-run] [--yes] [--from STEP | --only STEP]

Tears the platform down in a safe order: delete the root Application with cascade and wait until
Argo CD's applications, load balancers, ENIs and ACK-managed AWS resources are gone (admission
webhooks removed and finalizers patched only after --timeout-minutes, and said so); scale Auto Mode
node pools to zero; \`cdk destroy\` the spokes (concurrently), then the hub; sweep leftovers ONLY
among resources tagged with this platform's name. Clusters with deletion protection keep their
retained resources (reported, never swept).

  --dry-run            print the plan; no call is made
  --yes                do not ask for confirmation (required without a terminal)
  --from STEP, --only STEP   as for bootstrap
  --config FILE      the platform config (default platform.config.ts)
  --poll-seconds N     seconds between polls (default 15)
  --timeout-minutes N  how long to wait for deletions before unsticking them (default 30)
`;
const { args } = parseCli(USAGE, { boolean: ['dry-run', 'yes'], string: ['from', 'only', 'poll-seconds', 'timeout-minutes', 'config'] });

async function confirm(name: string): Promise<boolean> {
  if (!process.stdin.isTTY) return false;
  const rl = createInterface({ input: process.stdin, output: process.stdout });
  const answer = await rl.question(`This destroys platform "${name}" in every account of the config. Type its name to confirm: `);
  rl.close();
  return answer.trim() === name;
}

async function main(): Promise<number> {
  const config = loadResolvedConfig(args.config ?? DEFAULT_CONFIG_FILE);
  const log = new RunLog(join('.state', 'logs', `destroy-${new Date().toISOString().replace(/[:.]/g, '-')}.log`));
  const tools = new Tools(log.file);
  const steps = selectSteps(destroySteps({
    config,
    tools,
    wait: { pollSeconds: Number(args['poll-seconds'] ?? 15), timeoutMinutes: Number(args['timeout-minutes'] ?? 30) },
    log: (l) => log.line(l),
  }), { from: args.from, only: args.only });

  log.line(chalk.bold(`Teardown of platform "${config.name}" (${config.clusters.map((c) => c.clusterName).join(', ')})`));
  if (args['dry-run']) {
    printPlan(steps, log);
    log.line(chalk.dim('Dry run: no command was run.'));
    return 0;
  }
  if (!args.yes && !(await confirm(config.name))) {
    log.line(chalk.red('✗ not confirmed: nothing was changed (pass --yes to skip the question)'));
    return 1;
  }
  const result = await runPlan(steps, new Journal(join('.state', 'destroy', 'journal.json')), log);
  if (result.failed) {
    log.line(chalk.red(`✗ ${result.failed.step} failed: ${message(result.failed.error)}`));
    log.line(`  fix the cause, then resume with: npx projen destroy --yes   (or --from ${result.failed.step}); log: ${log.file}`);
    return 1;
  }
  log.line(chalk.green(`✓ platform "${config.name}" destroyed; log: ${log.file}`));
  return 0;
}

main().then((code) => process.exit(code)).catch((err) => {
  process.stderr.write(`${chalk.red('✗')} ${formatError(err)}\n`);
  process.exit(1);
});
