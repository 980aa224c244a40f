import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import type { ResolvedApplication, ResolvedConfig } from '../../config/resolved-config';
import { SERVICE_METRICS } from '../../contract/service-metrics';
import {
  Rollout,
  RolloutSpecStrategyCanaryStepsPauseDuration as PauseDuration,
  RolloutSpecTemplateSpecContainersReadinessProbeHttpGetPort as ProbePort,
} from '../imports/argoproj.io';
import { ANALYSIS_TEMPLATES } from './analysis-templates';
import { appNamespace } from './delivery';
import { ServiceMonitoring, serviceNames } from './service-monitoring';

/**
 * An application on one environment: a Rollout canary gated by analysis (success rate and latency
 * from Prometheus, then a functional-test job), stable and canary Services, the ServiceMonitor and
 * alerts that make those signals exist (gitops/charts/service-monitoring.ts), and a kustomization whose
 * image tag comes from the promotion state Kargo updates. Pods meet Pod Security `restricted`.
 */
export class Workload extends Construct {
  constructor(scope: Construct, id: string, config: ResolvedConfig, app: ResolvedApplication, image: string, env: string) {
    super(scope, id);
    const team = config.teams.find((t) => t.name === app.team)!;
    const services = serviceNames(app);
    const labels = { 'app.kubernetes.io/name': app.name, 'app.kubernetes.io/part-of': app.team };
    const analysis = (names: string[]) => ({
      analysis: {
        templates: names.map((templateName) => ({ templateName, clusterScope: true })),
        args: [{ name: 'service', value: services.canary }, { name: 'namespace', valueFrom: { fieldRef: { fieldPath: 'metadata.namespace' } } }],
      },
    });
    new Rollout(this, 'Rollout', {
      metadata: { name: app.name, labels },
      spec: {
        replicas: 3,
        revisionHistoryLimit: 5,
        selector: { matchLabels: { 'app.kubernetes.io/name': app.name } },
        template: {
          metadata: { labels },
          spec: {
            automountServiceAccountToken: false,
            securityContext: { runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } },
            containers: [{
              name: app.name,
              image,
              ports: [{ name: SERVICE_METRICS.port, containerPort: app.port }],
              readinessProbe: { httpGet: { path: '/healthz', port: ProbePort.fromString(SERVICE_METRICS.port) } },
              resources: { requests: { cpu: '100m', memory: '128Mi' }, limits: { cpu: '500m', memory: '512Mi' } },
              securityContext: { allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: ['ALL'] } },
            }],
          },
        },
        strategy: {
          canary: {
            stableService: services.stable,
            canaryService: services.canary,
            steps: [
              { setWeight: 20 },
              { pause: { duration: PauseDuration.fromString('2m') } },
              ...[analysis([ANALYSIS_TEMPLATES.successRate, ANALYSIS_TEMPLATES.latency])],
              { setWeight: 50 },
              { pause: { duration: PauseDuration.fromString('2m') } },
              analysis([ANALYSIS_TEMPLATES.successRate, ANALYSIS_TEMPLATES.latency, ANALYSIS_TEMPLATES.functionalTest]),
            ],
          },
        },
      },
    });
    for (const [svc, name] of Object.entries(services)) {
      new ApiObject(this, `Service-${svc}`, {
        apiVersion: 'v1',
        kind: 'Service',
        metadata: { name, labels },
        spec: { selector: { 'app.kubernetes.io/name': app.name }, ports: [{ name: SERVICE_METRICS.port, port: 80, targetPort: SERVICE_METRICS.port }] },
      });
    }
    new ServiceMonitoring(this, 'Monitoring', app, team, env, appNamespace(team, env));
  }
}

/**
 * kustomization.yaml of a workload folder (generated): the manifests plus the fork-owned promotion
 * state component (gitops/promotion-state.ts) that holds the tag, so regeneration never resets it.
 */
export function workloadKustomization(stateRef: string): Record<string, unknown> {
  return {
    apiVersion: 'kustomize.config.k8s.io/v1beta1',
    kind: 'Kustomization',
    resources: ['rollout.yaml'],
    components: [stateRef],
  };
}
