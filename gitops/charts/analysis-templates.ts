import { Construct } from 'constructs';
import { SERVICE_OBJECTIVES } from '../../contract/service-metrics';
import {
  ClusterAnalysisTemplate,
  ClusterAnalysisTemplateSpecMetricsCount as Count,
  ClusterAnalysisTemplateSpecMetricsFailureLimit as FailureLimit,
  ClusterAnalysisTemplateSpecMetricsInconclusiveLimit as InconclusiveLimit,
} from '../imports/argoproj.io';
import { latencyP95, serviceSelector, successRatio } from './service-queries';

/** Names of the platform's cluster-wide analysis templates, used by every canary. */
export const ANALYSIS_TEMPLATES = {
  successRate: 'success-rate',
  latency: 'latency-p95',
  functionalTest: 'functional-test',
} as const;

const PROMETHEUS = 'http://prometheus-kube-prometheus-prometheus.monitoring.svc:9090';

/** Analysis gates of Argo Rollouts canaries: success rate and p95 latency from Prometheus, and a functional-test job. */
export class AnalysisTemplates extends Construct {
  constructor(scope: Construct, id: string) {
    super(scope, id);
    const args = [{ name: 'service' }, { name: 'namespace' }];
    // No data is not success: with no series (nothing scraped) or NaN (no requests in the window),
    // neither condition holds, so the measurement is Inconclusive and, with inconclusiveLimit 0, the
    // AnalysisRun is Inconclusive and the Rollout pauses for a person instead of promoting.
    // https://argo-rollouts.readthedocs.io/en/v1.8.2/features/analysis/#inconclusive-runs (chart 2.39.5 ships v1.8.2)
    const withData = 'len(result) > 0 && !isNaN(result[0])';
    const prometheus = (name: string, query: string, good: string, bad: string) =>
      new ClusterAnalysisTemplate(this, name, {
        metadata: { name },
        spec: {
          args,
          metrics: [{
            name,
            interval: '1m',
            count: Count.fromNumber(3),
            failureLimit: FailureLimit.fromNumber(1),
            inconclusiveLimit: InconclusiveLimit.fromNumber(0),
            successCondition: `${withData} && ${good}`,
            failureCondition: `${withData} && ${bad}`,
            provider: { prometheus: { address: PROMETHEUS, query } },
          }],
        },
      });
    const selector = serviceSelector('{{args.namespace}}', '{{args.service}}');
    const minSuccess = 1 - SERVICE_OBJECTIVES.maxErrorRatio;
    const maxLatency = SERVICE_OBJECTIVES.maxLatencyP95Seconds;
    prometheus(ANALYSIS_TEMPLATES.successRate, successRatio(selector, '2m'), `result[0] >= ${minSuccess}`, `result[0] < ${minSuccess}`);
    prometheus(ANALYSIS_TEMPLATES.latency, latencyP95(selector, '2m'), `result[0] <= ${maxLatency}`, `result[0] > ${maxLatency}`);
    new ClusterAnalysisTemplate(this, ANALYSIS_TEMPLATES.functionalTest, {
      metadata: { name: ANALYSIS_TEMPLATES.functionalTest },
      spec: {
        args,
        metrics: [{
          name: ANALYSIS_TEMPLATES.functionalTest,
          count: Count.fromNumber(1),
          failureLimit: FailureLimit.fromNumber(0),
          provider: {
            job: {
              spec: {
                backoffLimit: 0,
                template: {
                  spec: {
                    restartPolicy: 'Never',
                    securityContext: { runAsNonRoot: true, runAsUser: 65534, seccompProfile: { type: 'RuntimeDefault' } },
                    containers: [{
                      name: 'functional-test',
                      image: 'curlimages/curl:8.11.1',
                      args: ['--fail', '--silent', '--show-error', '--max-time', '10', 'http://{{args.service}}.{{args.namespace}}.svc/healthz'],
                      securityContext: { allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: ['ALL'] } },
                    }],
                  },
                },
              },
            },
          },
        }],
      },
    });
  }
}
