import { join } from 'node:path';
import { chalk } from 'zx';
import { DEFAULT_CONFIG_FILE, loadResolvedConfig } from '../config/load-config';
import { GITLAB_ROOT_TOKEN_SECRET_ID } from '../contract/application-ci';
import { platformSecretName } from '../contract/platform-secrets';
import { toolUrl } from '../gitops/sso';
import { parseCli } from './lib/cli';
import { formatError } from './lib/format-error';
import { Journal, message, printPlan, RunLog, runPlan } from './lib/plan';
import { Tools } from './lib/tools';
import { devlakeSetupSteps } from './platform/devlake-setup';
import { gitlabPlumbingSteps } from './platform/gitlab-plumbing';
import { restApi, secretsManagerStore } from './platform/rest-api';

const USAGE = `
Usage: npx tsx scripts/git-plumbing.ts [--dry-run] [--config FILE]

Creates, from platform.config.ts, what CI and DORA need on the hub's GitLab and DevLake, through their
REST APIs: the platform and team groups, the GitOps project, scoped group access tokens (stored in
Secrets Manager, rotated 30 days before they expire), a CI hook on every application repository, then
DevLake's project, GitLab and webhook connections. Safe to re-run: every step checks first, and a
re-run creates nothing. Run it after the bootstrap, after onboarding an application, and monthly (token
rotation). Credentials come from Secrets Manager: <prefix>/${GITLAB_ROOT_TOKEN_SECRET_ID} and <prefix>/devlake/ui.

  --dry-run      print the steps; no call is made
  --config FILE  the platform config (default platform.config.ts)
`;

const { args } = parseCli(USAGE, { boolean: ['dry-run'], string: ['config'] });

async function main(): Promise<number> {
  const log = new RunLog(join('.state', 'logs', `git-plumbing-${new Date().toISOString().replace(/[:.]/g, '-')}.log`));
  const config = loadResolvedConfig(args.config ?? DEFAULT_CONFIG_FILE);
  const tools = new Tools(log.file);
  const secrets = secretsManagerStore(tools, config.hub.account, config.hub.region);
  // Credentials are read lazily: a dry run reads nothing.
  const lazy = (make: () => Promise<ReturnType<typeof restApi>>) => {
    let api: Promise<ReturnType<typeof restApi>> | undefined;
    return { call: async (...a: Parameters<ReturnType<typeof restApi>['call']>) => (await (api ??= make())).call(...a) };
  };
  const gitlab = lazy(async () => {
    const { token } = await secrets.get(platformSecretName(config, { id: GITLAB_ROOT_TOKEN_SECRET_ID }));
    return restApi(`${toolUrl(config, 'gitlab')}/api/v4`, { 'PRIVATE-TOKEN': token });
  });
  const devlake = lazy(async () => {
    const { username, password } = await secrets.get(platformSecretName(config, { id: 'devlake/ui' }));
    return restApi(`${toolUrl(config, 'devlake')}/api`, { Authorization: `Basic ${Buffer.from(`${username}:${password}`).toString('base64')}` });
  });
  // DevLake's GitLab connections read the tokens the GitLab steps store: two plans, in order.
  const plans = [gitlabPlumbingSteps({ config, gitlab, secrets }), devlakeSetupSteps({ config, devlake, secrets })];
  if (args['dry-run']) {
    for (const p of plans) printPlan(p, log);
    log.line(chalk.dim('Dry run: no call was made.'));
    return 0;
  }
  const journal = new Journal(join('.state', 'git-plumbing', 'journal.json'));
  for (const steps of plans) {
    const result = await runPlan(steps, journal, log);
    if (result.failed) {
      log.line(chalk.red(`✗ ${result.failed.step}: ${message(result.failed.error)}`));
      return 1;
    }
  }
  log.line(chalk.green('✓ git plumbing and DevLake are in place'));
  return 0;
}

main().then((code) => process.exit(code), (err) => {
  process.stderr.write(`${formatError(err)}\n`);
  process.exit(1);
});
