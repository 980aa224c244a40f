import { resolveConfig } from '../../config/resolve-config';
import type { ResolvedConfig } from '../../config/resolved-config';
import { ADDONS } from '../../catalog/registry';
import { LAYOUT } from '../../gitops/gitops-layout';
import { RenderedFile, renderGitOpsTree } from '../../gitops/render-gitops-tree';
import { ARGO_CD_KINDS, CLUSTER_API_GROUPS, platformLayerPath, servedBeforeAddons } from '../../gitops/sync-layers';
import { simulateFirstSync } from '../support/argocd-sync-model';
import { chartFacts, firstSyncInput } from '../support/first-sync-input';
import { forkLikeConfig, rawConfigWithSpokes, testConfig } from '../support/test-config';

/** Simulated time within which a first sync must converge (the bootstrap waits 25 min typically, best effort beyond). */
const BOUND_SECONDS = 45 * 60;

/**
 * The tree as it was before the platform layer was split (issue #11): one `platform` Application syncing
 * everything under `platform/`, custom resources included, with the sync policy every Application had then.
 */
function previousStructure(files: readonly RenderedFile[]): RenderedFile[] {
  const oldPolicy = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.filter((o) => o !== 'SkipDryRunOnMissingResource=true').map(oldPolicy);
    if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, k === 'limit' && x === -1 ? 10 : oldPolicy(x)]));
    return v;
  };
  return files.map((f) => ({
    path: f.path.startsWith(`${LAYOUT.platformCustom}/`) ? `${LAYOUT.platform}/${f.path.slice(LAYOUT.platformCustom.length + 1)}` : f.path,
    documents: f.documents
      .filter((d) => !(d.kind === 'Application' && String((d as any).spec?.source?.path).endsWith(`/${LAYOUT.platformCustom}`)))
      .map((d) => oldPolicy(d) as Record<string, unknown>),
  }));
}

const CONFIGS: [string, () => ResolvedConfig][] = [
  ['testConfig()', () => testConfig()],
  ['10 spokes', () => resolveConfig(rawConfigWithSpokes(10))],
  // A fork unlike the example: qa/staging/live, two live spokes, a tenant spoke, other accounts and regions.
  ['a fork-like config', () => forkLikeConfig()],
  // Argo CD only: the model serves one API (CLUSTER_API_GROUPS) on every cluster, not the kro/ACK CRDs a
  // managed capability installs on its cluster, so kro/ACK capabilities would read as missing CRDs here.
  ['a fork-like config with the managed Argo CD capability', () => forkLikeConfig({ argocd: { mode: 'eks-capability', identityCenterInstanceArn: 'arn:aws:sso:::instance/ssoins-0fedcba987654321' } })],
  // Spokes in other accounts: the capability's role gets an access entry on each (EKS accepts a role of another account).
  ['the managed Argo CD capability', () => testConfig({ argocd: { mode: 'eks-capability', identityCenterInstanceArn: 'arn:aws:sso:::instance/ssoins-0123456789abcdef' } })],
];

describe('first sync from an empty hub (Argo CD sync model)', () => {
  test.each(CONFIGS)('converges for %s: every Application Synced and Healthy, every cluster registered', (_, make) => {
    const config = make();
    const r = simulateFirstSync(firstSyncInput(config, renderGitOpsTree(config), BOUND_SECONDS));
    expect(r.stuck).toEqual([]);
    expect(r.converged).toBe(true);
    expect(r.registered).toEqual(config.clusters.map((c) => c.name).sort());
    expect(r.seconds).toBeLessThanOrEqual(BOUND_SECONDS);
    // Every add-on of every cluster was generated and installed (names from our ApplicationSets).
    const names = new Set(r.apps.map((a) => a.obj.metadata.name));
    for (const c of config.clusters) for (const id of c.addons) expect(names).toContain(`${id}-${c.name}`);
  });

  test('fails when the platform layer is one sync again (the previous structure deadlocks in the model)', () => {
    const config = testConfig();
    const r = simulateFirstSync(firstSyncInput(config, previousStructure(renderGitOpsTree(config)), BOUND_SECONDS));
    expect(r.converged).toBe(false);
    expect(r.stuck).toContainEqual(expect.stringMatching(/^test-platform: OutOfSync\/Missing — The Kubernetes API could not find external-secrets.io\/\w+ .*\(retries exhausted\)$/));
    // Nothing of the platform was created: no add-on Application, no spoke registered.
    expect(r.apps.map((a) => a.obj.metadata.name).sort()).toEqual(['test-bootstrap', 'test-platform']);
    expect(r.registered).toEqual(['hub']);
  });

  test('no object under platform/ is of a kind an add-on installs (their CRDs come from the pinned charts)', () => {
    // Argo CD's own kinds are served before add-ons: the bootstrap installs it (or the capability provides it).
    const addonKinds = new Set(ADDONS.filter((a) => a.id !== 'argo-cd').flatMap((a) => chartFacts(a.chart.chart, a.chart.version).crds));
    const files = renderGitOpsTree(testConfig()).filter((f) => f.path.startsWith(`${LAYOUT.platform}/`));
    const offending = files.flatMap((f) => f.documents.filter((d) => addonKinds.has(`${String(d.apiVersion).split('/')[0]}/${d.kind}`)).map((d) => `${f.path}: ${d.kind}`));
    expect(offending).toEqual([]);
    expect(files.length).toBeGreaterThan(20);
  });

  test('kinds served before add-ons: Argo CD\'s are exactly the pinned argo-cd chart\'s CRDs, and no add-on chart brings a group we count as built in', () => {
    const argo = ADDONS.find((a) => a.id === 'argo-cd')!.chart;
    expect([...ARGO_CD_KINDS].sort()).toEqual(chartFacts(argo.chart, argo.version).crds);
    const clashes = ADDONS.filter((a) => a.id !== 'argo-cd')
      .flatMap((a) => chartFacts(a.chart.chart, a.chart.version).crds.filter((k) => CLUSTER_API_GROUPS.includes(k.split('/')[0])).map((k) => `${a.id}: ${k}`));
    expect(clashes).toEqual([]);
  });

  test('fails when a new kind under platform/ comes from an add-on: it is routed to platform-custom/ by kind, not by file list', () => {
    expect(servedBeforeAddons('external-secrets.io/v1', 'ExternalSecret')).toBe(false);
    expect(servedBeforeAddons('cert-manager.io/v1', 'ClusterIssuer')).toBe(false);
    expect(servedBeforeAddons('argoproj.io/v1alpha1', 'AnalysisTemplate')).toBe(false);
    expect(servedBeforeAddons('eks.amazonaws.com/v1', 'IngressClassParams')).toBe(true);
    expect(servedBeforeAddons('storage.k8s.io/v1', 'StorageClass')).toBe(true);
    expect(servedBeforeAddons('v1', 'ConfigMap')).toBe(true);
    const issuer = { apiVersion: 'cert-manager.io/v1', kind: 'ClusterIssuer', metadata: { name: 'acme' } };
    const storage = { apiVersion: 'storage.k8s.io/v1', kind: 'StorageClass', metadata: { name: 'gp3' } };
    expect(platformLayerPath('platform/ingress/issuer.yaml', [storage, issuer])).toBe('platform-custom/ingress/issuer.yaml');
    expect(platformLayerPath('platform/storage/classes.yaml', [storage])).toBe('platform/storage/classes.yaml');
    expect(platformLayerPath('addon-objects/kro/x.yaml', [issuer])).toBe('addon-objects/kro/x.yaml');
  });
});
