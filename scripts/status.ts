import { chalk } from 'zx';
import { join } from 'node:path';
import { DEFAULT_CONFIG_FILE, loadResolvedConfig } from '../config/load-config';
import { LABELS } from '../contract/gitops-bridge';
import { addonApplicationName, ARGOCD_NAMESPACE } from '../contract/names';
import { IN_CLUSTER_SERVER } from '../gitops/gitops-layout';
import { parseCli } from './lib/cli';
import { message } from './lib/plan';
import { Tools } from './lib/tools';
import { ClusterAccess } from './platform/cluster-access';

const USAGE = `
Usage: npx projen status [--config FILE]

Reads Argo CD on the hub through kubeconfig context "<resourcePrefix>-<hub>" (created by the bootstrap,
as the hub's cluster-admin role) after checking that the context points at the hub's EKS cluster (ARN
and endpoint from \`aws eks describe-cluster\`), and prints, per cluster, whether it is registered and
the health and sync of every application on it.
Exit code 1 when anything is degraded, missing, unknown or out of sync; 0 otherwise.
`;
const { args } = parseCli(USAGE, { string: ['config'] });

interface App {
  metadata: { name: string };
  spec: { destination: { name?: string; server?: string } };
  status?: { health?: { status?: string }; sync?: { status?: string } };
}

const BAD_HEALTH = new Set(['Degraded', 'Missing', 'Unknown']);

async function main(): Promise<number> {
  const config = loadResolvedConfig(args.config ?? DEFAULT_CONFIG_FILE);
  const tools = new Tools(join('.state', 'logs', 'status.log'));
  const access = new ClusterAccess(config, tools);
  // Never report another cluster's applications as this platform's.
  await access.verify(config.hub);
  const hub = access.context(config.hub);
  const apps = await tools.json<{ items: App[] }>('kubectl', 'get', 'applications.argoproj.io', '--namespace', ARGOCD_NAMESPACE, '--context', hub, '--output', 'json');
  const secrets = await tools.json<{ items: { metadata: { labels?: Record<string, string> } }[] }>('kubectl', 'get', 'secrets', '--namespace', ARGOCD_NAMESPACE, '--context', hub, '--selector', 'argocd.argoproj.io/secret-type=cluster', '--output', 'json');
  const registered = new Set(secrets.items.map((s) => s.metadata.labels?.[LABELS.clusterName]));

  let bad = 0;
  for (const cluster of config.clusters) {
    const onCluster = apps.items.filter((a) => a.spec.destination.name === cluster.name || (cluster.role === 'hub' && a.spec.destination.server === IN_CLUSTER_SERVER));
    const reg = registered.has(cluster.name);
    if (!reg) bad++;
    console.log(chalk.bold(`${cluster.name} (${cluster.clusterName}, ${cluster.environment}) — ${reg ? chalk.green('registered') : chalk.red('NOT registered')}, ${onCluster.length} applications`));
    for (const a of onCluster.sort((x, y) => x.metadata.name.localeCompare(y.metadata.name))) {
      const health = a.status?.health?.status ?? 'Unknown';
      const sync = a.status?.sync?.status ?? 'Unknown';
      const failing = BAD_HEALTH.has(health) || sync !== 'Synced';
      if (failing) bad++;
      const mark = failing ? chalk.red('✗') : health === 'Healthy' ? chalk.green('✓') : chalk.yellow('…');
      console.log(`  ${mark} ${a.metadata.name.padEnd(40)} ${health.padEnd(12)} ${sync}`);
    }
    for (const id of cluster.addons) {
      if (!onCluster.some((a) => a.metadata.name === addonApplicationName(id, cluster.name))) {
        bad++;
        console.log(`  ${chalk.red('✗')} ${addonApplicationName(id, cluster.name).padEnd(40)} ${'Missing'.padEnd(12)} (enabled in the config, no Application yet)`);
      }
    }
  }
  console.log(bad ? chalk.red(`\n${bad} problem(s)`) : chalk.green('\nall applications healthy and synced'));
  return bad ? 1 : 0;
}

main().then((code) => process.exit(code)).catch((err) => {
  process.stderr.write(`${chalk.red('✗')} cannot read the platform's status: ${message(err)}\n  (is the hub's kubeconfig context there and right? \`npx projen bootstrap --only kubeconfig\` (re)creates it)\n`);
  process.exit(1);
});
