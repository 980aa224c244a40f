import { App, Chart } from 'cdk8s';
import { SERVICE_METRICS, SERVICE_OBJECTIVES } from '../../contract/service-metrics';
import { ANALYSIS_TEMPLATES, AnalysisTemplates } from '../../gitops/charts/analysis-templates';

type Metric = { successCondition: string; failureCondition: string; inconclusiveLimit: number; provider: { prometheus: { query: string } } };
const chart = new Chart(new App(), 'c');
new AnalysisTemplates(chart, 'a');
const metricOf = (name: string) => (chart.toJson().find((d: any) => d.metadata.name === name).spec.metrics[0]) as Metric;

/**
 * Argo Rollouts' measurement outcome (v1.8.2, chart 2.39.5): failureCondition true → Failed, else
 * successCondition true → Successful, else Inconclusive
 * (https://github.com/argoproj/argo-rollouts/blob/v1.8.2/utils/evaluate/evaluate.go). The conditions are
 * expr-lang; this model evaluates the subset the templates use (len, isNaN, comparisons, &&) in JS,
 * and refuses anything else so a new construct cannot slip past unmodelled.
 */
function outcome(metric: Metric, result: number[]): 'Successful' | 'Failed' | 'Inconclusive' {
  const evaluate = (cond: string): boolean => {
    if (!/^[\w\s.[\]()<>=!&|"]+$/.test(cond) || /[^&]&[^&]|[^|]\|[^|]/.test(cond)) throw new Error(`not modelled: ${cond}`);
    const js = cond.replace(/len\(result\)/g, 'result.length');
    return new Function('result', 'isNaN', `return (${js});`)(result, Number.isNaN) as boolean;
  };
  if (evaluate(metric.failureCondition)) return 'Failed';
  if (evaluate(metric.successCondition)) return 'Successful';
  return 'Inconclusive';
}

describe('canary analysis templates', () => {
  test.each([ANALYSIS_TEMPLATES.successRate, ANALYSIS_TEMPLATES.latency])('%s never passes without data: no series or NaN is Inconclusive, and one is enough to stop', (name) => {
    const m = metricOf(name);
    expect(outcome(m, [])).toBe('Inconclusive');
    expect(outcome(m, [Number.NaN])).toBe('Inconclusive');
    expect(m.inconclusiveLimit).toBe(0);
  });

  test('success rate: 99.5% passes, 90% fails', () => {
    const m = metricOf(ANALYSIS_TEMPLATES.successRate);
    expect(outcome(m, [0.995])).toBe('Successful');
    expect(outcome(m, [0.9])).toBe('Failed');
  });

  test('p95 latency: 200 ms passes, 2 s fails', () => {
    const m = metricOf(ANALYSIS_TEMPLATES.latency);
    expect(outcome(m, [0.2])).toBe('Successful');
    expect(outcome(m, [2])).toBe('Failed');
  });

  test('queries use the metric names the skeletons export (contract/service-metrics.ts) and the target labels of the ServiceMonitor', () => {
    // `namespace` and `service` are the labels prometheus-operator gives every ServiceMonitor target; the
    // Rollout passes its canary Service as `service` (test/gitops/service-monitoring.test.ts checks the monitor selects it).
    const sel = 'namespace="{{args.namespace}}",service="{{args.service}}"';
    expect(metricOf(ANALYSIS_TEMPLATES.successRate).provider.prometheus.query).toContain(`${SERVICE_METRICS.requests}{${sel},${SERVICE_METRICS.codeLabel}=~"5.."}`);
    expect(metricOf(ANALYSIS_TEMPLATES.successRate).provider.prometheus.query).toContain(`${SERVICE_METRICS.requests}{${sel}}`);
    expect(metricOf(ANALYSIS_TEMPLATES.latency).provider.prometheus.query).toContain(`${SERVICE_METRICS.duration}_bucket{${sel}}`);
  });

  test('the thresholds are the service objectives the alerts use', () => {
    expect(metricOf(ANALYSIS_TEMPLATES.successRate).successCondition).toContain(`result[0] >= ${1 - SERVICE_OBJECTIVES.maxErrorRatio}`);
    expect(metricOf(ANALYSIS_TEMPLATES.latency).failureCondition).toContain(`result[0] > ${SERVICE_OBJECTIVES.maxLatencyP95Seconds}`);
  });
});
