import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseAllDocuments, stringify } from 'yaml';
import { resolveConfig } from '../../config/resolve-config';
import type { ResolvedConfig } from '../../config/resolved-config';
import { addonById } from '../../catalog/registry';
import { renderGitOpsTree } from '../../gitops/render-gitops-tree';
import { findChartData } from '../../scripts/lib/chart-cache';
import { pinnedChartData } from '../support/chart-data';
import { isBuiltIn, K8sObject, loadCrdValidators, PLATFORM_PROVIDED_KINDS, re2ToJs, validateCustomResources } from '../support/crd-schemas';
import { forkLikeCapabilityConfig, forkLikeConfig, rawConfigWithSpokes, testConfig } from '../support/test-config';

/**
 * Every custom resource the platform renders validates against the CRD of exactly the chart version
 * its add-on pins (served versions only, closed against unknown fields, API-server defaulting), and
 * so do the resources nested in kro ResourceGraphDefinitions.
 */

const objectsOf = (config: ResolvedConfig) =>
  renderGitOpsTree(config)
    .filter((f) => !f.path.endsWith('values.yaml') && !f.path.endsWith('kustomization.yaml'))
    .flatMap((f) => f.documents.map((doc) => ({ where: f.path, doc: doc as unknown as K8sObject })));

const CONFIGS: [string, () => ResolvedConfig][] = [
  ['testConfig()', () => testConfig()],
  ['10 spokes', () => resolveConfig(rawConfigWithSpokes(10))],
  // A fork unlike the example: qa/staging/live, two live spokes, a tenant spoke, other accounts and regions.
  ['a fork-like config', () => forkLikeConfig()],
  ['a fork-like config with every managed capability', () => forkLikeCapabilityConfig()],
  // The capability reaches spokes through access entries in the hub's account: spokes live there.
  ['Argo CD as the EKS capability', () => testConfig({
    argocd: { mode: 'eks-capability', identityCenterInstanceArn: 'arn:aws:sso:::instance/ssoins-0123456789abcdef' },
    spokes: {
      dev: { environment: 'dev', account: '111111111111', region: 'eu-west-1', vpcCidr: '10.1.0.0/16' },
      prod: { environment: 'prod', account: '111111111111', region: 'eu-central-1', vpcCidr: '10.2.0.0/16' },
    },
  })],
];

const validators = loadCrdValidators();

describe('custom resources at the pinned chart versions', () => {
  test.each(CONFIGS)('every custom resource of the GitOps tree (%s) validates against its pinned CRD, closed to unknown fields', (_name, config) => {
    const objects = objectsOf(config());
    const custom = objects.filter((o) => !isBuiltIn(o.doc.apiVersion));
    expect(validateCustomResources(objects, validators)).toEqual([]);
    expect(custom.length).toBeGreaterThan(30);
    // The kro compositions' nested templates are checked too (they are not top-level objects).
    expect(custom.some((o) => o.doc.kind === 'ResourceGraphDefinition')).toBe(true);
  });

  test('every rendered kind comes from the pinned chart of its add-on', () => {
    const kinds = new Set(objectsOf(testConfig()).filter((o) => !isBuiltIn(o.doc.apiVersion)).map((o) => `${o.doc.apiVersion}/${o.doc.kind}`));
    const from = (key: string) => validators.sources.get(key);
    expect(from('external-secrets.io/v1/ExternalSecret')).toBe(`external-secrets/${addonById('external-secrets').chart.version}`);
    expect(from('kargo.akuity.io/v1alpha1/ProjectConfig')).toBe(`kargo/${addonById('kargo').chart.version}`);
    expect(from('kro.run/v1alpha1/ResourceGraphDefinition')).toBe(`kro/${addonById('kro').chart.version}`);
    for (const k of kinds) expect([k, from(k)]).toEqual([k, expect.any(String)]);
  });

  test('fails when a field is misspelled (the CRD check is closed)', () => {
    const appset = structuredClone(objectsOf(testConfig()).find((o) => o.doc.kind === 'ApplicationSet')!.doc) as any;
    appset.spec.goTemplateOption = appset.spec.goTemplateOptions;
    const failures = validateCustomResources([{ where: 'x.yaml', doc: appset }], validators);
    expect(failures).toHaveLength(1);
    expect(failures[0]).toContain('goTemplateOption');
  });

  test('fails when a field inside a kro template is misspelled', () => {
    const rgd = structuredClone(objectsOf(testConfig()).find((o) => o.doc.kind === 'ResourceGraphDefinition' && o.doc.metadata?.name === 'team-bucket')!.doc) as any;
    rgd.spec.resources.find((r: any) => r.template?.kind === 'Bucket').template.spec.versionning = { status: 'Enabled' };
    expect(validateCustomResources([{ where: 'x.yaml', doc: rgd }], validators).join('\n')).toContain('versionning');
  });

  test('kro templates: a pure ${…} expression may stand for a number, an embedded one may not', () => {
    const rgd = structuredClone(objectsOf(testConfig()).find((o) => o.doc.metadata?.name === 'webservice')!.doc) as any;
    const rollout = rgd.spec.resources.find((r: any) => r.template.kind === 'Rollout').template;
    rollout.spec.replicas = '${schema.spec.replicas}';
    expect(validateCustomResources([{ where: 'x.yaml', doc: rgd }], validators)).toEqual([]);
    rollout.spec.replicas = 'two-${schema.spec.replicas}';
    expect(validateCustomResources([{ where: 'x.yaml', doc: rgd }], validators).join('\n')).toContain('replicas');
    // Built-in templates (Service) too: a port that is not an expression and not a number fails.
    const svc = rgd.spec.resources.find((r: any) => r.template.kind === 'Service').template;
    rollout.spec.replicas = 2;
    svc.spec.ports[0].port = 'eighty';
    expect(validateCustomResources([{ where: 'x.yaml', doc: rgd }], validators).join('\n')).toContain('/spec/ports/0/port');
  });

  test('fails when a kind is served only by a version we do not pin', () => {
    // external-secrets.io/v1alpha1 ExternalSecret was served by old charts, not by the pinned one.
    const es = { apiVersion: 'external-secrets.io/v1alpha1', kind: 'ExternalSecret', metadata: { name: 'x' }, spec: {} };
    expect(validateCustomResources([{ where: 'x.yaml', doc: es }], validators)).toEqual([expect.stringContaining('no pinned chart serves external-secrets.io/v1alpha1/ExternalSecret')]);
  });

  test('fails when the pinned chart marks the version served: false', () => {
    // A cache that takes precedence ($PLATFORM_CHART_CACHE) with the pinned external-secrets CRDs,
    // v1beta1 switched off like a later chart does; every other chart comes from the next cache.
    const eso = addonById('external-secrets').chart;
    const cache = mkdtempSync(join(tmpdir(), 'pb-charts-'));
    const dir = join(cache, eso.chart, eso.version);
    cpSync(findChartData(eso), dir, { recursive: true });
    const file = join(dir, 'crds', 'external-secrets.io_externalsecrets.yaml');
    const crd = parseAllDocuments(readFileSync(file, 'utf8'))[0].toJS();
    for (const v of crd.spec.versions) if (v.name === 'v1beta1') v.served = false;
    writeFileSync(file, stringify(crd));
    const v = loadCrdValidators({ ...process.env, PLATFORM_CHART_CACHE: cache });
    expect(v.sources.get('external-secrets.io/v1beta1/ExternalSecret')).toBeUndefined();
    expect(v.sources.get('external-secrets.io/v1/ExternalSecret')).toBe(`external-secrets/${eso.version}`);
    const es = { apiVersion: 'external-secrets.io/v1beta1', kind: 'ExternalSecret', metadata: { name: 'x' }, spec: {} };
    expect(validateCustomResources([{ where: 'x.yaml', doc: es }], v)).toEqual([expect.stringContaining('no pinned chart serves external-secrets.io/v1beta1/ExternalSecret')]);
  });

  test('fails when a pinned version is in no chart cache, naming npx projen charts:fetch and the lookup order', () => {
    // kro bumped to a version no cache holds, $PLATFORM_CHART_CACHE pointing at an empty folder.
    const empty = mkdtempSync(join(tmpdir(), 'pb-charts-empty-'));
    const kro = addonById('kro');
    const bumped = { ...kro, chart: { ...kro.chart, version: '99.0.0' } };
    expect(() => pinnedChartData(bumped, { ...process.env, PLATFORM_CHART_CACHE: empty })).toThrow(/npx projen charts:fetch/);
    expect(() => pinnedChartData(bumped, { ...process.env, PLATFORM_CHART_CACHE: empty }))
      .toThrow(/kro 99\.0\.0 .*1\. \$PLATFORM_CHART_CACHE \(.*pb-charts-empty-.*\).*2\. \.\.\/shared\/charts .*3\. \.cache\/charts/);
  });

  test('Go RE2 (?i) patterns become case-insensitive JavaScript patterns', () => {
    const js = new RegExp(re2ToJs('^(?i)(abort|warn)?$'));
    expect(['ABORT', 'Warn', 'warn', ''].every((s) => js.test(s))).toBe(true);
    expect(js.test('skip')).toBe(false);
    expect(new RegExp(re2ToJs('^((?i)sun|mon)day[a-c]$')).test('SUNdayB')).toBe(true);
  });

  test('platform-provided kinds each name a reason and a schema file', () => {
    for (const p of PLATFORM_PROVIDED_KINDS) {
      expect(p.reason.length).toBeGreaterThan(20);
      expect(validators.sources.get(p.key)).toBe(p.schemaFile);
    }
  });
});
