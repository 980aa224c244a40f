import { SyncModelInput, simulateFirstSync } from './argocd-sync-model';
import type { Obj } from './argocd-sync-model-health';

// Small synthetic trees with known outcomes: they prove the model detects what it claims to.
const REPO = 'https://git.example/platform.git';
const IN_CLUSTER = 'https://kubernetes.default.svc';
const RETRY = { limit: 10, backoff: { duration: '10s', factor: 2, maxDuration: '5m' } };
const AUTO = { automated: { prune: true, selfHeal: true }, retry: RETRY };

const project: Obj = { apiVersion: 'argoproj.io/v1alpha1', kind: 'AppProject', metadata: { name: 'platform', namespace: 'argocd' }, spec: {} };
const hubSecret: Obj = {
  apiVersion: 'v1', kind: 'Secret',
  metadata: { name: 'cluster-hub', namespace: 'argocd', labels: { 'argocd.argoproj.io/secret-type': 'cluster', enable_widgets: 'true' } },
  stringData: { name: 'hub', server: IN_CLUSTER },
};
const app = (name: string, path: string, extra: { wave?: number; syncPolicy?: object } = {}): Obj => ({
  apiVersion: 'argoproj.io/v1alpha1', kind: 'Application',
  metadata: { name, namespace: 'argocd', annotations: { 'argocd.argoproj.io/sync-wave': String(extra.wave ?? 0) } },
  spec: { project: 'platform', source: { repoURL: REPO, path, directory: { recurse: true } }, destination: { server: IN_CLUSTER, namespace: 'argocd' }, syncPolicy: extra.syncPolicy ?? AUTO },
});
/** An ApplicationSet installing the `widgets` chart (which brings the Widget CRD) on every enabled cluster. */
const widgetsAppSet = (wave = 0): Obj => ({
  apiVersion: 'argoproj.io/v1alpha1', kind: 'ApplicationSet',
  metadata: { name: 'widgets', namespace: 'argocd', annotations: { 'argocd.argoproj.io/sync-wave': String(wave) } },
  spec: {
    goTemplate: true,
    generators: [{ clusters: { selector: { matchLabels: { enable_widgets: 'true' } } } }],
    template: { metadata: { name: 'widgets-{{.name}}' }, spec: { project: 'platform', source: { repoURL: 'https://charts.example', chart: 'widgets', targetRevision: '1.0.0' }, destination: { name: '{{.name}}', namespace: 'widgets' }, syncPolicy: AUTO } },
  },
});
const widget = (annotations: Record<string, string> = {}): Obj => ({ apiVersion: 'widgets.example.com/v1', kind: 'Widget', metadata: { name: 'w', namespace: 'widgets', annotations } });

function model(files: Record<string, Obj[]>, applied: Obj[], opts: Partial<SyncModelInput> = {}) {
  return simulateFirstSync({
    repoUrl: REPO,
    files: Object.entries(files).map(([path, documents]) => ({ path, documents: documents as unknown as Record<string, unknown>[] })),
    applied: [project, hubSecret, ...applied],
    hub: 'hub',
    clusterApi: { groups: ['', 'apps', 'apiextensions.k8s.io'], kinds: [] },
    hubKinds: ['argoproj.io/Application', 'argoproj.io/ApplicationSet', 'argoproj.io/AppProject'],
    chart: (chart) => {
      if (chart !== 'widgets') throw new Error(`unknown chart ${chart}`);
      return { crds: ['widgets.example.com/Widget'], readySeconds: 60 };
    },
    applicationHealth: false,
    expectClusters: ['hub'],
    maxSeconds: 4 * 3600,
    ...opts,
  });
}

describe('Argo CD sync model', () => {
  test('fails when a custom resource shares a sync with the ApplicationSet that installs its CRD (deadlock: the dry-run fails, nothing is applied)', () => {
    const r = model({ 'platform/a.yaml': [widgetsAppSet(), widget({ 'argocd.argoproj.io/sync-wave': '-1' })] }, [app('platform', 'platform')]);
    expect(r.converged).toBe(false);
    expect(r.stuck).toEqual([expect.stringMatching(/^platform: OutOfSync\/Missing — The Kubernetes API could not find widgets.example.com\/Widget .*\(retries exhausted\)$/)]);
    expect(r.apps.map((a) => a.obj.metadata.name)).toEqual(['platform']); // the ApplicationSet was never created
  });

  test('fails when the custom resource comes after the ApplicationSet but without SkipDryRunOnMissingResource', () => {
    const r = model({ 'platform/a.yaml': [widgetsAppSet(0), widget({ 'argocd.argoproj.io/sync-wave': '1' })] }, [app('platform', 'platform')]);
    expect(r.converged).toBe(false);
  });

  test('converges when the custom resource comes after the ApplicationSet, skips the dry-run and retries long enough', () => {
    const r = model({ 'platform/a.yaml': [widgetsAppSet(0), widget({ 'argocd.argoproj.io/sync-wave': '1', 'argocd.argoproj.io/sync-options': 'SkipDryRunOnMissingResource=true' })] }, [app('platform', 'platform')]);
    expect([r.converged, r.stuck]).toEqual([true, []]);
    expect(r.seconds).toBeGreaterThanOrEqual(60); // the chart's CRD had to arrive first
  });

  test('fails when the retry budget ends before the CRD arrives (no new automated sync for the same revision)', () => {
    const slow = { limit: 2, backoff: { duration: '5s', factor: 2, maxDuration: '1m' } };
    const custom = app('custom', 'custom', { wave: 1, syncPolicy: { ...AUTO, retry: slow, syncOptions: ['SkipDryRunOnMissingResource=true'] } });
    // No cluster secret yet: the ApplicationSet generates nothing, so the CRD does not arrive in time.
    const r = model({ 'platform/a.yaml': [widgetsAppSet(0)], 'custom/w.yaml': [widget()] }, [], { applied: [project, app('platform', 'platform'), custom] });
    expect(r.converged).toBe(false);
    expect(r.stuck.join('\n')).toMatch(/custom: .*could not find the requested resource.*\(retries exhausted\)/);
  });

  test('converges when custom resources live in their own Application with SkipDryRunOnMissingResource and unlimited retry', () => {
    const custom = app('custom', 'custom', { wave: 1, syncPolicy: { ...AUTO, retry: { ...RETRY, limit: -1 }, syncOptions: ['SkipDryRunOnMissingResource=true'] } });
    const r = model({ 'platform/a.yaml': [widgetsAppSet(0)], 'custom/w.yaml': [widget()] }, [app('platform', 'platform'), custom]);
    expect([r.converged, r.stuck]).toEqual([true, []]);
    expect(r.apps.map((a) => a.obj.metadata.name).sort()).toEqual(['custom', 'platform', 'widgets-hub']);
  });

  test('a parent\'s wave does not wait for a child Application unless Application health is customized', () => {
    // root: child Application (wave 0) then a ConfigMap (wave 1); the child can never become healthy (unknown project).
    const child = { ...app('child', 'nowhere'), spec: { ...app('child', 'nowhere').spec, project: 'missing' } };
    const cm: Obj = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'after', namespace: 'argocd', annotations: { 'argocd.argoproj.io/sync-wave': '1' } } };
    const files = { 'root/a.yaml': [child, cm] };
    const plain = model(files, [app('root', 'root')], { maxSeconds: 600 });
    expect(plain.apps.find((a) => a.obj.metadata.name === 'root')!.synced).toBe(true);
    const customized = model(files, [app('root', 'root')], { maxSeconds: 600, applicationHealth: true });
    expect(customized.apps.find((a) => a.obj.metadata.name === 'root')!.op!.message).toMatch(/waiting for healthy state of wave 0: Application\/child/);
  });

  test('runs PreSync hooks before, and PostSync hooks after, the healthy Sync phase', () => {
    const hook = (name: string, phase: string): Obj => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, namespace: 'argocd', annotations: { 'argocd.argoproj.io/hook': phase } } });
    const r = model({ 'p/a.yaml': [hook('post', 'PostSync'), hook('main', 'Sync'), hook('pre', 'PreSync')] }, [app('p', 'p')]);
    const applied = [...(r.apps.find((a) => a.obj.metadata.name === 'p')!.op!.applied)];
    expect(applied.map((k) => k.split('/').pop())).toEqual(['pre', 'main', 'post']);
  });

  describe('External Secrets creation policies', () => {
    const esoChart = (chart: string) => {
      if (chart !== 'eso') throw new Error(chart);
      return { crds: ['external-secrets.io/ExternalSecret', 'external-secrets.io/ClusterSecretStore'], readySeconds: 30 };
    };
    const esoAppSet: Obj = { ...widgetsAppSet(), metadata: { name: 'eso', namespace: 'argocd' } };
    esoAppSet.spec = structuredClone(esoAppSet.spec);
    esoAppSet.spec.template.metadata.name = 'eso-{{.name}}';
    esoAppSet.spec.template.spec.source.chart = 'eso';
    const store: Obj = { apiVersion: 'external-secrets.io/v1', kind: 'ClusterSecretStore', metadata: { name: 's' }, spec: {} };
    const es = (policy: string, name = 'es', target = 'cluster-hub'): Obj => ({
      apiVersion: 'external-secrets.io/v1', kind: 'ExternalSecret', metadata: { name, namespace: 'argocd', annotations: { 'argocd.argoproj.io/sync-wave': '1' } },
      spec: { secretStoreRef: { kind: 'ClusterSecretStore', name: 's' }, target: { name: target, creationPolicy: policy, template: { metadata: { labels: { 'argocd.argoproj.io/secret-type': 'cluster', enable_widgets: 'true', adopted: 'yes' } }, data: { name: 'hub', server: IN_CLUSTER } } }, dataFrom: [{ extract: { key: 'reg/hub' } }] },
    });
    const custom = (docs: Obj[]) => ({ 'platform/a.yaml': [esoAppSet], 'custom/a.yaml': [store, ...docs] });
    const customApp = app('custom', 'custom', { wave: 1, syncPolicy: { ...AUTO, retry: { ...RETRY, limit: -1 }, syncOptions: ['SkipDryRunOnMissingResource=true'] } });
    const run = (docs: Obj[], applied: Obj[] = [project, hubSecret]) => model(custom(docs), [], { chart: esoChart, applied: [...applied, app('platform', 'platform'), customApp] });

    test('Owner adopts the seeded Secret that has no ownerReference', () => {
      const r = run([es('Owner')]);
      expect([r.converged, r.stuck]).toEqual([true, []]);
    });

    test('fails when another ExternalSecret already owns the target (Owner conflict)', () => {
      const r = run([es('Owner', 'first'), es('Owner', 'second')]);
      expect(r.stuck.join('\n')).toMatch(/custom: .*ExternalSecret\/second \(Degraded\)/);
    });

    test('Merge updates the seeded Secret', () => {
      expect(run([es('Merge')]).converged).toBe(true);
    });

    test('fails when Merge targets a Secret that does not exist (Merge never creates)', () => {
      const r = run([es('Merge', 'es', 'cluster-other')]);
      expect(r.converged).toBe(false);
      expect(r.stuck.join('\n')).toMatch(/custom: .*ExternalSecret\/es \(Degraded\)/);
    });
  });
});
