import { join } from 'node:path';
import { chalk } from 'zx';
import { DEFAULT_CONFIG_FILE, loadResolvedConfig } from '../config/load-config';
import { parseCli } from './lib/cli';
import { formatError } from './lib/format-error';
import { criticalPathMinutes, Journal, message, printPlan, RunLog, runPlan, selectSteps } from './lib/plan';
import { Tools } from './lib/tools';
import { bootstrapSteps } from './platform/bootstrap-steps';
import { ClusterAccess } from './platform/cluster-access';
import { preflight } from './platform/preflight';

const USAGE = `
Usage: npx projen bootstrap [--dry-run] [--from STEP | --only STEP] [--cdk-bootstrap] [--fresh]

Brings the platform up end to end from platform.config.ts: preflight (tools, AWS identity in every
account/region, CDK bootstrap, that you may assume every cluster's cluster-admin role, git remote),
then named idempotent steps: deploy the stacks (spokes concurrently with the hub), kubeconfig
(context "<resourcePrefix>-<cluster>" as the cluster-admin role, via --role-arn), Argo CD, the hub's seed registration, the GitOps repository
(hub GitLab mode), the root application, wave-by-wave sync, spoke and SSO checks, and a summary.

  --dry-run          print the whole plan (step, commands, account/region/cluster); no call is made
  --from STEP        start at STEP (a name or prefix such as "deploy"), assuming earlier ones are done
  --only STEP        run only STEP (or every step with that prefix)
  --cdk-bootstrap    run \`cdk bootstrap\` where preflight finds it missing (needs credentials there)
  --fresh            forget the journal (.state/bootstrap/journal.json) and re-check every step
  --config FILE      the platform config (default platform.config.ts)
  --poll-seconds N   seconds between status polls (default 15)
  --timeout-minutes N  give up waiting after N minutes per wait (default 45)

Before any kubectl/helm call that changes a cluster, the context is checked to point at that cluster
(ARN and endpoint from \`aws eks describe-cluster\`); a context pointing elsewhere stops the run.
A re-run after a failure or Ctrl-C skips every step whose check passes and goes on. Each run writes a
log under .state/logs/. Real AWS: see README "Run it for real".
`;

const { args } = parseCli(USAGE, { boolean: ['dry-run', 'cdk-bootstrap', 'fresh'], string: ['from', 'only', 'poll-seconds', 'timeout-minutes', 'config'] });

async function main(): Promise<number> {
  const started = Date.now();
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  const log = new RunLog(join('.state', 'logs', `bootstrap-${stamp}.log`));
  const config = loadResolvedConfig(args.config ?? DEFAULT_CONFIG_FILE);
  const tools = new Tools(log.file);
  // H5: no kubectl/helm call changes a cluster before its context is proven to point at that cluster.
  const access = new ClusterAccess(config, tools);
  tools.guardKubeMutations(access.beforeKubeMutation);
  const all = bootstrapSteps({
    config,
    tools,
    access,
    wait: { pollSeconds: Number(args['poll-seconds'] ?? 15), timeoutMinutes: Number(args['timeout-minutes'] ?? 45) },
    log: (l) => log.line(l),
  });
  const steps = selectSteps(all, { from: args.from, only: args.only });

  log.line(chalk.bold(`Bootstrap of platform "${config.name}": hub ${config.hub.clusterName} (${config.hub.account}/${config.hub.region}) + ${config.spokes.length} spokes`));
  if (args['dry-run']) {
    printPlan(steps, log);
    const model = criticalPathMinutes(all);
    log.line(chalk.dim(`Modelled duration (critical path, typical AWS times): ${model.minutes.toFixed(0)} min via ${model.path.join(' → ')}`));
    log.line(chalk.dim('Dry run: no command was run.'));
    return 0;
  }

  log.line(chalk.bold('Preflight'));
  const pre = await preflight(config, tools, (l) => log.line(l));
  if (pre.problems.length && args['cdk-bootstrap'] && pre.problems.length === pre.cdkBootstraps.length) {
    for (const cmd of pre.cdkBootstraps) {
      log.line(`  bootstrapping CDK: ${cmd.join(' ')}`);
      await tools.run(...cmd);
    }
  } else if (pre.problems.length) {
    log.line(chalk.red(`✗ preflight found ${pre.problems.length} problem(s); nothing was changed:`));
    for (const p of pre.problems) log.line(`  - ${p}`);
    return 1;
  }

  const journal = new Journal(join('.state', 'bootstrap', 'journal.json'));
  if (args.fresh) journal.clear();
  process.once('SIGINT', () => {
    log.line(chalk.yellow('\ninterrupted: finished steps are journaled; run `npx projen bootstrap` again to resume'));
    process.exit(130);
  });
  log.line(chalk.bold(`Running ${steps.length} steps`));
  const result = await runPlan(steps, journal, log);
  const counts = [...result.statuses.values()].reduce<Record<string, number>>((m, s) => ({ ...m, [s]: (m[s] ?? 0) + 1 }), {});
  log.line(chalk.bold(`\nSummary: ${Object.entries(counts).map(([k, v]) => `${v} ${k}`).join(', ')} in ${((Date.now() - started) / 60000).toFixed(1)} min; log: ${log.file}`));
  if (result.failed) {
    log.line(chalk.red(`✗ ${result.failed.step} failed: ${message(result.failed.error)}`));
    log.line(`  fix the cause, then resume with: npx projen bootstrap   (or: npx projen bootstrap --from ${result.failed.step})`);
    return 1;
  }
  return 0;
}

main().then((code) => process.exit(code)).catch((err) => {
  process.stderr.write(`${chalk.red('✗')} ${formatError(err)}\n`);
  process.exit(1);
});
