/**
 * The request metrics every golden-path service exports and the platform's canary analysis and alerts
 * query. One place for the names: the skeletons (static files a scaffolder copies) spell them too, and
 * test/golden-paths/service-metrics.test.ts scrapes the running TypeScript skeleton for exactly these.
 */
export const SERVICE_METRICS = {
  /** Path the service serves Prometheus' text exposition format on. */
  path: '/metrics',
  /** Name of the Service port Prometheus scrapes (the Rollout's container port is named the same). */
  port: 'http',
  /** Counter of handled requests, labelled `method` and `code` (HTTP status). */
  requests: 'http_requests_total',
  /** Histogram of request durations in seconds (`_bucket`, `_sum`, `_count`), same labels. */
  duration: 'http_request_duration_seconds',
  /** Label holding the HTTP status code. */
  codeLabel: 'code',
} as const;

/**
 * What a healthy service looks like, shared by the canary analysis (a canary outside these fails) and
 * the alerts on the running version (gitops/charts/service-monitoring.ts), so both judge by one rule.
 */
export const SERVICE_OBJECTIVES = {
  /** Largest share of 5xx responses among all responses. */
  maxErrorRatio: 0.01,
  /** Largest 95th-percentile request duration, in seconds. */
  maxLatencyP95Seconds: 0.5,
} as const;
