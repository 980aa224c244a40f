import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv from 'ajv';
import Ajv2020 from 'ajv/dist/2020';
import { exampleDeployFacts } from '../support/deploy-facts';
import type { ResolvedConfig } from '../../config/resolved-config';
import { clusterMetadata } from '../../contract/gitops-bridge';
import type { AddonDefinition } from '../../catalog/addon-definition';
import { ADDONS } from '../../catalog/registry';
import { LAYOUT } from '../../gitops/gitops-layout';
import { renderGitOpsTree } from '../../gitops/render-gitops-tree';
import { CHART_DATA_EXCEPTIONS, pinnedChartData } from '../support/chart-data';
import { forkLikeCapabilityConfig, forkLikeConfig, testConfig } from '../support/test-config';

/**
 * The Helm values every add-on gets, checked against exactly its pinned chart version: what Helm
 * validates (values.schema.json against the MERGED values: chart defaults ⊕ our values file ⊕ the
 * ApplicationSet's valuesObject; https://helm.sh/docs/topics/charts/#schema-files) and what Helm does
 * not (a key the chart never reads is silently ignored — so every key we set must exist in the chart's
 * values.yaml, unless it sits below a free-form map listed in FREE_FORM with the reason).
 */

type Values = Record<string, unknown>;
const isMap = (v: unknown): v is Values => !!v && typeof v === 'object' && !Array.isArray(v);

/**
 * Key paths (dotted, per add-on) below which the chart takes arbitrary keys: maps rendered verbatim
 * into config files, env or annotations, whose keys the chart's values.yaml cannot list.
 */
const FREE_FORM: Readonly<Record<string, readonly string[]>> = {
  // argocd-cm data (url, oidc.config, …): the chart renders configs.cm verbatim into the ConfigMap and
  // lists only a few of Argo CD's keys (https://argo-cd.readthedocs.io/en/stable/operator-manual/argocd-cm-yaml/).
  'argo-cd': ['configs.cm'],
  // Sections and keys of grafana.ini, written verbatim (https://grafana.com/docs/grafana/latest/setup-grafana/configure-grafana/).
  'grafana': ['grafana.ini'],
};

/**
 * Keys a chart documents only as a commented-out example in its values.yaml (so they are absent from
 * the parsed defaults) while its templates read them. Each is proven below to be that comment.
 */
const COMMENTED_KEYS: Readonly<Record<string, readonly string[]>> = {
  // grafana 8.10.4 values.yaml: `# ingressClassName: nginx` under `ingress:`; templates/ingress.yaml reads .Values.ingress.ingressClassName.
  grafana: ['ingress.ingressClassName'],
};

/** Helm's value coalescing: maps merge key by key, anything else (lists included) replaces, null deletes. */
function helmMerge(base: Values, over: Values): Values {
  const out: Values = { ...base };
  for (const [k, v] of Object.entries(over)) {
    if (v === null) delete out[k];
    else out[k] = isMap(v) && isMap(out[k]) ? helmMerge(out[k] as Values, v) : v;
  }
  return out;
}

/** Key paths we set that the chart's values.yaml does not have (lists and free-form maps are leaves). */
function unknownKeys(ours: Values, chart: Values, freeForm: readonly string[], prefix = ''): string[] {
  return Object.entries(ours).flatMap(([k, v]) => {
    const path = prefix ? `${prefix}.${k}` : k;
    if (freeForm.includes(path)) return [];
    if (!(k in chart)) return [path];
    const c = chart[k];
    // An empty map (or null) in the chart's values is the chart's own "put anything here".
    if (isMap(v) && isMap(c) && Object.keys(c).length > 0) return unknownKeys(v, c, freeForm, path);
    return [];
  });
}

/** Go-template placeholders of the cluster generator replaced by what the registration emits. */
function instantiate(value: unknown, meta: { labels: Readonly<Record<string, string>>; annotations: Readonly<Record<string, string>>; name: string }): unknown {
  if (typeof value === 'string') {
    return value.replace(/\{\{\s*\.(metadata\.(labels|annotations)\.(\w+)|name)\s*\}\}/g, (_m, _all, where?: string, key?: string) => {
      const v = where ? (where === 'labels' ? meta.labels : meta.annotations)[key!] : meta.name;
      // missingkey=error: Argo CD would fail to render; so do we.
      if (v === undefined) throw new Error(`placeholder ${_m} has no value on cluster ${meta.name}`);
      return v;
    });
  }
  if (Array.isArray(value)) return value.map((v) => instantiate(v, meta));
  if (isMap(value)) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, instantiate(v, meta)]));
  return value;
}

const config = testConfig();
// A fork unlike the example (other names, regions, environments, a tenant spoke), and with capabilities.
const CONFIGS: [string, ResolvedConfig][] = [['testConfig()', config], ['a fork-like config', forkLikeConfig()], ['a fork-like config with every managed capability', forkLikeCapabilityConfig()]];
const rendered = new Map(CONFIGS.map(([, c]) => [c, renderGitOpsTree(c)]));

/** Our values for an add-on on a representative cluster: the rendered values file ⊕ the valuesObject. */
function ourValues(addon: AddonDefinition, c: ResolvedConfig): { file: Values; object: Values; cluster: string } {
  const files = rendered.get(c)!;
  const file = files.find((f) => f.path === `${LAYOUT.addonValues}/${addon.id}/values.yaml`)!.documents[0] as Values;
  const appset = files.find((f) => f.path === `${LAYOUT.platform}/addons/${addon.id}.yaml`)!.documents[0] as any;
  const raw = (appset.spec.template.spec.sources[0].helm.valuesObject ?? {}) as Values;
  // A cluster the add-on runs on; an add-on off by default everywhere is checked on the hub.
  const cluster = c.clusters.find((cl) => cl.addons.includes(addon.id)) ?? c.hub;
  const meta = clusterMetadata(c, cluster, exampleDeployFacts(cluster));
  return { file, object: instantiate(raw, { ...meta, name: cluster.name }) as Values, cluster: cluster.name };
}

function schemaValidator(schema: Values) {
  const { $schema, ...rest } = schema;
  const ajv = String($schema).includes('2020-12') ? new Ajv2020({ strict: false, allErrors: true, validateFormats: false }) : new Ajv({ strict: false, allErrors: true, validateFormats: false });
  return ajv.compile(rest);
}

describe('Helm values at the pinned chart versions', () => {
  // An add-on a managed capability replaces on every cluster that enables it has no chart, so no values.
  const charted = (c: ResolvedConfig) => ADDONS.filter((a) => !c.clusters.some((cl) => cl.capabilities.some((cap) => cap.replaces.includes(a.id))) || c.clusters.some((cl) => cl.addons.includes(a.id)));
  test.each(CONFIGS.flatMap(([name, c]) => charted(c).map((a) => [a.id, name, a, c] as const)))('%s (%s): merged values pass the pinned chart schema and every key we set exists in its values.yaml (or the add-on is a listed chart-data exception)', (id, _name, addon, config) => {
    const data = pinnedChartData(addon);
    if (!data) {
      // Only an add-on listed in CHART_DATA_EXCEPTIONS gets here (pinnedChartData throws for others).
      expect(CHART_DATA_EXCEPTIONS[id]).toEqual(expect.any(String));
      return;
    }
    const { file, object, cluster } = ourValues(addon, config);
    const merged = helmMerge(helmMerge(data.values, file), object);
    if (data.valuesSchema) {
      const validate = schemaValidator(data.valuesSchema);
      expect([id, cluster, validate(merged) ? [] : validate.errors?.slice(0, 5)]).toEqual([id, cluster, []]);
    }
    const ours = helmMerge(file, object);
    expect([id, unknownKeys(ours, data.values, [...(FREE_FORM[id] ?? []), ...(COMMENTED_KEYS[id] ?? [])])]).toEqual([id, []]);
  });

  test('every free-form exception is needed: without it, keys we set there would be unknown to the chart', () => {
    for (const [id, paths] of Object.entries(FREE_FORM)) {
      const addon = ADDONS.find((a) => a.id === id)!;
      const { file, object } = ourValues(addon, config);
      const unknown = unknownKeys(helmMerge(file, object), pinnedChartData(addon)!.values, []);
      for (const p of paths) expect([id, p, unknown.some((u) => u.startsWith(`${p}.`))]).toEqual([id, p, true]);
    }
  });

  test('every commented-key exception is a commented-out key of the pinned values.yaml, and needed', () => {
    for (const [id, paths] of Object.entries(COMMENTED_KEYS)) {
      const addon = ADDONS.find((a) => a.id === id)!;
      const data = pinnedChartData(addon)!;
      const text = readFileSync(join(data.dir, 'values.yaml'), 'utf8');
      const { file, object } = ourValues(addon, config);
      const unknown = unknownKeys(helmMerge(file, object), data.values, FREE_FORM[id] ?? []);
      for (const p of paths) {
        const leaf = p.split('.').pop()!;
        expect([id, p, new RegExp(`^\\s*#\\s*${leaf}:`, 'm').test(text), unknown.includes(p)]).toEqual([id, p, true, true]);
      }
    }
  });

  test('GitLab is the only add-on excepted from chart data, for a stated reason', () => {
    expect(Object.keys(CHART_DATA_EXCEPTIONS)).toEqual(['gitlab']);
    expect(CHART_DATA_EXCEPTIONS.gitlab).toMatch(/GitLab\.com/);
  });

  test('fails when a key we set does not exist in the chart (a typo Helm would silently ignore)', () => {
    const kargo = ADDONS.find((a) => a.id === 'kargo')!;
    const data = pinnedChartData(kargo)!;
    expect(unknownKeys({ api: { adminAcount: { enabled: false } } }, data.values, [])).toEqual(['api.adminAcount']);
  });

  test('fails when merged values break the chart schema', () => {
    const eso = ADDONS.find((a) => a.id === 'external-secrets')!;
    const data = pinnedChartData(eso)!;
    expect(schemaValidator(data.valuesSchema!)(helmMerge(data.values, { replicaCount: 'two' }))).toBe(false);
  });

  test('Helm merge: maps merge, lists replace, null deletes', () => {
    expect(helmMerge({ a: { b: 1, c: [1, 2] }, d: 1 }, { a: { c: [3] }, d: null })).toEqual({ a: { b: 1, c: [3] } });
  });
});
