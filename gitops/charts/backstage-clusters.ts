import { Construct } from 'constructs';
import type { ResolvedConfig } from '../../config/resolved-config';
import { CONNECTION_KEYS, registrationSecretName } from '../../contract/gitops-bridge';
import { registrationStoreName } from '../../contract/names';
import { addonById } from '../../catalog/registry';
import { ExternalSecret, ExternalSecretSpecDataSourceRefStoreRefKind, ExternalSecretSpecTargetCreationPolicy } from '../imports/external-secrets.io';

/** Kubernetes Secret with each cluster's API URL, read by Backstage's Kubernetes plugin config. */
export const BACKSTAGE_CLUSTERS_SECRET = 'backstage-clusters';

/** Environment variable holding a cluster's API URL in Backstage (EKS endpoints are only known after deploy). */
export function clusterUrlEnv(clusterName: string): string {
  return `CLUSTER_URL_${clusterName.toUpperCase().replace(/-/g, '_')}`;
}

/** Environment variable holding a spoke's API CA bundle (base64 PEM, the registration's `ca_data`). */
export function clusterCaEnv(clusterName: string): string {
  return `CLUSTER_CA_${clusterName.toUpperCase().replace(/-/g, '_')}`;
}

/**
 * The spokes' API endpoints and CA bundles for Backstage, from their GitOps Bridge registrations (each through its
 * cluster's reader store): the Kubernetes plugin config then refers to `${CLUSTER_URL_<NAME>}`.
 */
export class BackstageClusters extends Construct {
  constructor(scope: Construct, id: string, config: ResolvedConfig) {
    super(scope, id);
    new ExternalSecret(this, 'Clusters', {
      metadata: { name: BACKSTAGE_CLUSTERS_SECRET, namespace: addonById('backstage').namespace },
      spec: {
        refreshInterval: '1h',
        target: { name: BACKSTAGE_CLUSTERS_SECRET, creationPolicy: ExternalSecretSpecTargetCreationPolicy.OWNER },
        data: config.spokes.flatMap((c) => [[clusterUrlEnv(c.name), CONNECTION_KEYS.server], [clusterCaEnv(c.name), CONNECTION_KEYS.caData]].map(([secretKey, property]) => ({
          secretKey,
          sourceRef: { storeRef: { kind: ExternalSecretSpecDataSourceRefStoreRefKind.CLUSTER_SECRET_STORE, name: registrationStoreName(c.name) } },
          remoteRef: { key: registrationSecretName(config, c), property },
        }))),
      },
    });
  }
}
