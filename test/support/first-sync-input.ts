import { exampleDeployFacts } from './deploy-facts';
import type { ResolvedConfig } from '../../config/resolved-config';
import { clusterMetadata } from '../../contract/gitops-bridge';
import { ADDONS, addonById } from '../../catalog/registry';
import { LAYOUT } from '../../gitops/gitops-layout';
import { RenderedFile, renderGitOpsTree } from '../../gitops/render-gitops-tree';
import { CLUSTER_API_GROUPS } from '../../gitops/sync-layers';
import { hubSeedSecret } from '../../scripts/platform/bootstrap-steps';
import type { ChartFacts, SyncModelInput } from './argocd-sync-model';
import type { Obj } from './argocd-sync-model-health';
import { chartCrdKinds } from './chart-crds';

/**
 * Charts no cache can hold, with what the model assumes of them. GitLab's chart lives on GitLab.com,
 * which no tool here can read (../shared/charts/README.md); with `installCertmanager: false` (our
 * values) none of the kinds the platform renders comes from it, so if one ever did the model would
 * report it as never served instead of passing silently.
 */
const UNCACHED_CHARTS: Record<string, string[]> = { 'gitlab@8.9.2': [] };

/** Modelled install time of a chart's workload: slow add-ons (addon.slow) take longer. Assumptions, not facts. */
const READY_SECONDS = { normal: 120, slow: 900 } as const;

/** Chart facts from the pinned chart's CRDs (chart cache) and the add-on definitions. */
const factsCache = new Map<string, ChartFacts>();
export function chartFacts(chart: string, version: string): ChartFacts {
  const id = `${chart}@${version}`;
  if (!factsCache.has(id)) factsCache.set(id, readChartFacts(chart, version));
  return factsCache.get(id)!;
}
function readChartFacts(chart: string, version: string): ChartFacts {
  const addon = ADDONS.find((a) => a.chart.chart === chart && a.chart.version === version);
  const crds = UNCACHED_CHARTS[`${chart}@${version}`] ?? chartCrdKinds(chart, version);
  return { crds, readySeconds: addon?.slow ? READY_SECONDS.slow : READY_SECONDS.normal };
}

/** Whether our Argo CD values restore health assessment of Application resources (S5 of the model). */
export function configuresApplicationHealth(config: ResolvedConfig, files: readonly RenderedFile[]): boolean {
  if (config.argocd.mode === 'eks-capability') return false; // we configure no argocd-cm of the managed capability
  const values = files.find((f) => f.path === `${LAYOUT.addonValues}/argo-cd/values.yaml`)!.documents[0] as { configs?: { cm?: Record<string, unknown> } };
  return 'resource.customizations.health.argoproj.io_Application' in (values.configs?.cm ?? {});
}

/**
 * The model's input for a first sync of `files` (default: the tree rendered from `config`) on an empty
 * hub: what the bootstrap applied (bootstrap.yaml and the seeded hub cluster secret), the API every
 * EKS Auto Mode cluster serves, Argo CD's CRDs on the hub (the pinned argo-cd chart's; the managed
 * capability runs the same upstream Argo CD), and the pinned charts of every add-on.
 */
export function firstSyncInput(config: ResolvedConfig, files: readonly RenderedFile[] = renderGitOpsTree(config), maxSeconds = 3 * 3600): SyncModelInput {
  const bootstrap = files.find((f) => f.path === `${LAYOUT.bootstrap}/bootstrap.yaml`)!;
  const hubMeta = clusterMetadata(config, config.hub, exampleDeployFacts(config.hub));
  const argo = addonById('argo-cd').chart;
  return {
    repoUrl: config.git.url,
    files: files.map((f) => ({ path: `${config.git.basePath}/${f.path}`, documents: f.documents })),
    applied: [...bootstrap.documents.map((d) => structuredClone(d) as unknown as Obj), hubSeedSecret(config, { ...hubMeta.labels, ...hubMeta.annotations }) as Obj],
    hub: config.hub.name,
    clusterApi: { groups: CLUSTER_API_GROUPS, kinds: [] },
    hubKinds: chartFacts(argo.chart, argo.version).crds,
    chart: chartFacts,
    applicationHealth: configuresApplicationHealth(config, files),
    expectClusters: config.clusters.map((c) => c.name),
    maxSeconds,
  };
}
