import { execFileSync } from 'node:child_process';
import { KUBERNETES_OIDC_PREFIX } from '../../contract/sso';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { resolveConfig } from '../../config/resolve-config';
import type { ResolvedConfig } from '../../config/resolved-config';
import { enableLabel, LABELS } from '../../contract/gitops-bridge';
import { ADDONS } from '../../catalog/registry';
import { imageRepository } from '../../gitops/charts/delivery';
import { promotionStateDir, promotionStateFile, promotionStateText } from '../../gitops/promotion-state';
import { RenderedFile, renderGitOpsTree, toYaml } from '../../gitops/render-gitops-tree';
import { kubectlLayerBinaries } from '../support/kubectl-layer';
import { forkLikeCapabilityConfig, forkLikeConfig, rawConfigWithSpokes, testConfig } from '../support/test-config';

const config = testConfig();
const files = renderGitOpsTree(config);
const objects = files
  .filter((f) => !f.path.endsWith('values.yaml') && !f.path.endsWith('kustomization.yaml'))
  .flatMap((f) => f.documents.map((doc) => ({ file: f.path, doc: doc as { apiVersion: string; kind: string; metadata: { name: string; namespace?: string; labels?: Record<string, string> }; spec?: Record<string, unknown> } })));
const ofKind = (kind: string) => objects.filter((o) => o.doc.kind === kind).map((o) => o.doc);
const kindsOf = (c: ResolvedConfig) => (kind: string) =>
  renderGitOpsTree(c).filter((f) => !f.path.endsWith('values.yaml') && !f.path.endsWith('kustomization.yaml'))
    .flatMap((f) => f.documents as unknown as (typeof objects)[number]['doc'][]).filter((d) => d.kind === kind);
const BUILTIN_GROUPS = new Set(['v1', 'apps/v1', 'networking.k8s.io/v1', 'rbac.authorization.k8s.io/v1', 'batch/v1', 'policy/v1']);

describe('GitOps tree', () => {
  test('every built-in object validates against the Kubernetes schemas (kubernetes-models)', () => {
    const builtins = objects.filter((o) => BUILTIN_GROUPS.has(o.doc.apiVersion));
    expect(builtins.length).toBeGreaterThan(10);
    const out = execFileSync(process.execPath, [join(__dirname, '..', 'support', 'validate-builtin.mjs')], { input: JSON.stringify(builtins.map((o) => o.doc)) }).toString();
    expect(JSON.parse(out)).toEqual([]);
  });

  // Custom resources against the pinned CRDs: test/gitops/custom-resources.test.ts.

  test.each([
    ['testConfig()', () => config],
    // A fork unlike the example: other cluster names, three live spokes (one a tenant's), the capability.
    ['a fork-like config', () => forkLikeConfig()],
    ['a fork-like config with every managed capability', () => forkLikeCapabilityConfig()],
  ])('contract (%s): every label and annotation an ApplicationSet reads is emitted for every cluster it can select', (_name, make) => {
    const rendered = make();
    const ofKind = kindsOf(rendered);
    // What each cluster's Argo CD secret will carry: the rendered registration's template.
    const registered = new Map<string, { labels: Record<string, string>; annotations: Record<string, string>; data: Record<string, string> }>();
    for (const es of ofKind('ExternalSecret').filter((e) => e.metadata.name.startsWith('cluster-'))) {
      const t = (es.spec as any).target.template;
      registered.set(t.data.name, { labels: t.metadata.labels, annotations: t.metadata.annotations, data: t.data });
    }
    expect([...registered.keys()].sort()).toEqual(rendered.clusters.map((c) => c.name).sort());

    const selects = (selector: any, labels: Record<string, string>): boolean => selector.any ? selector.any.some((x: any) => selects(x, labels)) :
      Object.entries(selector.matchLabels ?? {}).every(([k, v]) => labels[k] === v) &&
      (selector.matchExpressions ?? []).every((e: any) => (e.operator === 'In' ? e.values.includes(labels[e.key]) : !e.values.includes(labels[e.key])));

    let checked = 0;
    for (const appset of ofKind('ApplicationSet')) {
      // Several cluster generators select the union of their clusters.
      const selectors = (appset.spec as any).generators.map((g: any) => g.clusters.selector);
      const selector = { any: selectors };
      const text = JSON.stringify(appset.spec);
      const labelRefs = [...text.matchAll(/\.metadata\.labels\.(\w+)/g)].map((m) => m[1]);
      const annotationRefs = [...text.matchAll(/\.metadata\.annotations\.(\w+)/g)].map((m) => m[1]);
      for (const [cluster, secret] of registered) {
        if (!selects(selector, secret.labels)) continue;
        checked++;
        for (const l of labelRefs) expect([appset.metadata.name, cluster, l, l in secret.labels]).toEqual([appset.metadata.name, cluster, l, true]);
        for (const a of annotationRefs) expect([appset.metadata.name, cluster, a, a in secret.annotations]).toEqual([appset.metadata.name, cluster, a, true]);
        if (text.includes('{{.name}}')) expect(secret.data.name).toBe(cluster);
      }
    }
    expect(checked).toBeGreaterThan(20);
  });

  test('every add-on has one ApplicationSet selecting enable_<addon>, Go templates with missingkey=error, layered values', () => {
    for (const addon of ADDONS) {
      const appset = ofKind('ApplicationSet').find((a) => a.metadata.name === `addon-${addon.id}`)!;
      const spec = appset.spec as any;
      expect(spec.goTemplate).toBe(true);
      expect(spec.goTemplateOptions).toEqual(['missingkey=error']);
      expect(spec.generators[0].clusters.selector.matchLabels).toEqual({ [enableLabel(addon.id)]: 'true' });
      expect(spec.template.spec.sources[0]).toMatchObject({ chart: addon.chart.chart, targetRevision: addon.chart.version });
      expect(spec.template.spec.sources[0].helm.valueFiles).toEqual([
        `$values/gitops/manifests/addons/${addon.id}/values.yaml`,
        `$values/overrides/${addon.id}/default.yaml`,
        `$values/overrides/${addon.id}/environments/{{.metadata.labels.${LABELS.environment}}}.yaml`,
        `$values/overrides/${addon.id}/clusters/{{.metadata.labels.${LABELS.clusterName}}}.yaml`,
      ]);
      expect(spec.template.spec.syncPolicy.retry.backoff).toBeDefined();
    }
  });

  test('sync waves order secrets → certificates → identity → git → portal → the rest', () => {
    const wave = (id: string) => Number(ofKind('ApplicationSet').find((a) => a.metadata.name === `addon-${id}`)!.metadata as any && (ofKind('ApplicationSet').find((a) => a.metadata.name === `addon-${id}`)!.metadata as any).annotations['argocd.argoproj.io/sync-wave']);
    const order = ['external-secrets', 'cert-manager', 'keycloak', 'gitlab', 'backstage', 'kargo'].map(wave);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
    expect(new Set(order).size).toBe(order.length);
  });

  test('no Secret in the tree carries a value', () => {
    // Only ServiceAccount token Secrets (Kubernetes fills them in; Argo Workflows SSO RBAC), with no data of their own.
    for (const s of ofKind('Secret') as any[]) expect([s.type, s.data, s.stringData]).toEqual(['kubernetes.io/service-account-token', undefined, undefined]);
    for (const f of files) expect(toYaml(f)).not.toMatch(/(password|clientSecret|token):\s*['"]?[A-Za-z0-9+/]{12,}/);
  });

  test('tenancy: a project per team limited to its repositories and namespaces on spokes only', () => {
    const project = ofKind('AppProject').find((p) => p.metadata.name === 'team-payments')!;
    const spec = project.spec as any;
    expect(spec.sourceRepos).toEqual([config.git.url, 'https://gitlab.platform.test.example.com/payments/*']);
    expect(spec.destinations).toEqual([{ name: 'dev', namespace: 'payments' }, { name: 'prod', namespace: 'payments' }]);
    expect(spec.destinations.map((d: any) => d.name)).not.toContain('hub');
    expect(spec.clusterResourceWhitelist).toEqual([]);
    expect(spec.roles[0].groups).toEqual(['team-payments']);
  });

  test('tenancy: each tenant namespace enforces restricted, denies by default, has quota, limits and group RBAC', () => {
    for (const env of ['dev', 'prod']) {
      const docs = files.find((f) => f.path === `tenants/${env}/payments.yaml`)!.documents as any[];
      const ns = docs.find((d) => d.kind === 'Namespace');
      expect(ns.metadata.labels['pod-security.kubernetes.io/enforce']).toBe('restricted');
      expect(docs.find((d) => d.kind === 'NetworkPolicy' && d.metadata.name === 'default-deny').spec).toEqual({ podSelector: {}, policyTypes: ['Ingress', 'Egress'] });
      expect(docs.map((d) => d.kind)).toEqual(expect.arrayContaining(['ResourceQuota', 'LimitRange', 'RoleBinding']));
      expect(docs.find((d) => d.kind === 'RoleBinding').subjects).toEqual([{ apiGroup: 'rbac.authorization.k8s.io', kind: 'Group', name: `${KUBERNETES_OIDC_PREFIX}team-payments` }]);
    }
  });

  test('delivery: Applications per environment, a Kargo pipeline dev (auto) → prod (manual) with authorised stages', () => {
    const appset = ofKind('ApplicationSet').find((a) => a.metadata.name === 'app-checkout')!;
    expect((appset.spec as any).template.metadata.annotations['kargo.akuity.io/authorized-stage']).toBe('checkout:{{.metadata.labels.environment}}');
    const stages = ofKind('Stage');
    expect(stages.map((s) => s.metadata.name)).toEqual(['dev', 'prod']);
    expect((stages[0].spec as any).requestedFreight[0].sources).toEqual({ direct: true });
    expect((stages[1].spec as any).requestedFreight[0].sources).toEqual({ stages: ['dev'] });
    expect((ofKind('ProjectConfig')[0].spec as any).promotionPolicies).toEqual([
      { stageSelector: { name: 'dev' }, autoPromotionEnabled: true },
      { stageSelector: { name: 'prod' }, autoPromotionEnabled: false },
    ]);
    const rollout = ofKind('Rollout')[0].spec as any;
    expect(rollout.strategy.canary.steps.filter((s: any) => s.analysis).length).toBe(2);
  });

  test('workload folders build with kustomize and get the promoted image tag', () => {
    const { kubectl } = kubectlLayerBinaries();
    const root = mkdtempSync(join(tmpdir(), 'pb-kustomize-'));
    for (const f of files.filter((f) => f.path.startsWith('workloads/checkout/dev/'))) {
      mkdirSync(dirname(join(root, config.git.basePath, f.path)), { recursive: true });
      writeFileSync(join(root, config.git.basePath, f.path), toYaml(f));
    }
    // The tag lives in the fork-owned promotion state (gitops/promotion-state.ts), as projen first writes it.
    mkdirSync(join(root, promotionStateDir('checkout', 'dev')), { recursive: true });
    writeFileSync(join(root, promotionStateFile('checkout', 'dev')), promotionStateText(imageRepository(config, config.applications[0])));
    const built = execFileSync(kubectl, ['kustomize', join(root, config.git.basePath, 'workloads/checkout/dev')]).toString();
    const rollout = parseAllDocuments(built).map((d) => d.toJS()).find((d) => d.kind === 'Rollout');
    expect(rollout.spec.template.spec.containers[0].image).toBe('111111111111.dkr.ecr.eu-west-1.amazonaws.com/test/checkout:0.0.0');
  });

  test('adding a spoke adds exactly one file: its registration', () => {
    const paths = (c: ResolvedConfig) => new Set(renderGitOpsTree(c).map((f: RenderedFile) => f.path));
    const before = paths(resolveConfig(rawConfigWithSpokes(4)));
    const after = paths(resolveConfig(rawConfigWithSpokes(5)));
    // Its tenant files are per spoke: each namespace's SecretStore names that spoke's team role (C1).
    expect([...after].filter((p) => !before.has(p))).toEqual(['platform-custom/clusters/spoke5.yaml', 'tenants/spoke5/ack-role-team-map.yaml', 'tenants/spoke5/payments.yaml']);
    expect([...before].filter((p) => !after.has(p))).toEqual([]);
  });

  // The committed tree of the fork's own config: test/your-platform.test.ts.
});

describe('names equal to Object.prototype members', () => {
  test('an environment named "constructor" that a team does not serve renders without that team', () => {
    const raw = rawConfigWithSpokes(2);
    const c = resolveConfig({
      ...raw,
      spokes: { ...raw.spokes, constructor: { environment: 'constructor', account: '222222222222', region: 'eu-west-1', vpcCidr: '10.9.0.0/16' } },
      teams: { payments: { namespaces: { dev: ['payments'] } }, constructor: {} },
      applications: {},
    });
    const rendered = renderGitOpsTree(c).map((f) => f.path);
    expect(rendered.some((p) => p.includes('/constructor/constructor.yaml'))).toBe(true);
    expect(rendered.some((p) => p.includes('/constructor/payments.yaml'))).toBe(false);
  });
});
