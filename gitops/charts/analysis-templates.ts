import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';

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
    const prometheus = (name: string, query: string, successCondition: string) =>
      new ApiObject(this, name, {
        apiVersion: 'argoproj.io/v1alpha1',
        kind: 'ClusterAnalysisTemplate',
        metadata: { name },
        spec: {
          args,
          metrics: [{
            name,
            interval: '1m',
            count: 3,
            failureLimit: 1,
            successCondition,
            provider: { prometheus: { address: PROMETHEUS, query } },
          }],
        },
      });
    prometheus(
      ANALYSIS_TEMPLATES.successRate,
      'sum(rate(http_requests_total{namespace="{{args.namespace}}",service="{{args.service}}",code!~"5.."}[2m])) / sum(rate(http_requests_total{namespace="{{args.namespace}}",service="{{args.service}}"}[2m]))',
      'len(result) == 0 || result[0] >= 0.99',
    );
    prometheus(
      ANALYSIS_TEMPLATES.latency,
      'histogram_quantile(0.95, sum by (le) (rate(http_request_duration_seconds_bucket{namespace="{{args.namespace}}",service="{{args.service}}"}[2m])))',
      'len(result) == 0 || result[0] <= 0.5',
    );
    new ApiObject(this, ANALYSIS_TEMPLATES.functionalTest, {
      apiVersion: 'argoproj.io/v1alpha1',
      kind: 'ClusterAnalysisTemplate',
      metadata: { name: ANALYSIS_TEMPLATES.functionalTest },
      spec: {
        args,
        metrics: [{
          name: ANALYSIS_TEMPLATES.functionalTest,
          count: 1,
          failureLimit: 0,
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
