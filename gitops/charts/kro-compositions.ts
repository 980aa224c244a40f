import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import type { ResolvedConfig } from '../../config/resolved-config';
import { TEAM_CONFIG_MAP, TEAM_SECRET_STORE } from '../../contract/tenant-isolation';
import { ResourceGraphDefinition, ResourceGraphDefinitionSpecResources, ResourceGraphDefinitionSpecSchemaScope } from '../imports/kro.run';

/** API group and resource of every kind the compositions create (kro's aggregated permissions). */
const COMPOSED_KINDS: readonly (readonly [string, string])[] = [
  ['argoproj.io', 'rollouts'],
  ['', 'services'],
  ['external-secrets.io', 'externalsecrets'],
  ['s3.services.k8s.aws', 'buckets'],
  ['dynamodb.services.k8s.aws', 'tables'],
  ['rds.services.k8s.aws', 'dbinstances'],
];

/**
 * The platform's compositions as kro ResourceGraphDefinitions: a web service (Rollout, Services and
 * an ExternalSecret), and team data stores backed by ACK (an S3 bucket, a DynamoDB table, an RDS database).
 */
export class KroCompositions extends Construct {
  constructor(scope: Construct, id: string, config: ResolvedConfig) {
    super(scope, id);
    // `scope` is explicit: kro 0.9.3's CRD requires it (defaulting to Namespaced, what the API server
    // stores anyway), so the generated type does too. Templates stay untyped here (the CRD keeps them as
    // unknown fields); test/gitops/custom-resources.test.ts validates each against its kind's schema.
    const rgd = (name: string, kind: string, spec: Record<string, unknown>, resources: ResourceGraphDefinitionSpecResources[]) =>
      new ResourceGraphDefinition(this, name, {
        metadata: { name },
        spec: { schema: { apiVersion: 'v1alpha1', kind, scope: ResourceGraphDefinitionSpecSchemaScope.NAMESPACED, spec }, resources },
      });
    // kro runs in `aggregation` mode (catalog/addons/kro.ts): it may manage exactly the kinds the
    // compositions create, not cluster-scoped RBAC or anything else a tenant's instance could ask for (C2).
    new ApiObject(this, 'ControllerRole', {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'ClusterRole',
      metadata: { name: 'kro-platform-compositions', labels: { 'rbac.kro.run/aggregate-to-controller': 'true' } },
      rules: [
        { apiGroups: [''], resources: ['configmaps'], verbs: ['get', 'list', 'watch'] },
        ...COMPOSED_KINDS.map(([group, resource]) => ({ apiGroups: [group], resources: [resource], verbs: ['get', 'list', 'watch', 'create', 'update', 'patch', 'delete'] })),
      ],
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
            // The namespace's own store: it reads <prefix>/teams/<team>/<secretName> as the team's role (C1).
            secretStoreRef: { kind: 'SecretStore', name: TEAM_SECRET_STORE },
            target: { name: '${schema.spec.name}' },
            dataFrom: [{ extract: { key: '${schema.spec.secretName}' } }],
          },
        },
      },
    ]);
    // The namespace's team (ConfigMap rendered by the platform) names AWS resources <prefix>-<team>-<name>,
    // the only names the team's ACK role may act on (docs/security.md H2).
    const team = { id: 'team', externalRef: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: TEAM_CONFIG_MAP } } };
    const awsName = `${config.resourcePrefix}-\${team.data.team}-\${schema.spec.name}`;
    // A team data store: one ACK resource named after the instance, in the team's namespace.
    const teamStore = (name: string, kind: string, spec: Record<string, unknown>, id: string, apiVersion: string, resourceKind: string, resourceSpec: Record<string, unknown>) =>
      rgd(name, kind, spec, [team, { id, template: { apiVersion, kind: resourceKind, metadata: { name: '${schema.spec.name}' }, spec: resourceSpec } }]);
    teamStore('team-bucket', 'TeamBucket', { name: 'string' }, 'bucket', 's3.services.k8s.aws/v1alpha1', 'Bucket', {
      name: awsName,
      publicAccessBlock: { blockPublicACLs: true, blockPublicPolicy: true, ignorePublicACLs: true, restrictPublicBuckets: true },
      encryption: { rules: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: 'aws:kms' } }] },
      versioning: { status: 'Enabled' },
    });
    teamStore('team-table', 'TeamTable', { name: 'string', partitionKey: 'string | default="id"' }, 'table', 'dynamodb.services.k8s.aws/v1alpha1', 'Table', {
      tableName: awsName,
      billingMode: 'PAY_PER_REQUEST',
      attributeDefinitions: [{ attributeName: '${schema.spec.partitionKey}', attributeType: 'S' }],
      keySchema: [{ attributeName: '${schema.spec.partitionKey}', keyType: 'HASH' }],
      sseSpecification: { enabled: true },
    });
    teamStore('team-database', 'TeamDatabase', { name: 'string', engine: 'string | default="postgres"', instanceClass: 'string | default="db.t4g.micro"', storageGiB: 'integer | default=20' }, 'database', 'rds.services.k8s.aws/v1alpha1', 'DBInstance', {
      dbInstanceIdentifier: awsName,
      engine: '${schema.spec.engine}',
      dbInstanceClass: '${schema.spec.instanceClass}',
      allocatedStorage: '${schema.spec.storageGiB}',
      masterUsername: 'app',
      // RDS generates and keeps the password in Secrets Manager: nothing secret passes through git.
      manageMasterUserPassword: true,
      storageEncrypted: true,
      publiclyAccessible: false,
      deletionProtection: true,
      backupRetentionPeriod: 7,
    });
  }
}
