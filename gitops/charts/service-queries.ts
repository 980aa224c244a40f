import { SERVICE_METRICS } from '../../contract/service-metrics';

/**
 * The PromQL of a service's request signals, written once for the canary analysis, the alerts and the
 * dashboards. Series carry the labels prometheus-operator gives every ServiceMonitor target: `namespace`
 * and `service` (the Service's name), https://prometheus-operator.dev/docs/developer/scrapeconfig/ and
 * https://github.com/prometheus-operator/prometheus-operator/blob/v0.80.1/pkg/prometheus/promcfg.go
 * (relabelings `__meta_kubernetes_namespace` → `namespace`, `__meta_kubernetes_service_name` → `service`).
 */

/**
 * A PromQL string literal: double-quoted with Go escapes (https://prometheus.io/docs/prometheus/latest/querying/basics/#string-literals).
 * Argo Rollouts placeholders (`{{args.x}}`) pass through unchanged; config values can never close the quote.
 */
export function promqlString(value: string): string {
  return `"${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n')}"`;
}

/** Label matchers of one service's series: namespace and Service name, each a literal or a placeholder. */
export function serviceSelector(namespace: string, service: string): string {
  return `namespace=${promqlString(namespace)},service=${promqlString(service)}`;
}

/** Requests per second, summed (or per `by` labels). */
export function requestRate(selector: string, window: string, by: readonly string[] = []): string {
  return `sum${by.length ? ` by (${by.join(', ')})` : ''}(rate(${SERVICE_METRICS.requests}{${selector}}[${window}]))`;
}

/**
 * Share of 5xx responses. A service that never answered 5xx has no 5xx series: `or … * 0` counts it as
 * 0 errors (PromQL `or` keeps the right-hand series whose labels the left lacks), so a healthy service
 * gives 0, not an empty result. No requests in the window gives NaN (0/0) and no series at all gives an
 * empty result: neither is a number a threshold can pass.
 */
export function errorRatio(selector: string, window: string, by: readonly string[] = []): string {
  const errors = `${SERVICE_METRICS.codeLabel}=~"5.."`;
  const sum = by.length ? `sum by (${by.join(', ')})` : 'sum';
  const all = `rate(${SERVICE_METRICS.requests}{${selector}}[${window}])`;
  return `${sum}(rate(${SERVICE_METRICS.requests}{${selector},${errors}}[${window}]) or ${all} * 0) / ${sum}(${all})`;
}

/** Share of responses that are not 5xx (1 − error ratio), with the same no-data behaviour. */
export function successRatio(selector: string, window: string): string {
  return `1 - (${errorRatio(selector, window)})`;
}

/** 95th-percentile request duration in seconds, from the histogram's buckets. */
export function latencyP95(selector: string, window: string, by: readonly string[] = []): string {
  return `histogram_quantile(0.95, sum by (${['le', ...by].join(', ')}) (rate(${SERVICE_METRICS.duration}_bucket{${selector}}[${window}])))`;
}
