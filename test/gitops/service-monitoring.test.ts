import type { ResolvedConfig } from '../../config/resolved-config';
import { SERVICE_METRICS, SERVICE_OBJECTIVES } from '../../contract/service-metrics';
import { addonById } from '../../catalog/registry';
import { appNamespace } from '../../gitops/charts/delivery';
import { SERVICE_ALERTS, serviceNames } from '../../gitops/charts/service-monitoring';
import { renderGitOpsTree } from '../../gitops/render-gitops-tree';
import { K8sObject, validateCustomResources } from '../support/crd-schemas';
import { effectiveValues, operatorSelects, prometheusSelection } from '../support/kube-prometheus-stack-model';
import { Destination, ingressAllowed, NetworkPolicy } from '../support/network-policy-model';
import { forkLikeConfig, testConfig } from '../support/test-config';

type Doc = Record<string, any>;

/** Every application on every environment of a config, with its rendered objects and the cluster facts around them. */
function cases(config: ResolvedConfig) {
  const files = renderGitOpsTree(config);
  const file = (path: string) => {
    const f = files.find((x) => x.path === path);
    if (!f) throw new Error(`${path} is not rendered`);
    return f.documents as Doc[];
  };
  const appset = file('platform/addons/prometheus.yaml')[0];
  const release = appset.spec.template.spec.sources[0].helm.releaseName as string;
  const values = effectiveValues(file('addons/prometheus/values.yaml')[0]);
  return config.applications.flatMap((app) => app.promotion.map((env) => {
    const team = config.teams.find((t) => t.name === app.team)!;
    const namespace = appNamespace(team, env);
    const spokes = config.spokes.filter((s) => s.environment === env && (!s.tenant || s.tenant === team.name));
    const tenantDocs = spokes.flatMap((s) => file(`tenants/${s.name}/${team.name}.yaml`));
    return { app, env, team, namespace, release, values, docs: file(`workloads/${app.name}/${env}/rollout.yaml`), tenantDocs, name: `${app.name}/${env}` };
  }));
}

const of = (docs: Doc[], kind: string) => docs.filter((d) => d.kind === kind);
const one = (docs: Doc[], kind: string) => {
  const found = of(docs, kind);
  if (found.length !== 1) throw new Error(`expected one ${kind}, found ${found.length}`);
  return found[0];
};

describe.each<[string, () => ResolvedConfig]>([
  ['testConfig()', () => testConfig()],
  ['a fork-like config', () => forkLikeConfig()],
])('service monitoring with %s', (_, make) => {
  const config = make();
  const all = cases(config);

  test('renders one case per application and environment', () => {
    expect(all.map((c) => c.name).sort()).toEqual(config.applications.flatMap((a) => a.promotion.map((e) => `${a.name}/${e}`)).sort());
    expect(all.length).toBeGreaterThan(1);
  });

  test.each(all.map((c) => [c.name, c]))('%s: the pinned kube-prometheus-stack selects its ServiceMonitor and PrometheusRule', (_n, c) => {
    const sel = prometheusSelection(c.values, c.release);
    const monitor = one(c.docs, 'ServiceMonitor');
    const rule = one(c.docs, 'PrometheusRule');
    // The tenant namespace as each spoke of the environment renders it (the API server adds the name label).
    const namespaces = of(c.tenantDocs, 'Namespace').filter((d) => d.metadata.name === c.namespace);
    expect(namespaces.length).toBeGreaterThan(0);
    for (const ns of namespaces) {
      const nsLabels = { 'kubernetes.io/metadata.name': c.namespace, ...ns.metadata.labels };
      expect(operatorSelects(sel.serviceMonitorSelector, sel.serviceMonitorNamespaceSelector, monitor.metadata.labels, nsLabels)).toBe(true);
      expect(operatorSelects(sel.ruleSelector, sel.ruleNamespaceSelector, rule.metadata.labels, nsLabels)).toBe(true);
    }
  });

  test.each(all.map((c) => [c.name, c]))('%s: the ServiceMonitor scrapes the named metrics port of both Services, which is the container port of that name', (_n, c) => {
    const monitor = one(c.docs, 'ServiceMonitor');
    const container = one(c.docs, 'Rollout').spec.template.spec.containers[0];
    // No namespaceSelector: the operator looks in the monitor's own namespace, where the Services are.
    expect(monitor.spec.namespaceSelector).toBeUndefined();
    expect(monitor.spec.endpoints).toEqual([expect.objectContaining({ port: SERVICE_METRICS.port, path: SERVICE_METRICS.path })]);
    const selected = of(c.docs, 'Service').filter((s) => Object.entries(monitor.spec.selector.matchLabels as Record<string, string>).every(([k, v]) => s.metadata.labels[k] === v));
    expect(selected.map((s) => s.metadata.name).sort()).toEqual(Object.values(serviceNames(c.app)).sort());
    for (const svc of selected) {
      const port = (svc.spec.ports as Doc[]).find((p) => p.name === SERVICE_METRICS.port);
      expect(port?.targetPort).toBe(SERVICE_METRICS.port);
      expect(container.ports).toContainEqual({ name: SERVICE_METRICS.port, containerPort: c.app.port });
    }
  });

  test.each(all.map((c) => [c.name, c]))('%s: the monitor, the rules and the Rollout validate against the pinned CRDs', (_n, c) => {
    expect(validateCustomResources(c.docs.map((doc) => ({ where: c.name, doc: doc as K8sObject })))).toEqual([]);
  });

  test.each(all.map((c) => [c.name, c]))('%s: alerts judge the stable Service by the metric names the skeletons export and the objectives the canary uses', (_n, c) => {
    const rules = one(c.docs, 'PrometheusRule').spec.groups[0].rules as Doc[];
    const expr = (alert: string) => rules.find((r) => r.alert === alert)!.expr as string;
    const sel = `namespace="${c.namespace}",service="${serviceNames(c.app).stable}"`;
    expect(expr(SERVICE_ALERTS.errorRatio)).toContain(`${SERVICE_METRICS.requests}{${sel},${SERVICE_METRICS.codeLabel}=~"5.."}`);
    expect(expr(SERVICE_ALERTS.errorRatio)).toMatch(new RegExp(`> ${SERVICE_OBJECTIVES.maxErrorRatio}$`));
    expect(expr(SERVICE_ALERTS.latency)).toContain(`${SERVICE_METRICS.duration}_bucket{${sel}}`);
    expect(expr(SERVICE_ALERTS.latency)).toMatch(new RegExp(`> ${SERVICE_OBJECTIVES.maxLatencyP95Seconds}$`));
    expect(expr(SERVICE_ALERTS.missing)).toBe(`absent(up{${sel}} == 1)`);
    for (const r of rules) expect(r.labels).toEqual({ severity: 'warning', team: c.team.name, application: c.app.name, environment: c.env });
  });

  test.each(all.map((c) => [c.name, c]))('%s: Prometheus reaches the metrics port through the tenant default-deny, and no other port', (_n, c) => {
    const monitoring = addonById('prometheus').namespace;
    // The Prometheus end: the pinned chart's own NetworkPolicy (which would restrict its egress) stays off.
    expect(c.values.prometheus.networkPolicy.enabled).toBe(false);
    const policies = of(c.tenantDocs, 'NetworkPolicy').map((p) => ({ ...p, metadata: { ...p.metadata, namespace: p.metadata.namespace ?? c.namespace } })) as NetworkPolicy[];
    expect(policies.length).toBeGreaterThan(0);
    const pod = one(c.docs, 'Rollout').spec.template;
    const dest: Destination = { namespace: c.namespace, namespaceLabels: {}, podLabels: pod.metadata.labels, containerPorts: pod.spec.containers[0].ports };
    const prometheusPod = { namespace: monitoring, namespaceLabels: { 'kubernetes.io/metadata.name': monitoring }, podLabels: { 'app.kubernetes.io/name': 'prometheus' } };
    expect(ingressAllowed(policies, prometheusPod, dest, c.app.port)).toBe(true);
    expect(ingressAllowed(policies, prometheusPod, dest, c.app.port + 1)).toBe(false);
    const stranger = { namespace: 'elsewhere', namespaceLabels: { 'kubernetes.io/metadata.name': 'elsewhere' }, podLabels: {} };
    expect(ingressAllowed(policies, stranger, dest, c.app.port)).toBe(false);
  });
});

describe('the selection model is not vacuous', () => {
  const [c] = cases(testConfig());
  const sel = prometheusSelection(c.values, c.release);
  const monitor = c.docs.find((d) => d.kind === 'ServiceMonitor')!;

  test('fails when the ServiceMonitor lacks the release label', () => {
    const { release: _r, ...unlabelled } = monitor.metadata.labels;
    expect(operatorSelects(sel.serviceMonitorSelector, sel.serviceMonitorNamespaceSelector, unlabelled, {})).toBe(false);
  });

  test('fails when the Helm release is named differently from the label', () => {
    const other = prometheusSelection(c.values, 'kube-prometheus-stack');
    expect(operatorSelects(other.serviceMonitorSelector, other.serviceMonitorNamespaceSelector, monitor.metadata.labels, {})).toBe(false);
  });

  test('the chart defaults select by the release label in every namespace', () => {
    expect(sel.serviceMonitorSelector).toEqual({ matchLabels: { release: c.release } });
    expect(sel.serviceMonitorNamespaceSelector).toEqual({});
    expect(sel.ruleSelector).toEqual({ matchLabels: { release: c.release } });
  });
});
