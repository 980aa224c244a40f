import type { ResolvedConfig } from '../../config/resolved-config';
import { capabilityLabel, CONNECTION_KEYS, enableLabel } from '../../contract/gitops-bridge';
import { ADDONS } from '../../catalog/registry';
import { renderGitOpsTree, toYaml } from '../../gitops/render-gitops-tree';
import { rawTestConfig, testConfig } from '../support/test-config';

/** Managed Argo CD on the hub, ACK and kro as capabilities on dev, charts on prod. */
const spokes = rawTestConfig().spokes;
const capability = testConfig({
  argocd: { mode: 'eks-capability', identityCenterInstanceArn: 'arn:aws:sso:::instance/ssoins-0123456789abcdef' },
  spokes: { ...spokes, dev: { ...spokes.dev, capabilities: { ack: true, kro: true } } },
});
const selfManaged = testConfig();

type Doc = { apiVersion: string; kind: string; metadata: { name: string; annotations?: Record<string, string> }; spec?: any };
const objectsOf = (config: ResolvedConfig) => renderGitOpsTree(config).flatMap((f) => f.documents.map((d) => ({ file: f.path, doc: d as Doc })));
const objects = objectsOf(capability);
const ofKind = (kind: string, objs = objects) => objs.filter((o) => o.doc.kind === kind).map((o) => o.doc);

/** What each cluster's Argo CD secret will carry: the rendered registration's template. */
function clusterSecrets(objs = objects): Map<string, { labels: Record<string, string>; data: Record<string, string> }> {
  const secrets = new Map<string, { labels: Record<string, string>; data: Record<string, string> }>();
  for (const es of ofKind('ExternalSecret', objs).filter((e) => e.metadata.name.startsWith('cluster-'))) {
    const t = es.spec.target.template;
    secrets.set(t.data.name, { labels: t.metadata.labels, data: t.data });
  }
  return secrets;
}
const matches = (selector: any, labels: Record<string, string>) =>
  Object.entries(selector.matchLabels ?? {}).every(([k, v]) => labels[k] === v) &&
  (selector.matchExpressions ?? []).every((e: any) => (e.operator === 'In' ? e.values.includes(labels[e.key]) : !e.values.includes(labels[e.key])));
/** Clusters an ApplicationSet's generators select (the union of its cluster generators). */
const selected = (appset: Doc, objs = objects) =>
  [...clusterSecrets(objs)].filter(([, s]) => appset.spec.generators.some((g: any) => matches(g.clusters.selector, s.labels))).map(([name]) => name).sort();
const appset = (name: string, objs = objects) => ofKind('ApplicationSet', objs).find((a) => a.metadata.name === name)!;

describe('GitOps tree with EKS managed capabilities', () => {
  test('every cluster, the hub included, is registered by its EKS cluster ARN, never kubernetes.default.svc', () => {
    // https://docs.aws.amazon.com/eks/latest/userguide/argocd-register-clusters.html: "Use the EKS cluster ARN in the
    // server field … The default kubernetes.default.svc is not supported."
    const secrets = clusterSecrets();
    expect([...secrets.keys()].sort()).toEqual(['dev', 'hub', 'prod']);
    for (const [name, s] of secrets) expect([name, s.data]).toEqual([name, { name, server: `{{ .${CONNECTION_KEYS.clusterArn} }}` }]);
    // No Argo CD object targets in-cluster either (Backstage's own in-cluster API address is not Argo CD's).
    expect(JSON.stringify(objects.filter((o) => o.doc.apiVersion?.startsWith('argoproj.io/') || o.file.startsWith('platform/clusters/')).map((o) => o.doc))).not.toContain('kubernetes.default.svc');
  });

  test('the root Application targets the hub by its registration, not in-cluster', () => {
    for (const app of ofKind('Application').filter((a) => a.metadata.name.startsWith('test-'))) expect(app.spec.destination).toEqual({ name: 'hub', namespace: 'argocd' });
  });

  test('no self-managed Argo CD in the tree: no argo-cd ApplicationSet, values or Keycloak OIDC settings', () => {
    expect(appset('addon-argo-cd')).toBeUndefined();
    expect(renderGitOpsTree(capability).map((f) => f.path)).not.toContain('addons/argo-cd/values.yaml');
    expect(renderGitOpsTree(capability).map(toYaml).join('\n')).not.toContain('oidc.config');
    // …while self-managed mode keeps them.
    expect(selected(appset('addon-argo-cd', objectsOf(selfManaged)), objectsOf(selfManaged))).toEqual(['hub']);
  });

  test('capability labels: each cluster carries capability_<id> for its capabilities and no enable_ label for what they replace', () => {
    const secrets = clusterSecrets();
    const labelsOf = (name: string) => Object.keys(secrets.get(name)!.labels).filter((l) => l.startsWith('capability_') || l === enableLabel('argo-cd') || l === enableLabel('kro') || l.startsWith('enable_ack')).sort();
    expect(labelsOf('hub')).toEqual([capabilityLabel('argocd')]);
    expect(labelsOf('dev')).toEqual([capabilityLabel('ack'), capabilityLabel('kro')]);
    expect(labelsOf('prod')).toEqual(['enable_ack_dynamodb', 'enable_ack_rds', 'enable_ack_s3', 'enable_kro']);
  });

  test('no chart ApplicationSet selects a cluster whose capability replaces that chart', () => {
    for (const addon of ADDONS) {
      const set = appset(`addon-${addon.id}`);
      if (!set) continue; // argo-cd: not rendered at all
      for (const cluster of selected(set)) {
        const c = capability.clusters.find((x) => x.name === cluster)!;
        expect([addon.id, cluster, c.capabilities.flatMap((x) => x.replaces).includes(addon.id)]).toEqual([addon.id, cluster, false]);
      }
    }
    expect(selected(appset('addon-kro'))).toEqual(['prod']);
    expect(selected(appset('addon-ack-s3'))).toEqual(['prod']);
  });

  test('the platform\'s kro ResourceGraphDefinitions still reach every cluster with kro, chart or capability', () => {
    expect(ofKind('ResourceGraphDefinition').length).toBeGreaterThan(0);
    expect(selected(appset('kro-objects'))).toEqual(['dev', 'prod']);
    // An add-on without a capability keeps one generator.
    expect(appset('argo-rollouts-objects').spec.generators).toHaveLength(1);
  });

  test('External Secrets still comes before the registrations it turns into cluster secrets, as in self-managed mode', () => {
    // The hub's ESO (installed through the hub's registration) materialises every registration.
    expect(selected(appset('addon-external-secrets'))).toEqual(['dev', 'hub', 'prod']);
    const waves = (objs: { file: string; doc: Doc }[]) => ({
      eso: appset('addon-external-secrets', objs as never).metadata.annotations!['argocd.argoproj.io/sync-wave'],
      registrations: objs.filter((o) => o.file.startsWith('platform/clusters/')).filter((o) => o.doc.metadata.name.startsWith('gitops-bridge-') || o.doc.metadata.name.startsWith('cluster-')).map((o) => `${o.doc.kind}/${o.doc.metadata.name}=${o.doc.metadata.annotations?.['argocd.argoproj.io/sync-wave']}`).sort(),
    });
    expect(waves(objects)).toEqual(waves(objectsOf(selfManaged)));
  });

  test('contract: every label an ApplicationSet reads is emitted for every cluster it selects, in capability mode too', () => {
    const secrets = clusterSecrets();
    let checked = 0;
    for (const set of ofKind('ApplicationSet')) {
      const refs = [...JSON.stringify(set.spec).matchAll(/\.metadata\.labels\.(\w+)/g)].map((m) => m[1]);
      for (const cluster of selected(set)) {
        checked++;
        for (const l of refs) expect([set.metadata.name, cluster, l, l in secrets.get(cluster)!.labels]).toEqual([set.metadata.name, cluster, l, true]);
      }
    }
    expect(checked).toBeGreaterThan(20);
  });
});
