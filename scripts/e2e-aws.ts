import { $, chalk } from 'zx';
import { parseCli } from './lib/cli';

const USAGE = `
Usage: npx projen e2e:aws --confirm-costs [--keep]

The real end-to-end run, for people with AWS accounts (never part of \`npx projen test\`): runs
\`npx projen bootstrap\` against the accounts in platform.config.ts, then \`npx projen status\`, then
\`npx projen destroy --yes\` (skipped with --keep). It creates EKS clusters, NAT gateways and load
balancers: it costs money. Needs credentials that can act in every account of the config
(AWS_PROFILE_<account id> per account for multi-account configs) and CDK bootstrap in each
account/region (bootstrap's preflight tells you; --cdk-bootstrap runs it).
`;
const { args } = parseCli(USAGE, { boolean: ['confirm-costs', 'keep'] });
if (!args['confirm-costs']) {
  process.stderr.write(`${chalk.red('✗')} refusing to create billable AWS resources without --confirm-costs\n${USAGE}`);
  process.exit(2);
}

(async () => {
  const $$ = $({ stdio: 'inherit' });
  let failed = false;
  try {
    await $$`npx projen bootstrap`;
    await $$`npx projen status`;
  } catch {
    failed = true;
  }
  if (!args.keep) await $$`npx projen destroy --yes`;
  process.exit(failed ? 1 : 0);
})();
