import { SERVICE_METRICS, SERVICE_OBJECTIVES } from '../../contract/service-metrics';
import { errorRatio, serviceSelector, successRatio } from '../../gitops/charts/service-queries';
import { evaluatePromql, Series } from '../support/promql-model';

/**
 * The request-signal queries evaluated with PromQL's semantics (test/support/promql-model.ts) on the
 * series a ServiceMonitor scrape gives (labels `namespace`, `service`, `code`): a healthy service gives
 * a number, and no traffic or no series never gives one (so analysis stays Inconclusive and no alert
 * fires on silence; ServiceMetricsMissing covers that).
 */
const sel = serviceSelector('payments', 'checkout-canary');
const at = (code: string, rate: number, service = 'checkout-canary'): Series =>
  ({ name: SERVICE_METRICS.requests, labels: { namespace: 'payments', service, [SERVICE_METRICS.codeLabel]: code, method: 'GET' }, rate });
const values = (v: ReturnType<typeof evaluatePromql>) => (typeof v === 'number' ? [v] : v.map((s) => s.value));

describe('request signal queries', () => {
  test('a service that never answered 5xx has an error ratio of 0 and a success ratio of 1 (not an empty result)', () => {
    expect(values(evaluatePromql(errorRatio(sel, '2m'), [at('200', 5), at('404', 1)]))).toEqual([0]);
    expect(values(evaluatePromql(successRatio(sel, '2m'), [at('200', 5)]))).toEqual([1]);
  });

  test('errors count: 1 in 100 is at the objective, 3 in 100 is over it', () => {
    expect(values(evaluatePromql(errorRatio(sel, '2m'), [at('200', 99), at('500', 1)]))[0]).toBeCloseTo(0.01, 10);
    expect(values(evaluatePromql(successRatio(sel, '2m'), [at('200', 97), at('503', 3)]))[0]).toBeLessThan(1 - SERVICE_OBJECTIVES.maxErrorRatio);
    expect(values(evaluatePromql(successRatio(sel, '2m'), [at('500', 4)]))).toEqual([0]);
  });

  test('no series gives an empty result and no traffic gives NaN: neither is a number to pass', () => {
    expect(values(evaluatePromql(successRatio(sel, '2m'), []))).toEqual([]);
    expect(values(evaluatePromql(successRatio(sel, '2m'), [at('200', 5, 'checkout-stable')]))).toEqual([]);
    const idle = values(evaluatePromql(successRatio(sel, '2m'), [at('200', 0)]));
    expect(idle).toHaveLength(1);
    expect(Number.isNaN(idle[0])).toBe(true);
  });

  test('per-service error ratios keep stable and canary apart', () => {
    const both = serviceSelector('payments', 'checkout-canary').replace('service="checkout-canary"', 'service=~"checkout-(stable|canary)"');
    const v = evaluatePromql(errorRatio(both, '5m', ['service']), [at('200', 10, 'checkout-stable'), at('500', 5, 'checkout-canary'), at('200', 5, 'checkout-canary')]);
    expect(typeof v === 'number' ? v : Object.fromEntries(v.map((s) => [s.labels.service, s.value]))).toEqual({ 'checkout-stable': 0, 'checkout-canary': 0.5 });
  });

  test('the alert comparison fires on too many errors and stays quiet on a healthy service', () => {
    const alert = `${errorRatio(sel, '5m')} > ${SERVICE_OBJECTIVES.maxErrorRatio}`;
    expect(values(evaluatePromql(alert, [at('200', 5)]))).toEqual([]);
    expect(values(evaluatePromql(alert, [at('200', 90), at('500', 10)]))).toEqual([0.1]);
  });

  test('fails when the query uses a construct the model does not know', () => {
    expect(() => evaluatePromql('max_over_time(x[5m])', [])).toThrow();
  });
});
