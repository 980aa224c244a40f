import type { ResolvedConfig } from '../../config/resolved-config';
import { aws, show, Tools } from '../lib/tools';

/** The CDK CLI version the app is pinned to (package.json devDependency aws-cdk). */
export const CDK_CLI_VERSION = '2.1129.0';

const TOOLS: { name: string; version: string[]; install: string }[] = [
  { name: 'aws', version: ['aws', '--version'], install: 'install the AWS CLI v2' },
  { name: 'kubectl', version: ['kubectl', 'version', '--client'], install: 'install kubectl (within one minor version of the clusters)' },
  { name: 'helm', version: ['helm', 'version', '--short'], install: 'install Helm 3.14+' },
  { name: 'cdk', version: ['cdk', '--version'], install: 'run through `npx projen …` so node_modules/.bin/cdk is on PATH' },
  { name: 'git', version: ['git', '--version'], install: 'install git' },
];

/** Every (account, region) the platform deploys to, hub first. */
export function environments(config: ResolvedConfig): { account: string; region: string }[] {
  const seen = new Map<string, { account: string; region: string }>();
  for (const c of config.clusters) seen.set(`${c.account}/${c.region}`, { account: c.account, region: c.region });
  return [...seen.values()];
}

export function cdkBootstrapCommand(env: { account: string; region: string }, trustAccount: string): string[] {
  return ['cdk', 'bootstrap', `aws://${env.account}/${env.region}`, '--trust', trustAccount, '--trust-for-lookup', trustAccount, '--cloudformation-execution-policies', 'arn:aws:iam::aws:policy/AdministratorAccess'];
}

/**
 * Read-only checks before any change: tools, the AWS identity can act in every account/region (by
 * assuming that environment's CDK deploy role, which also proves CDK bootstrap is there), and the
 * git remote. Returns every problem found (empty when ready); with `bootstrapCdk`, missing CDK
 * bootstraps are returned as commands to run instead.
 */
export async function preflight(config: ResolvedConfig, tools: Tools, log: (l: string) => void): Promise<{ problems: string[]; cdkBootstraps: string[][] }> {
  const problems: string[] = [];
  for (const t of TOOLS) {
    const ok = await tools.run(...t.version).then((v) => {
      log(`  ${t.name}: ${v.split('\n')[0]}`);
      if (t.name === 'cdk' && !v.startsWith(CDK_CLI_VERSION)) problems.push(`cdk ${v} found, the app is pinned to ${CDK_CLI_VERSION}: run through \`npx projen\``);
      return true;
    }).catch(() => false);
    if (!ok) problems.push(`missing tool "${t.name}": ${t.install}`);
  }
  if (problems.length) return { problems, cdkBootstraps: [] };

  let identity: { Account: string; Arn: string };
  try {
    identity = await tools.json('aws', 'sts', 'get-caller-identity', '--output', 'json');
    log(`  AWS identity: ${identity.Arn}`);
  } catch {
    return { problems: ['no AWS credentials: configure a profile or SSO session (`aws sso login`) and retry'], cdkBootstraps: [] };
  }

  const cdkBootstraps: string[][] = [];
  for (const env of environments(config)) {
    const role = `arn:aws:iam::${env.account}:role/cdk-hnb659fds-deploy-role-${env.account}-${env.region}`;
    const ok = await tools.ok(...aws(env.account), 'sts', 'assume-role', '--role-arn', role, '--role-session-name', 'platform-preflight', '--region', env.region, '--query', 'AssumedRoleUser.Arn', '--output', 'text');
    if (ok) {
      log(`  ${env.account}/${env.region}: CDK bootstrapped, identity can deploy`);
    } else {
      const cmd = cdkBootstrapCommand(env, identity.Account);
      cdkBootstraps.push(cmd);
      problems.push(`account ${env.account} region ${env.region}: cannot assume ${role} — CDK is not bootstrapped there, or identity ${identity.Arn} may not act in that account. Bootstrap it with \`${show(cmd)}\` (or re-run with --cdk-bootstrap), using credentials for ${env.account}`);
    }
  }

  if (config.git.provider === 'external') {
    if (!(await tools.ok('git', 'ls-remote', '--exit-code', config.git.url, `refs/heads/${config.git.revision}`))) {
      problems.push(`git.url ${config.git.url}: branch ${config.git.revision} not reachable; push this repository there or fix git.url / git.revision in platform.config.ts`);
    }
  } else if (!(await tools.ok('git', 'rev-parse', '--verify', 'HEAD'))) {
    problems.push('this repository has no commit to push to the hub\'s GitLab: commit first');
  }
  return { problems, cdkBootstraps };
}
