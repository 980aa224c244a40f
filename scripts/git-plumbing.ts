import { join } from 'node:path';
import { chalk } from 'zx';
import { DEFAULT_CONFIG_FILE, loadResolvedConfig } from '../config/load-config';
import { GITLAB_ROOT_TOKEN_SECRET_ID } from '../contract/application-ci';
import { parseCli } from './lib/cli';
import { formatError } from './lib/format-error';
import { Journal, message, printPlan, RunLog, runPlan } from './lib/plan';
import { Tools } from './lib/tools';
import { ClusterAccess } from './platform/cluster-access';
import { plumbingSteps } from './platform/plumbing-steps';
import { secretsManagerStore } from './platform/rest-api';

const USAGE = `
Usage: npx tsx scripts/git-plumbing.ts [--dry-run] [--config FILE]

Creates, from platform.config.ts, what CI and DORA need on the hub's GitLab and DevLake, through their
REST APIs: the platform and team groups, the GitOps project, scoped group access tokens (stored in
Secrets Manager, rotated 30 days before they expire), a CI hook on every application repository, then
DevLake's project, GitLab connections with the application projects as scopes, and the webhook
connection. The bootstrap runs the same steps once GitLab and DevLake are healthy. Safe to re-run: every step checks first, and a
re-run creates nothing. Run it after the bootstrap, after onboarding an application, and monthly (token
rotation). Credentials come from Secrets Manager: <prefix>/${GITLAB_ROOT_TOKEN_SECRET_ID} (made in GitLab's
toolbox pod when missing or near expiry) and <prefix>/devlake/ui. PLATFORM_GITLAB_URL / PLATFORM_DEVLAKE_URL
reach the APIs elsewhere (a port-forward).

  --dry-run      print the steps; no call is made
  --config FILE  the platform config (default platform.config.ts)
`;

const { args } = parseCli(USAGE, { boolean: ['dry-run'], string: ['config'] });

async function main(): Promise<number> {
  const log = new RunLog(join('.state', 'logs', `git-plumbing-${new Date().toISOString().replace(/[:.]/g, '-')}.log`));
  const config = loadResolvedConfig(args.config ?? DEFAULT_CONFIG_FILE);
  const tools = new Tools(log.file);
  // The root token is made in GitLab's toolbox pod: a kubectl exec, guarded like every cluster change (H5).
  const access = new ClusterAccess(config, tools);
  tools.guardKubeMutations(access.beforeKubeMutation);
  const steps = plumbingSteps({ config, tools, secrets: secretsManagerStore(tools, config.hub.account, config.hub.region), hubContext: access.context(config.hub), after: [], wait: { pollSeconds: 10, timeoutMinutes: 15 } });
  if (args['dry-run']) {
    printPlan(steps, log);
    log.line(chalk.dim('Dry run: no call was made.'));
    return 0;
  }
  const journal = new Journal(join('.state', 'git-plumbing', 'journal.json'));
  const result = await runPlan(steps, journal, log);
  if (result.failed) {
    log.line(chalk.red(`✗ ${result.failed.step}: ${message(result.failed.error)}`));
    return 1;
  }
  log.line(chalk.green('✓ git plumbing and DevLake are in place'));
  return 0;
}

main().then((code) => process.exit(code), (err) => {
  process.stderr.write(`${formatError(err)}\n`);
  process.exit(1);
});
