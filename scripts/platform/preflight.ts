import type { ResolvedConfig } from '../../config/resolved-config';
import { stackId } from '../../contract/gitops-bridge';
import { clusterAdminRoleArn } from '../../contract/operator-access';
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

  problems.push(...(await adminAccessProblems(config, tools, log)));

  if (config.git.provider === 'external') {
    if (!(await tools.ok('git', 'ls-remote', '--exit-code', config.git.url, `refs/heads/${config.git.revision}`))) {
      problems.push(`git.url ${config.git.url}: branch ${config.git.revision} not reachable; push this repository there or fix git.url / git.revision in platform.config.ts`);
    }
  } else if (!(await tools.ok('git', 'rev-parse', '--verify', 'HEAD'))) {
    problems.push('this repository has no commit to push to the hub\'s GitLab: commit first');
  }
  return { problems, cdkBootstraps };
}

/** The principal behind an STS caller ARN: `assumed-role/<name>/<session>` → role <name>; `user/<path>/<name>` → user <name>. */
export function principalOf(callerArn: string): { account: string; kind: 'role' | 'user' | 'other'; name: string } {
  const [, , service, , account, resource = ''] = callerArn.split(':');
  const parts = resource.split('/');
  if (service === 'sts' && parts[0] === 'assumed-role') return { account, kind: 'role', name: parts[1] };
  if (service === 'iam' && (parts[0] === 'user' || parts[0] === 'role')) return { account, kind: parts[0], name: parts[parts.length - 1] };
  return { account, kind: 'other', name: resource };
}

/**
 * Whether an `admins.principals` entry names the caller. STS caller ARNs carry no role path, so a role
 * entry matches on account and name (its last path segment, `*` wildcards as in IAM ArnLike).
 */
export function principalListed(pattern: string, callerArn: string): boolean {
  const who = principalOf(callerArn);
  const [, , , , account, resource = ''] = pattern.split(':');
  const kind = resource.split('/')[0];
  const name = resource.split('/').pop()!;
  const glob = new RegExp(`^${name.split('*').map((p) => p.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`);
  return who.account === account && who.kind === kind && glob.test(who.name);
}

/**
 * Operator access (read-only): for every cluster, the identity used for its account must be one of
 * `admins.principals` (else kubectl would be Unauthorized after a 20-minute deploy); where the cluster
 * stack is already deployed, assuming its cluster-admin role must actually work.
 */
export async function adminAccessProblems(config: ResolvedConfig, tools: Tools, log: (l: string) => void): Promise<string[]> {
  const problems: string[] = [];
  const identities = new Map<string, Promise<string>>();
  const identityFor = (account: string) => {
    const key = aws(account).join(' ');
    if (!identities.has(key)) identities.set(key, tools.json<{ Arn: string }>(...aws(account), 'sts', 'get-caller-identity', '--output', 'json').then((i) => i.Arn));
    return identities.get(key)!;
  };
  for (const c of config.clusters) {
    const role = clusterAdminRoleArn(config, c);
    const profile = process.env[`AWS_PROFILE_${c.account}`];
    const creds = profile ? `profile ${profile} (AWS_PROFILE_${c.account})` : 'the current credentials';
    let caller: string;
    try {
      caller = await identityFor(c.account);
    } catch (err) {
      problems.push(`cluster ${c.name}: no AWS identity for account ${c.account} with ${creds} (${err instanceof Error ? err.message : String(err)}); sign in (\`aws sso login\`) and retry`);
      continue;
    }
    if (!config.admins.principals.some((p) => principalListed(p, caller))) {
      problems.push(`cluster ${c.name}: ${caller} (${creds}) is not in admins.principals, so it cannot assume the cluster-admin role ${role} and every kubectl call would be Unauthorized. Fix: add its role or user ARN to admins.principals in platform.config.ts, or run as one of: ${config.admins.principals.join(', ')}${config.clusters.length > 1 ? ` (per account: AWS_PROFILE_${c.account}=<profile>)` : ''}`);
      continue;
    }
    const deployed = await tools.ok(...aws(c.account), 'cloudformation', 'describe-stacks', '--stack-name', stackId(config, c.name), '--region', c.region, '--query', 'Stacks[0].StackStatus', '--output', 'text');
    if (!deployed) {
      log(`  ${c.name}: ${caller} is listed in admins.principals (role ${role} is created by the deploy)`);
      continue;
    }
    const assume = [...aws(c.account), 'sts', 'assume-role', '--role-arn', role, '--role-session-name', 'platform-preflight', '--region', c.region, '--query', 'AssumedRoleUser.Arn', '--output', 'text'];
    const denied = await tools.run(...assume).then(() => undefined, (err: unknown) => (err instanceof Error ? err.message : String(err)));
    if (denied) {
      problems.push(`cluster ${c.name}: ${caller} (${creds}) cannot assume the cluster-admin role ${role}: ${denied}. The deployed trust may predate admins.principals: update it with \`npx cdk deploy ${stackId(config, c.name)}\` as a principal that can${config.admins.requireMfa ? '; admins.requireMfa is on, so sign in with MFA' : ''}`);
    } else {
      log(`  ${c.name}: ${caller} can assume ${role}`);
    }
  }
  return problems;
}
