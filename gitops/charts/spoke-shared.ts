import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import type { ResolvedConfig } from '../../config/resolved-config';
import { enableLabel, FLEET_MEMBER, labelRef, LABELS } from '../../contract/gitops-bridge';
import { ARGOCD_NAMESPACE, LAYOUT, repoPath } from '../gitops-layout';
import { PLATFORM_PROJECT } from './addon-application-set';
import { AUTOMATED_SYNC, syncWave } from './file-chart';

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

/**
 * The platform's compositions as kro ResourceGraphDefinitions: a web service (Rollout, Services and
 * an ExternalSecret), and team data stores backed by ACK (an S3 bucket, a DynamoDB table).
 */
export class KroCompositions extends Construct {
  constructor(scope: Construct, id: string, config: ResolvedConfig) {
    super(scope, id);
    const rgd = (name: string, kind: string, spec: Record<string, unknown>, resources: unknown[]) =>
      new ApiObject(this, name, {
        apiVersion: 'kro.run/v1alpha1',
        kind: 'ResourceGraphDefinition',
        metadata: { name },
        spec: { schema: { apiVersion: 'v1alpha1', kind, spec }, resources },
      });
    rgd('webservice', 'WebService', { name: 'string', image: 'string', port: 'integer | default=8080', secretName: 'string | default=""' }, [
      {
        id: 'rollout',
        template: {
          apiVersion: 'argoproj.io/v1alpha1', kind: 'Rollout',
          metadata: { name: '${schema.spec.name}' },
          spec: {
            replicas: 2,
            selector: { matchLabels: { 'app.kubernetes.io/name': '${schema.spec.name}' } },
            template: {
              metadata: { labels: { 'app.kubernetes.io/name': '${schema.spec.name}' } },
              spec: {
                securityContext: { runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } },
                containers: [{
                  name: 'app', image: '${schema.spec.image}', ports: [{ containerPort: '${schema.spec.port}' }],
                  securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } },
                }],
              },
            },
            strategy: { canary: { stableService: '${schema.spec.name}-stable', canaryService: '${schema.spec.name}-canary', steps: [{ setWeight: 20 }, { pause: { duration: '2m' } }] } },
          },
        },
      },
      ...['stable', 'canary'].map((svc) => ({
        id: `${svc}Service`,
        template: {
          apiVersion: 'v1', kind: 'Service',
          metadata: { name: `\${schema.spec.name}-${svc}` },
          spec: { selector: { 'app.kubernetes.io/name': '${schema.spec.name}' }, ports: [{ port: 80, targetPort: '${schema.spec.port}' }] },
        },
      })),
      {
        id: 'secret',
        includeWhen: ['${schema.spec.secretName != ""}'],
        template: {
          apiVersion: 'external-secrets.io/v1', kind: 'ExternalSecret',
          metadata: { name: '${schema.spec.name}' },
          spec: {
            secretStoreRef: { kind: 'ClusterSecretStore', name: 'platform-secrets' },
            target: { name: '${schema.spec.name}' },
            dataFrom: [{ extract: { key: `${config.resourcePrefix}/apps/\${schema.spec.secretName}` } }],
          },
        },
      },
    ]);
    rgd('team-bucket', 'TeamBucket', { name: 'string' }, [{
      id: 'bucket',
      template: {
        apiVersion: 's3.services.k8s.aws/v1alpha1', kind: 'Bucket',
        metadata: { name: '${schema.spec.name}' },
        spec: {
          name: `${config.resourcePrefix}-\${schema.metadata.namespace}-\${schema.spec.name}`,
          publicAccessBlock: { blockPublicACLs: true, blockPublicPolicy: true, ignorePublicACLs: true, restrictPublicBuckets: true },
          encryption: { rules: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: 'aws:kms' } }] },
          versioning: { status: 'Enabled' },
        },
      },
    }]);
    rgd('team-table', 'TeamTable', { name: 'string', partitionKey: 'string | default="id"' }, [{
      id: 'table',
      template: {
        apiVersion: 'dynamodb.services.k8s.aws/v1alpha1', kind: 'Table',
        metadata: { name: '${schema.spec.name}' },
        spec: {
          tableName: `${config.resourcePrefix}-\${schema.metadata.namespace}-\${schema.spec.name}`,
          billingMode: 'PAY_PER_REQUEST',
          attributeDefinitions: [{ attributeName: '${schema.spec.partitionKey}', attributeType: 'S' }],
          keySchema: [{ attributeName: '${schema.spec.partitionKey}', keyType: 'HASH' }],
          sseSpecification: { enabled: true },
        },
      },
    }]);
  }
}

/** KubeVela: the platform's component (a web service as a canary Rollout) and trait (team secret) definitions. */
export class VelaDefinitions extends Construct {
  constructor(scope: Construct, id: string) {
    super(scope, id);
    new ApiObject(this, 'Component', {
      apiVersion: 'core.oam.dev/v1beta1',
      kind: 'ComponentDefinition',
      metadata: { name: 'platform-webservice', namespace: 'vela-system', annotations: { 'definition.oam.dev/description': 'A web service delivered as an Argo Rollouts canary' } },
      spec: {
        workload: { definition: { apiVersion: 'argoproj.io/v1alpha1', kind: 'Rollout' } },
        schematic: {
          cue: {
            template: [
              'output: {',
              '  apiVersion: "argoproj.io/v1alpha1"',
              '  kind:       "Rollout"',
              '  spec: {',
              '    selector: matchLabels: "app.oam.dev/component": context.name',
              '    template: {',
              '      metadata: labels: "app.oam.dev/component": context.name',
              '      spec: containers: [{name: context.name, image: parameter.image, ports: [{containerPort: parameter.port}]}]',
              '    }',
              '    strategy: canary: steps: [{setWeight: 20}, {pause: duration: "2m"}]',
              '  }',
              '}',
              'parameter: {',
              '  image: string',
              '  port:  *8080 | int',
              '}',
            ].join('\n'),
          },
        },
      },
    });
    new ApiObject(this, 'Trait', {
      apiVersion: 'core.oam.dev/v1beta1',
      kind: 'TraitDefinition',
      metadata: { name: 'platform-secret', namespace: 'vela-system', annotations: { 'definition.oam.dev/description': 'Sync a team secret from AWS Secrets Manager' } },
      spec: {
        appliesToWorkloads: ['argoproj.io/v1alpha1.Rollout'],
        schematic: {
          cue: {
            template: [
              'outputs: secret: {',
              '  apiVersion: "external-secrets.io/v1"',
              '  kind:       "ExternalSecret"',
              '  metadata: name: context.name',
              '  spec: {',
              '    secretStoreRef: {kind: "ClusterSecretStore", name: "platform-secrets"}',
              '    target: name: context.name',
              '    dataFrom: [{extract: key: parameter.key}]',
              '  }',
              '}',
              'parameter: key: string',
            ].join('\n'),
          },
        },
      },
    });
  }
}

/**
 * Deploys `spoke-shared/<addon>/` (objects whose kinds an add-on provides) to every cluster where
 * that add-on is enabled. One construct for every such folder.
 */
export class AddonObjectsApplicationSet extends Construct {
  constructor(scope: Construct, id: string, config: ResolvedConfig, addonId: string) {
    super(scope, id);
    new ApiObject(this, 'ApplicationSet', {
      apiVersion: 'argoproj.io/v1alpha1',
      kind: 'ApplicationSet',
      metadata: { name: `${addonId}-objects`, namespace: ARGOCD_NAMESPACE, annotations: syncWave(9) },
      spec: {
        goTemplate: true,
        goTemplateOptions: ['missingkey=error'],
        generators: [{ clusters: { selector: { matchLabels: { [LABELS.fleetMember]: FLEET_MEMBER.spoke, [enableLabel(addonId)]: 'true' } } } }],
        template: {
          metadata: { name: `${addonId}-objects-${labelRef(LABELS.clusterName)}` },
          spec: {
            project: PLATFORM_PROJECT,
            source: { repoURL: config.git.url, targetRevision: config.git.revision, path: repoPath(config, LAYOUT.spokeShared, addonId) },
            destination: { name: '{{.name}}' },
            syncPolicy: { ...AUTOMATED_SYNC, syncOptions: ['ServerSideApply=true'] },
          },
        },
      },
    });
  }
}
