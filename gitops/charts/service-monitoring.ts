import { Construct } from 'constructs';
import type { ResolvedApplication, ResolvedTeam } from '../../config/resolved-config';
import { SERVICE_METRICS, SERVICE_OBJECTIVES } from '../../contract/service-metrics';
import { addonById } from '../../catalog/registry';
import { helmReleaseName } from '../../contract/names';
import { errorRatio, latencyP95, promqlString, serviceSelector } from './service-queries';
import { PrometheusRule, PrometheusRuleSpecGroupsRulesExpr as RuleExpr, ServiceMonitor } from '../imports/monitoring.coreos.com';

/**
 * Labels that make the platform's kube-prometheus-stack pick up a ServiceMonitor or PrometheusRule. With
 * the chart's defaults (`serviceMonitorSelectorNilUsesHelmValues` / `ruleSelectorNilUsesHelmValues` true,
 * selectors `{}`), its Prometheus selects objects labelled `release: <Helm release name>` in every
 * namespace (namespace selectors `{}`):
 * https://github.com/prometheus-community/helm-charts/blob/kube-prometheus-stack-69.8.2/charts/kube-prometheus-stack/templates/prometheus/prometheus.yaml
 */
export function prometheusSelectionLabels(): Record<string, string> {
  return { release: helmReleaseName(addonById('prometheus').id) };
}

/** Stable and canary Service names of an application (the Rollout's canary strategy names them). */
export function serviceNames(app: ResolvedApplication): { stable: string; canary: string } {
  return { stable: `${app.name}-stable`, canary: `${app.name}-canary` };
}

/** Alert names of every application's rules; alerts tell apps apart by their `application` label. */
export const SERVICE_ALERTS = {
  errorRatio: 'ServiceErrorRatioHigh',
  latency: 'ServiceLatencyP95High',
  missing: 'ServiceMetricsMissing',
} as const;

/**
 * What makes one application's metrics count on one environment: a ServiceMonitor scraping the
 * request metrics on the named port of both its Services (stable and canary pods are told apart by the
 * `service` label, which the canary analysis filters on), and alerts on the stable version's error
 * ratio and p95 latency (the same objectives the canary analysis applies) and on its metrics going
 * missing: no data is not health. Objects carry no namespace: the Application's destination sets it.
 */
export class ServiceMonitoring extends Construct {
  constructor(scope: Construct, id: string, app: ResolvedApplication, team: ResolvedTeam, env: string, namespace: string) {
    super(scope, id);
    const labels = { 'app.kubernetes.io/name': app.name, 'app.kubernetes.io/part-of': app.team, ...prometheusSelectionLabels() };
    new ServiceMonitor(this, 'ServiceMonitor', {
      metadata: { name: app.name, labels },
      spec: {
        selector: { matchLabels: { 'app.kubernetes.io/name': app.name } },
        endpoints: [{ port: SERVICE_METRICS.port, path: SERVICE_METRICS.path, interval: '30s' }],
      },
    });
    const { stable } = serviceNames(app);
    const selector = serviceSelector(namespace, stable);
    const alertLabels = { severity: 'warning', team: team.name, application: app.name, environment: env };
    const alert = (alert: string, expr: string, summary: string) => ({
      alert, expr: RuleExpr.fromString(expr), for: '10m', labels: alertLabels, annotations: { summary },
    });
    new PrometheusRule(this, 'PrometheusRule', {
      metadata: { name: `${app.name}-alerts`, labels },
      spec: {
        groups: [{
          name: `${app.name}.rules`,
          rules: [
            alert(SERVICE_ALERTS.errorRatio, `${errorRatio(selector, '5m')} > ${SERVICE_OBJECTIVES.maxErrorRatio}`,
              `${app.name} on ${env}: more than ${SERVICE_OBJECTIVES.maxErrorRatio * 100}% of requests fail (5xx)`),
            alert(SERVICE_ALERTS.latency, `${latencyP95(selector, '5m')} > ${SERVICE_OBJECTIVES.maxLatencyP95Seconds}`,
              `${app.name} on ${env}: p95 latency above ${SERVICE_OBJECTIVES.maxLatencyP95Seconds}s`),
            alert(SERVICE_ALERTS.missing, `absent(up{namespace=${promqlString(namespace)},service=${promqlString(stable)}} == 1)`,
              `${app.name} on ${env}: no target of ${stable} is scraped`),
          ],
        }],
      },
    });
  }
}
