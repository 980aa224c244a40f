import { merge } from 'ts-deepmerge';
import { LabelSelector, selects } from './applicationset-generator';
import { pinnedChartValues } from './pinned-chart-values';

/**
 * What the pinned kube-prometheus-stack (69.8.2, prometheus-operator v0.80.1) makes of our values: the
 * selectors its Prometheus object gets, and whether the operator picks up a ServiceMonitor or a
 * PrometheusRule. Modelled on the chart template
 * https://github.com/prometheus-community/helm-charts/blob/kube-prometheus-stack-69.8.2/charts/kube-prometheus-stack/templates/prometheus/prometheus.yaml
 * (`{{ if .Values…serviceMonitorSelector }}` → that selector; `else if …NilUsesHelmValues` →
 * `matchLabels: {release: <release name>}`; else `{}`; namespace selectors → the value or `{}`), with
 * Helm's truthiness (an empty map is false), and on the operator's selection rules
 * (https://prometheus-operator.dev/docs/api-reference/api/#monitoring.coreos.com/v1.PrometheusSpec:
 * an empty label selector selects every object, a nil one none; an empty namespace selector selects
 * every namespace, a nil one only the Prometheus' own).
 */
export const KUBE_PROMETHEUS_STACK = { chart: 'kube-prometheus-stack', version: '69.8.2' } as const;

type Values = Record<string, any>;

/** Helm's `if`: false for nil, false, 0, "" and empty maps or lists. */
function truthy(v: unknown): boolean {
  if (v === undefined || v === null || v === false || v === 0 || v === '') return false;
  if (Array.isArray(v)) return v.length > 0;
  if (typeof v === 'object') return Object.keys(v as object).length > 0;
  return true;
}

/** Chart defaults with our values over them (maps merged, lists replaced: Helm's coalescing). */
export function effectiveValues(ours: Values): Values {
  return merge.withOptions({ mergeArrays: false }, pinnedChartValues(KUBE_PROMETHEUS_STACK.chart, KUBE_PROMETHEUS_STACK.version), ours) as Values;
}

export interface PrometheusSelection {
  readonly serviceMonitorSelector: LabelSelector;
  readonly serviceMonitorNamespaceSelector: LabelSelector;
  readonly ruleSelector: LabelSelector;
  readonly ruleNamespaceSelector: LabelSelector;
  /** Whether the Prometheus object names Alertmanagers to send alerts to. */
  readonly sendsAlerts: boolean;
}

/** The Prometheus object's selectors as the chart template renders them for `release`. */
export function prometheusSelection(values: Values, release: string): PrometheusSelection {
  const spec = values.prometheus.prometheusSpec as Values;
  const selector = (kind: 'serviceMonitor' | 'rule'): LabelSelector => {
    if (truthy(spec[`${kind}Selector`])) return spec[`${kind}Selector`];
    if (truthy(spec[`${kind}SelectorNilUsesHelmValues`])) return { matchLabels: { release } };
    return {};
  };
  const nsSelector = (kind: 'serviceMonitor' | 'rule'): LabelSelector => (truthy(spec[`${kind}NamespaceSelector`]) ? spec[`${kind}NamespaceSelector`] : {});
  return {
    serviceMonitorSelector: selector('serviceMonitor'),
    serviceMonitorNamespaceSelector: nsSelector('serviceMonitor'),
    ruleSelector: selector('rule'),
    ruleNamespaceSelector: nsSelector('rule'),
    // `alerting.alertmanagers`: alertingEndpoints, else the chart's own Alertmanager when enabled, else [].
    sendsAlerts: truthy(spec.alertingEndpoints) || truthy(values.alertmanager?.enabled),
  };
}

/** Whether the operator selects an object with these labels in a namespace with these labels. */
export function operatorSelects(selector: LabelSelector, namespaceSelector: LabelSelector, objectLabels: Record<string, string>, namespaceLabels: Record<string, string>): boolean {
  return selects(namespaceSelector, namespaceLabels) && selects(selector, objectLabels);
}
