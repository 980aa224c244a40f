import { ApiObject } from 'cdk8s';
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
import { addonById } from '../addons/registry';
import { ARGOCD_NAMESPACE, IN_CLUSTER_SERVER } from '../gitops-layout';
import { syncWave } from './file-chart';

/** Namespaces whose ExternalSecrets read registrations: Argo CD (cluster secrets) and Backstage (cluster list). */
export const REGISTRATION_CONSUMER_NAMESPACES = [ARGOCD_NAMESPACE, addonById('backstage').namespace];

/** `{{ .key }}` in External Secrets' template language (Go templates over the secret's JSON keys). */
const esoRef = (key: string) => `{{ .${key} }}`;

/**
 * The hub-side object that turns a cluster's GitOps Bridge registration (a Secrets Manager secret
 * written by its CDK stack) into the Argo CD cluster secret: a ClusterSecretStore that assumes the
 * cluster account's reader role, and an ExternalSecret templating labels, annotations and the
 * IAM-authenticated connection. One file per cluster; no credential anywhere.
 */
export class ClusterRegistration extends Construct {
  constructor(scope: Construct, id: string, config: ResolvedConfig, cluster: ResolvedCluster) {
    super(scope, id);
    const storeName = `gitops-bridge-${cluster.name}`;
    new ApiObject(this, 'Store', {
      apiVersion: 'external-secrets.io/v1',
      kind: 'ClusterSecretStore',
      metadata: { name: storeName, annotations: syncWave(-2) },
      spec: {
        provider: {
          aws: {
            service: 'SecretsManager',
            region: cluster.region,
            role: roleArn(config, cluster, REGISTRATION_READER_PURPOSE),
          },
        },
        // Argo CD's cluster secret and Backstage's cluster list only (docs/security.md C1).
        conditions: [{ namespaces: REGISTRATION_CONSUMER_NAMESPACES }],
      },
    });

    // Deploy-time facts are read from the registration; config facts are the same function's output.
    const metadata = clusterMetadata(config, cluster, {
      vpcId: esoRef(ANNOTATIONS.awsVpcId),
      oidcIssuer: esoRef(ANNOTATIONS.eksOidcIssuer),
      addonRoleArns: Object.fromEntries(addonsWithIam(cluster).map((a) => [a, esoRef(addonAnnotation(a, 'iam_role_arn'))])),
      nodeRoleName: esoRef(ANNOTATIONS.awsNodeRoleName),
      clusterSecurityGroupId: esoRef(ANNOTATIONS.awsClusterSecurityGroupId),
      certificateArn: esoRef(ANNOTATIONS.ingressCertificateArn),
    });
    const connection = clusterConnection(config, cluster, esoRef);
    new ApiObject(this, 'ExternalSecret', {
      apiVersion: 'external-secrets.io/v1',
      kind: 'ExternalSecret',
      metadata: { name: `cluster-${cluster.name}`, namespace: ARGOCD_NAMESPACE, annotations: syncWave(-1) },
      spec: {
        refreshInterval: '15m',
        secretStoreRef: { kind: 'ClusterSecretStore', name: storeName },
        target: {
          name: `cluster-${cluster.name}`,
          creationPolicy: 'Owner',
          template: {
            engineVersion: 'v2',
            metadata: { labels: { ...metadata.labels }, annotations: { ...metadata.annotations } },
            data: { name: cluster.name, ...connection },
          },
        },
        dataFrom: [{ extract: { key: registrationSecretName(config, cluster) } }],
      },
    });
  }
}

/** The hub's connection for self-managed Argo CD: Argo CD runs in it. */
const IN_CLUSTER_CONNECTION = { server: IN_CLUSTER_SERVER, config: JSON.stringify({ tlsClientConfig: { insecure: false } }) } as const;

/**
 * How Argo CD reaches a cluster, with `value(key)` giving a registration key's value (an External
 * Secrets template reference here, the real value in the bootstrap's seed):
 * - managed Argo CD capability: every cluster, the hub included, by its EKS cluster ARN. The capability
 *   does not support `kubernetes.default.svc` and authenticates with its own role's access entries
 *   (https://docs.aws.amazon.com/eks/latest/userguide/argocd-register-clusters.html);
 * - self-managed: in-cluster for the hub, else the API endpoint through the spoke's Argo CD role.
 */
export function clusterConnection(config: ResolvedConfig, cluster: ResolvedCluster, value: (key: string) => string): Record<string, string> {
  if (managedArgoCd(config)) return { server: value(CONNECTION_KEYS.clusterArn) };
  if (cluster.role === 'hub') return { ...IN_CLUSTER_CONNECTION };
  return {
    server: value(CONNECTION_KEYS.server),
    config: JSON.stringify({
      awsAuthConfig: { clusterName: cluster.clusterName, roleARN: value(CONNECTION_KEYS.argocdRoleArn) },
      tlsClientConfig: { insecure: false, caData: value(CONNECTION_KEYS.caData) },
    }),
  };
}

/** Destination of Applications on the hub: in-cluster, or (managed capability) the hub's registration by name. */
export function hubDestination(config: ResolvedConfig): { server: string } | { name: string } {
  return managedArgoCd(config) ? { name: config.hub.name } : { server: IN_CLUSTER_SERVER };
}
