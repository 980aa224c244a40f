import { $, sleep } from 'zx';
import { DEFAULT_CONFIG_FILE, loadResolvedConfig } from '../../config/load-config';
import { pipelineRoleArn, stackDeployOrder } from '../../contract/platform-pipeline';
import { ARGOCD_NAMESPACE } from '../../contract/names';
import { parseCli } from '../lib/cli';
import { formatError } from '../lib/format-error';
import { redact } from '../lib/redact';
import { Tools } from '../lib/tools';
import { ClusterAccess } from '../platform/cluster-access';
import { changedStacks } from './lib/stack-diff';
import { assumeRoleWithWebIdentity, ciLogFile, idToken, sessionName, withAwsEnv } from './lib/web-identity';

const USAGE = `
Usage: tsx scripts/ci/deploy-changed.ts [--config FILE] [--revision SHA] [--timeout SECONDS] [--interval SECONDS] [--dry-run]

Default-branch job: assumes the deploy role "<resourcePrefix>-pipeline-deploy" with the job's OIDC ID
token, reads the cloud assembly the job synthesized (cdk.out, \`npx projen synth\`), finds the stacks \`cdk diff\` reports as changed (read-only check), deploys only those, hub before
spokes, one at a time (apply), then waits until every Argo CD Application that tracks the platform
repository reports the new revision as synced (status.sync.revision) on the hub, read through the hub's
cluster-admin role (the deploy role must be listed in admins.principals).
--revision defaults to $CI_COMMIT_SHA / $GITHUB_SHA; --timeout 900, --interval 15.
--dry-run prints the stacks that would be deployed and changes nothing.
`;
const { args } = parseCli(USAGE, { string: ['config', 'revision', 'timeout', 'interval'], boolean: ['dry-run'] });

interface App {
  metadata: { name: string };
  spec: { source?: { repoURL?: string }; sources?: { repoURL?: string }[] };
  status?: { sync?: { status?: string; revision?: string; revisions?: string[] } };
}

/** Applications whose source (or one of whose sources) is the platform repository: Argo CD reports our commit on them. */
const tracksRepo = (a: App, repo: string) => [a.spec.source, ...(a.spec.sources ?? [])].some((s) => s?.repoURL === repo);
/** Synced at the revision: `status.sync.revision` (single source) or `status.sync.revisions` (multi-source), per Argo CD's Application CRD. */
const syncedAt = (a: App, sha: string) => a.status?.sync?.status === 'Synced' && (a.status.sync.revision === sha || (a.status.sync.revisions ?? []).includes(sha));

async function main(): Promise<void> {
  const config = loadResolvedConfig(args.config ?? DEFAULT_CONFIG_FILE);
  const revision = args.revision ?? process.env.CI_COMMIT_SHA ?? process.env.GITHUB_SHA;
  if (!revision || !/^[0-9a-f]{7,64}$/.test(revision)) throw new Error(`--revision "${revision ?? ''}" is not a commit SHA; pass --revision or run in a pipeline (CI_COMMIT_SHA)`);
  const timeout = Number(args.timeout ?? 900) * 1000;
  const interval = Number(args.interval ?? 15) * 1000;
  const stacks = stackDeployOrder(config);
  const logFile = ciLogFile('deploy');

  const aws = await assumeRoleWithWebIdentity(new Tools(logFile), { roleArn: pipelineRoleArn(config, 'deploy'), token: await idToken(), sessionName: sessionName(), region: config.hub.region });
  const env = withAwsEnv(aws);
  const tools = new Tools(logFile, { env });

  // check: which stacks differ from what is deployed (cdk diff prints on stderr).
  const diff = await $({ quiet: true, nothrow: true, env })`cdk diff --app=cdk.out --no-change-set --no-notices --no-version-reporting ${stacks}`;
  const output = redact(`${diff.stdout}${diff.stderr}`);
  if (diff.exitCode !== 0) throw new Error(`cdk diff failed (exit ${diff.exitCode}):\n${output}`);
  const changed = changedStacks(output, stacks);
  console.log(`› changed stacks: ${changed.length ? changed.join(', ') : 'none'}`);
  if (args['dry-run']) return;

  // apply: stackDeployOrder is hub first; a spoke registers with the hub and reads its outputs.
  for (const stack of changed) {
    const started = Date.now();
    console.log(`› cdk deploy ${stack}`);
    await tools.run('cdk', 'deploy', stack, '--app=cdk.out', '--exclusively', '--require-approval', 'never', '--no-notices', '--no-version-reporting');
    console.log(`  ✓ ${stack} (${Math.round((Date.now() - started) / 1000)} s)`);
  }

  // Argo CD on the hub: wait for the new revision (it polls the repository every 3 minutes by default).
  const access = new ClusterAccess(config, tools);
  await tools.run(...access.kubeconfigCommand(config.hub));
  await access.verify(config.hub);
  const context = access.context(config.hub);
  const deadline = Date.now() + timeout;
  for (;;) {
    const apps = (await tools.json<{ items: App[] }>('kubectl', 'get', 'applications.argoproj.io', '--namespace', ARGOCD_NAMESPACE, '--context', context, '--output', 'json')).items;
    const tracking = apps.filter((a) => tracksRepo(a, config.git.url));
    if (tracking.length === 0) throw new Error(`no Argo CD Application on the hub tracks ${config.git.url}; has the platform been bootstrapped (npx projen bootstrap)?`);
    const behind = tracking.filter((a) => !syncedAt(a, revision));
    if (behind.length === 0) {
      console.log(`› Argo CD synced ${revision.slice(0, 12)} on ${tracking.length} applications`);
      return;
    }
    if (Date.now() > deadline) throw new Error(`Argo CD has not synced ${revision.slice(0, 12)} after ${timeout / 1000} s: ${behind.map((a) => `${a.metadata.name} (${a.status?.sync?.status ?? 'Unknown'} at ${(a.status?.sync?.revision ?? '?').slice(0, 12)})`).join(', ')}`);
    console.log(`  … ${behind.length}/${tracking.length} applications not yet at ${revision.slice(0, 12)}`);
    await sleep(interval);
  }
}

main().catch((err) => {
  console.error(redact(formatError(err)));
  process.exit(1);
});
