import { Construct } from 'constructs';
import type { ResolvedCluster, ResolvedConfig } from '../../config/resolved-config';
import {
  addonAnnotation,
  addonsWithIam,
  ANNOTATIONS,
  clusterMetadata,
  CONNECTION_KEYS,
  REGISTRATION_READER_PURPOSE,
  registrationSecretName,
  roleArn,
} from '../../contract/gitops-bridge';
import { managedArgoCd } from '../../contract/managed-capabilities';
import { hasMetricsWorkspace } from '../../contract/metrics-workspace';
import { addonById } from '../../catalog/registry';
import { ARGOCD_NAMESPACE, clusterSecretName, registrationStoreName } from '../../contract/names';
import { IN_CLUSTER_SERVER } from '../gitops-layout';
import {
  ClusterSecretStore,
  ClusterSecretStoreSpecProviderAwsService,
  ExternalSecret,
  ExternalSecretSpecSecretStoreRefKind,
  ExternalSecretSpecTargetCreationPolicy,
  ExternalSecretSpecTargetTemplateEngineVersion,
} from '../imports/external-secrets.io';
import { syncWave } from './file-chart';

/**
 * Namespaces whose ExternalSecrets read registrations: Argo CD (cluster secrets), Backstage (cluster list)
 * and Grafana (each cluster's metrics endpoint, gitops/charts/metrics-datasources.ts).
 */
export const REGISTRATION_CONSUMER_NAMESPACES = [ARGOCD_NAMESPACE, addonById('backstage').namespace, addonById('grafana').namespace];
import { goTemplateJson, goTemplateLiteral, TemplateRef, textRef } from './go-template-json';

/**
 * The hub-side object that turns a cluster's GitOps Bridge registration (a Secrets Manager secret
 * written by its CDK stack) into the Argo CD cluster secret: a ClusterSecretStore that assumes the
 * cluster account's reader role, and an ExternalSecret templating labels, annotations and the
 * IAM-authenticated connection. One file per cluster; no credential anywhere.
 */
export class ClusterRegistration extends Construct {
  constructor(scope: Construct, id: string, config: ResolvedConfig, cluster: ResolvedCluster) {
    super(scope, id);
    const storeName = registrationStoreName(cluster.name);
    new ClusterSecretStore(this, 'Store', {
      metadata: { name: storeName, annotations: syncWave(-2) },
      spec: {
        provider: {
          aws: {
            service: ClusterSecretStoreSpecProviderAwsService.SECRETS_MANAGER,
            region: cluster.region,
            role: roleArn(config, cluster, REGISTRATION_READER_PURPOSE),
          },
        },
        // Argo CD's cluster secret, Backstage's cluster list and Grafana's metrics data sources only (docs/security.md C1).
        conditions: [{ namespaces: [...REGISTRATION_CONSUMER_NAMESPACES] }],
      },
    });

    // Deploy-time facts are read from the registration; config facts are the same function's output.
    // Each metadata value is its own template (labels and annotations are rendered one by one), so a
    // registration value can only ever be that value; config values are emitted as template literals.
    const refs = new Set<string>();
    const ref = (key: string) => {
      const r = textRef(key);
      refs.add(r);
      return r;
    };
    const metadata = clusterMetadata(config, cluster, {
      vpcId: ref(ANNOTATIONS.awsVpcId),
      oidcIssuer: ref(ANNOTATIONS.eksOidcIssuer),
      addonRoleArns: Object.fromEntries(addonsWithIam(cluster).map((a) => [a, ref(addonAnnotation(a, 'iam_role_arn'))])),
      nodeRoleName: ref(ANNOTATIONS.awsNodeRoleName),
      clusterSecurityGroupId: ref(ANNOTATIONS.awsClusterSecurityGroupId),
      certificateArn: ref(ANNOTATIONS.ingressCertificateArn),
      ...(hasMetricsWorkspace(cluster) ? { metricsEndpoint: ref(ANNOTATIONS.metricsEndpoint) } : {}),
    });
    const template = (values: Readonly<Record<string, string>>) =>
      Object.fromEntries(Object.entries(values).map(([k, v]) => [k, refs.has(v) ? v : goTemplateLiteral(v)]));
    const connection = clusterConnection(config, cluster, (key) => new TemplateRef(key));
    new ExternalSecret(this, 'ExternalSecret', {
      metadata: { name: clusterSecretName(cluster.name), namespace: ARGOCD_NAMESPACE, annotations: syncWave(-1) },
      spec: {
        refreshInterval: '15m',
        secretStoreRef: { kind: ExternalSecretSpecSecretStoreRefKind.CLUSTER_SECRET_STORE, name: storeName },
        target: {
          name: clusterSecretName(cluster.name),
          creationPolicy: ExternalSecretSpecTargetCreationPolicy.OWNER,
          template: {
            engineVersion: ExternalSecretSpecTargetTemplateEngineVersion.V2,
            metadata: { labels: template(metadata.labels), annotations: template(metadata.annotations) },
            data: {
              name: goTemplateLiteral(cluster.name),
              server: connection.server instanceof TemplateRef ? textRef(connection.server.key) : goTemplateLiteral(connection.server),
              ...(connection.config ? { config: goTemplateJson(connection.config) } : {}),
            },
          },
        },
        dataFrom: [{ extract: { key: registrationSecretName(config, cluster) } }],
      },
    });
  }
}

/** An Argo CD cluster connection: `server` and the `config` object (serialized by the caller), with `V` for registration values. */
export interface ClusterConnection<V> {
  readonly server: string | V;
  readonly config?: Readonly<Record<string, unknown>>;
}

/**
 * How Argo CD reaches a cluster, with `value(key)` giving a registration key's value (a TemplateRef
 * here, rendered by the template's own `toJson`; the real value in the bootstrap's seed, serialized
 * with JSON.stringify). Never a string spliced into JSON text:
 * - managed Argo CD capability: every cluster, the hub included, by its EKS cluster ARN. The capability
 *   does not support `kubernetes.default.svc` and authenticates with its own role's access entries
 *   (https://docs.aws.amazon.com/eks/latest/userguide/argocd-register-clusters.html);
 * - self-managed: in-cluster for the hub, else the API endpoint through the spoke's Argo CD role.
 */
export function clusterConnection<V>(config: ResolvedConfig, cluster: ResolvedCluster, value: (key: string) => V): ClusterConnection<V> {
  if (managedArgoCd(config)) return { server: value(CONNECTION_KEYS.clusterArn) };
  if (cluster.role === 'hub') return { server: IN_CLUSTER_SERVER, config: { tlsClientConfig: { insecure: false } } };
  return {
    server: value(CONNECTION_KEYS.server),
    config: {
      awsAuthConfig: { clusterName: cluster.clusterName, roleARN: value(CONNECTION_KEYS.argocdRoleArn) },
      tlsClientConfig: { insecure: false, caData: value(CONNECTION_KEYS.caData) },
    },
  };
}

/** Destination of Applications on the hub: in-cluster, or (managed capability) the hub's registration by name. */
export function hubDestination(config: ResolvedConfig): { server: string } | { name: string } {
  return managedArgoCd(config) ? { name: config.hub.name } : { server: IN_CLUSTER_SERVER };
}
