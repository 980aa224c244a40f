import { join } from 'node:path';
import { createInterface } from 'node:readline/promises';
import { chalk } from 'zx';
import { DEFAULT_CONFIG_FILE, loadResolvedConfig } from '../config/load-config';
import { parseCli } from './lib/cli';
import { formatError } from './lib/format-error';
import { Journal, message, printPlan, RunLog, runPlan, selectSteps } from './lib/plan';
import { Tools } from './lib/tools';
import { ClusterAccess } from './platform/cluster-access';
import { destroyPreflight, destroySteps, DestroyStep } from './platform/destroy-steps';

const USAGE = `
Usage: npx projen destroy [--dry-run] [--yes] [--cluster-gone NAME]… [--from STEP | --only STEP] [--fresh]

Tears the platform down in a safe order, through the kubeconfig contexts "<resourcePrefix>-<cluster>"
(cluster-admin role) the bootstrap created:
  1. stop-root                 the app-of-apps Applications are removed WITHOUT cascade (nothing re-creates what follows)
  2. delete-workloads          every ApplicationSet/Application except External Secrets and Argo CD, with cascade,
                               until they and ACK-managed AWS resources are gone
  3. delete-external-secrets   then External Secrets
  4. delete-argo-cd            then Argo CD itself (helm uninstall), until the load balancers are gone
  5. remove-compute:<cluster>  EKS Auto Mode switched off through the cluster's compute config
                               (aws eks update-cluster-config --compute-config enabled=false …), until its
                               instances are terminated; the built-in NodePools are never patched
  6. cdk-destroy:<cluster>     the spokes (concurrently), then the hub (termination protection lifted;
                               retained resources of deletion-protected clusters stay)
  7. sweep:<account>/<region>  leftovers ONLY among resources tagged platform-blueprint:platform-id=<this
                               platform's id>; never those of deletion-protected clusters

Before any deletion it proves that every cluster a pending step needs answers through its own context
(the context's cluster ARN and endpoint match \`aws eks describe-cluster\`) with admin rights; otherwise it
stops, naming the cluster and the fix. Admission webhooks are removed and finalizers patched only after a
wait has run --timeout-minutes, and it says so; a failed AWS or kubectl call stops the run as itself.

  --dry-run              print the plan; no call is made
  --yes                  do not ask for confirmation (required without a terminal)
  --cluster-gone NAME    the cluster NAME (hub, dev, …) is already deleted: no step needs its API. Refused
                         while EKS still lists it. With the hub gone, no application is deleted through
                         Argo CD: their AWS resources are swept only when tagged with the platform id
  --from STEP, --only STEP   as for bootstrap
  --fresh                forget the journal (.state/destroy/journal.json) of an earlier, unfinished teardown
  --config FILE          the platform config (default platform.config.ts)
  --poll-seconds N       seconds between polls (default 15)
  --timeout-minutes N    how long to wait for deletions before unsticking them (default 30)
`;
const { args } = parseCli(USAGE, { boolean: ['dry-run', 'yes', 'fresh'], string: ['from', 'only', 'poll-seconds', 'timeout-minutes', 'config', 'cluster-gone'] });

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
  // H5: no kubectl/helm call changes a cluster before its context is proven to point at that cluster.
  const access = new ClusterAccess(config, tools);
  tools.guardKubeMutations(access.beforeKubeMutation);
  const gone = new Set<string>(([] as string[]).concat(args['cluster-gone'] ?? []));
  const context = {
    config,
    tools,
    access,
    gone,
    wait: { pollSeconds: Number(args['poll-seconds'] ?? 15), timeoutMinutes: Number(args['timeout-minutes'] ?? 30) },
    log: (l: string) => log.line(l),
  };
  const all = destroySteps(context);
  const steps = selectSteps(all, { from: args.from, only: args.only }) as DestroyStep[];

  log.line(chalk.bold(`Teardown of platform "${config.name}" (${config.clusters.map((c) => c.clusterName).join(', ')})${gone.size ? `; declared gone: ${[...gone].join(', ')}` : ''}`));
  if (args['dry-run']) {
    printPlan(steps, log);
    log.line(chalk.dim('Dry run: no command was run.'));
    return 0;
  }

  // A re-run resumes: steps journaled by an unfinished teardown are not run (nor asked of their clusters) again.
  const journal = new Journal(join('.state', 'destroy', 'journal.json'));
  if (args.fresh) journal.clear();
  const pending = steps.filter((s) => !journal.has(s.name));
  if (pending.length < steps.length) log.line(chalk.dim(`already done (journal): ${steps.filter((s) => journal.has(s.name)).map((s) => s.name).join(', ')}`));

  log.line(chalk.bold('Preflight'));
  const problems = await destroyPreflight(context, pending);
  if (problems.length) {
    log.line(chalk.red(`✗ preflight found ${problems.length} problem(s); nothing was deleted:`));
    for (const p of problems) log.line(`  - ${p}`);
    return 1;
  }
  if (!args.yes && !(await confirm(config.name))) {
    log.line(chalk.red('✗ not confirmed: nothing was changed (pass --yes to skip the question)'));
    return 1;
  }
  const result = await runPlan(pending, journal, log);
  if (result.failed) {
    log.line(chalk.red(`✗ ${result.failed.step} failed: ${message(result.failed.error)}`));
    log.line(`  fix the cause, then resume with: npx projen destroy --yes   (or --from ${result.failed.step}); log: ${log.file}`);
    return 1;
  }
  // Everything ran: a later teardown (of a re-bootstrapped platform) starts from scratch.
  if (steps.length === all.length) journal.clear();
  log.line(chalk.green(`✓ platform "${config.name}" destroyed; log: ${log.file}`));
  return 0;
}

main().then((code) => process.exit(code)).catch((err) => {
  process.stderr.write(`${chalk.red('✗')} ${err instanceof Error && err.name === 'CommandError' ? err.message : formatError(err)}\n`);
  process.exit(1);
});
