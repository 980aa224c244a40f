import { merge } from 'ts-deepmerge';
import type { ResolvedCluster, ResolvedConfig } from '../../config/resolved-config';
import { clusterMetadata, roleArn } from '../../contract/gitops-bridge';
import { hasMetricsWorkspace, METRICS_READER_PURPOSE, metricsDatasourceUid } from '../../contract/metrics-workspace';
import { METRICS_ENDPOINT_ANNOTATION, PROMETHEUS_SERVICE_ACCOUNT, remoteWriteUrl } from '../../catalog/addons/prometheus';
import { SERVICE_METRICS, SERVICE_OBJECTIVES } from '../../contract/service-metrics';
import { addonById } from '../../catalog/registry';
import { appDashboardUid } from '../../gitops/charts/app-dashboards';
import { appNamespace } from '../../gitops/charts/delivery';
import { metricsDatasource } from '../../gitops/charts/metrics-datasources';
import { goTemplateJson, TemplateRef } from '../../gitops/charts/go-template-json';
import { serviceNames } from '../../gitops/charts/service-monitoring';
import { renderGitOpsTree } from '../../gitops/render-gitops-tree';
import { ClusterSecret, generateApplications, selects } from '../support/applicationset-generator';
import { K8sObject, validateCustomResources } from '../support/crd-schemas';
import { exampleDeployFacts } from '../support/deploy-facts';
import { renderGoTemplate } from '../support/go-template';
import { effectiveValues, prometheusSelection } from '../support/kube-prometheus-stack-model';
import { keysMissingFromChart, pinnedChartValues } from '../support/pinned-chart-values';
import { forkLikeConfig, testConfig } from '../support/test-config';

type Doc = Record<string, any>;

/** The registration a cluster stack writes (metadata keys, as in blueprints/cluster-stack.ts), with plausible deploy facts. */
function registration(config: ResolvedConfig, c: ResolvedCluster): Record<string, string> {
  const meta = clusterMetadata(config, c, exampleDeployFacts(c));
  return { ...meta.labels, ...meta.annotations };
}

function clusterSecret(config: ResolvedConfig, c: ResolvedCluster): ClusterSecret {
  const meta = clusterMetadata(config, c, exampleDeployFacts(c));
  return { metadata: { name: `cluster-${c.name}`, labels: { ...meta.labels }, annotations: { ...meta.annotations } }, data: { name: c.name, server: `https://${c.clusterName}.example` } };
}

/**
 * Grafana's sidecar (kiwigrid/k8s-sidecar, as the pinned grafana chart 8.10.4 configures it): it loads
 * ConfigMaps and/or Secrets (`resource`) carrying the label (`label`; any value when `labelValue` is
 * empty) in Grafana's own namespace when `searchNamespace` is unset
 * (https://github.com/kiwigrid/k8s-sidecar#configuration-environment-variables,
 * https://github.com/grafana/helm-charts/blob/grafana-8.10.4/charts/grafana/templates/_pod.tpl).
 */
function sidecarLoads(sidecar: Doc, obj: Doc, grafanaNamespace: string): boolean {
  const kind = obj.kind === 'Secret' ? 'secret' : obj.kind === 'ConfigMap' ? 'configmap' : undefined;
  if (!kind || !(sidecar.resource === 'both' || sidecar.resource === kind)) return false;
  if (sidecar.searchNamespace) throw new Error('searchNamespace is not modelled');
  const labels = (obj.metadata.labels ?? {}) as Record<string, string>;
  const labelled = sidecar.label in labels && (!sidecar.labelValue || labels[sidecar.label] === sidecar.labelValue);
  return labelled && obj.metadata.namespace === grafanaNamespace;
}

describe.each<[string, () => ResolvedConfig]>([
  ['testConfig()', () => testConfig()],
  ['a fork-like config', () => forkLikeConfig()],
])('one view of metrics with %s', (_, make) => {
  const config = make();
  const files = renderGitOpsTree(config);
  const file = (path: string) => {
    const f = files.find((x) => x.path === path);
    if (!f) throw new Error(`${path} is not rendered`);
    return f.documents as Doc[];
  };
  const grafanaNs = addonById('grafana').namespace;
  const grafanaValues = merge(pinnedChartValues('grafana', '8.10.4'), file('addons/grafana/values.yaml')[0]) as Doc;
  const clusters = config.clusters.filter(hasMetricsWorkspace);
  const externalSecrets = file('addon-objects/grafana/metrics-datasources.yaml');
  /** The Secret External Secrets makes of a cluster's ExternalSecret, with that cluster's registration. */
  const datasourceSecret = (c: ResolvedCluster) => {
    const es = externalSecrets.find((d) => d.spec.secretStoreRef.name === `gitops-bridge-${c.name}`)!;
    const data = registration(config, c);
    return {
      kind: 'Secret',
      metadata: { name: es.spec.target.name, namespace: es.metadata.namespace, labels: es.spec.target.template.metadata.labels },
      data: Object.fromEntries(Object.entries(es.spec.target.template.data as Record<string, string>).map(([k, v]) => [k, renderGoTemplate(v, data)])),
      es,
    };
  };
  const provisioned = (c: ResolvedCluster) => Object.values(datasourceSecret(c).data).map((text) => JSON.parse(text) as Doc);

  test('every cluster running Prometheus has one data source on the hub, loaded by the sidecar', () => {
    expect(clusters.map((c) => c.name).sort()).toEqual(config.clusters.map((c) => c.name).sort());
    expect(externalSecrets).toHaveLength(clusters.length);
    for (const c of clusters) expect(sidecarLoads(grafanaValues.sidecar.datasources, datasourceSecret(c), grafanaNs)).toBe(true);
  });

  test.each(clusters.map((c) => [c.name, c]))('%s: the data source is Grafana provisioning of a SigV4 Prometheus on the endpoint and reader role the cluster stack creates', (_n, c) => {
    const docs = provisioned(c);
    expect(docs).toHaveLength(1);
    const [doc] = docs;
    expect(doc.apiVersion).toBe(1);
    expect(doc.datasources).toHaveLength(1);
    const ds = doc.datasources[0];
    expect(ds).toMatchObject({ type: 'prometheus', access: 'proxy', uid: metricsDatasourceUid(c), url: exampleDeployFacts(c).metricsEndpoint });
    expect(ds.jsonData).toEqual({
      httpMethod: 'POST', sigV4Auth: true, sigV4AuthType: 'default', sigV4Region: c.region,
      sigV4AssumeRoleArn: roleArn(config, c, METRICS_READER_PURPOSE),
    });
    // The registration reaches Grafana's namespace only through the store that allows it.
    const store = file(`platform-custom/clusters/${c.name}.yaml`).find((d) => d.kind === 'ClusterSecretStore')!;
    expect(datasourceSecret(c).es.spec.secretStoreRef.name).toBe(store.metadata.name);
    expect(store.spec.conditions.flatMap((x: Doc) => x.namespaces)).toContain(grafanaNs);
  });

  test('data source uids and names are unique, uids fit Grafana\'s 40 characters, exactly one is the default', () => {
    const all = clusters.flatMap((c) => provisioned(c).flatMap((d) => d.datasources as Doc[]));
    expect(new Set(all.map((d) => d.uid)).size).toBe(all.length);
    expect(new Set(all.map((d) => d.name)).size).toBe(all.length);
    for (const d of all) expect(d.uid).toMatch(/^[A-Za-z0-9_-]{1,40}$/);
    expect(all.filter((d) => d.isDefault)).toHaveLength(1);
  });

  test('Grafana turns SigV4 on for data sources (off by default)', () => {
    expect(grafanaValues['grafana.ini'].auth.sigv4_auth_enabled).toBe(true);
  });

  test.each(clusters.map((c) => [c.name, c]))('%s: its Prometheus remote-writes to its own workspace with SigV4, labelled with the cluster', (_n, c) => {
    const [appset] = file('platform/addons/prometheus.yaml');
    const apps = generateApplications(appset as never, [clusterSecret(config, c)]);
    expect(apps).toHaveLength(1);
    const valuesObject = apps[0].spec.sources[0].helm.valuesObject as Doc;
    const spec = valuesObject.prometheus.prometheusSpec;
    expect(spec.remoteWrite).toEqual([{ url: remoteWriteUrl(exampleDeployFacts(c).metricsEndpoint!), sigv4: { region: c.region } }]);
    expect(spec.externalLabels).toEqual({ cluster: c.name, environment: c.environment });
    expect(keysMissingFromChart(valuesObject, pinnedChartValues('kube-prometheus-stack', '69.8.2'))).toEqual([]);
    // What the chart puts into the Prometheus object validates against the pinned CRD.
    const values = effectiveValues(merge(file('addons/prometheus/values.yaml')[0], valuesObject));
    expect(values.prometheus.serviceAccount.name).toBe(PROMETHEUS_SERVICE_ACCOUNT);
    const prometheus = { apiVersion: 'monitoring.coreos.com/v1', kind: 'Prometheus', metadata: { name: 'prometheus' }, spec: { remoteWrite: spec.remoteWrite, externalLabels: spec.externalLabels, serviceAccountName: PROMETHEUS_SERVICE_ACCOUNT } };
    expect(validateCustomResources([{ where: c.name, doc: prometheus as K8sObject }])).toEqual([]);
  });

  test('alerts reach an Alertmanager: the chart wires its own when enabled', () => {
    const values = effectiveValues(file('addons/prometheus/values.yaml')[0]);
    expect(prometheusSelection(values, 'prometheus').sendsAlerts).toBe(true);
  });

  test.each(config.applications.map((a) => [a.name, a]))('%s: its dashboard shows rate, errors and p95 per environment and spoke on that spoke\'s data source', (_n, app) => {
    const cm = file('addon-objects/grafana/app-dashboards.yaml').find((d) => d.metadata.name === `app-dashboard-${app.name}`)!;
    expect(sidecarLoads(grafanaValues.sidecar.dashboards, cm, grafanaNs)).toBe(true);
    const dashboard = JSON.parse(Object.values(cm.data as Record<string, string>)[0]) as Doc;
    expect(dashboard.uid).toBe(appDashboardUid(app));
    const team = config.teams.find((t) => t.name === app.team)!;
    const expected = app.promotion.flatMap((env) => config.spokes
      .filter((s) => s.environment === env && (!s.tenant || s.tenant === team.name))
      .map((s) => ({ env, cluster: s, namespace: appNamespace(team, env) })));
    expect(expected.length).toBeGreaterThan(0);
    const panels = dashboard.panels as Doc[];
    const rows = panels.filter((p) => p.type === 'row');
    expect(rows.map((r) => r.title)).toEqual(expected.map((e) => `${e.env}: ${e.cluster.name} (namespace ${e.namespace})`));
    const uids = new Set(clusters.flatMap((c) => provisioned(c).flatMap((d) => (d.datasources as Doc[]).map((x) => x.uid))));
    expected.forEach((e, i) => {
      const start = panels.indexOf(rows[i]);
      const graphs = panels.slice(start + 1, start + 4);
      expect(graphs.map((g) => g.title)).toEqual(['Request rate', 'Error ratio (5xx)', 'Latency p95']);
      for (const g of graphs) {
        expect(g.datasource.uid).toBe(metricsDatasourceUid(e.cluster));
        expect(uids.has(g.datasource.uid)).toBe(true);
        expect(g.targets.map((t: Doc) => t.legendFormat)).toEqual(Object.values(serviceNames(app)));
        for (const t of g.targets) expect(t.expr).toContain(`namespace="${e.namespace}",service="${t.legendFormat}"`);
      }
      expect(graphs[0].targets[0].expr).toContain(`${SERVICE_METRICS.requests}{`);
      expect(graphs[1].targets[0].expr).toContain(`${SERVICE_METRICS.codeLabel}=~"5.."`);
      expect(graphs[1].fieldConfig.defaults.thresholds.steps[1].value).toBe(SERVICE_OBJECTIVES.maxErrorRatio);
      expect(graphs[2].targets[0].expr).toContain(`${SERVICE_METRICS.duration}_bucket{`);
      expect(graphs[2].fieldConfig.defaults.thresholds.steps[1].value).toBe(SERVICE_OBJECTIVES.maxLatencyP95Seconds);
    });
  });

  test('dashboard uids are unique and fit Grafana\'s 40 characters', () => {
    const uids = config.applications.map(appDashboardUid);
    expect(new Set(uids).size).toBe(uids.length);
    for (const u of uids) expect(u.length).toBeLessThanOrEqual(40);
  });
});

describe('the data source template', () => {
  const config = testConfig();
  const hub = config.hub;
  test('a registration value that tries to leave its string stays the url, in one data source', () => {
    const hostile = 'https://x/"},{"name":"evil","url":"http://attacker\n';
    const text = renderGoTemplate(goTemplateJson(metricsDatasource(config, hub, new TemplateRef(METRICS_ENDPOINT_ANNOTATION))), { [METRICS_ENDPOINT_ANNOTATION]: hostile });
    const doc = JSON.parse(text) as Doc;
    expect(doc.datasources).toHaveLength(1);
    expect(doc.datasources[0].url).toBe(hostile);
  });

  test('fails when the sidecar label is missing (the model is not vacuous)', () => {
    const sidecar = { label: 'grafana_datasource', labelValue: '', resource: 'both', searchNamespace: null };
    expect(sidecarLoads(sidecar, { kind: 'Secret', metadata: { namespace: 'grafana', labels: {} } }, 'grafana')).toBe(false);
    expect(sidecarLoads(sidecar, { kind: 'Secret', metadata: { namespace: 'other', labels: { grafana_datasource: '1' } } }, 'grafana')).toBe(false);
    expect(selects({ matchLabels: { a: 'b' } }, {})).toBe(false);
  });

  test('a long cluster name still gets a short, distinct uid', () => {
    const long = (name: string) => ({ ...hub, name }) as ResolvedCluster;
    const a = metricsDatasourceUid(long(`${'a'.repeat(50)}-one`));
    const b = metricsDatasourceUid(long(`${'a'.repeat(50)}-two`));
    expect(a.length).toBeLessThanOrEqual(40);
    expect(a).not.toBe(b);
  });
});
