import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import type { ResolvedConfig } from '../../config/resolved-config';
import { PLATFORM_SECRETS, platformSecretName } from '../../contract/platform-secrets';
import { syncWave } from './file-chart';

/** ClusterSecretStore reading the hub's own account/region with External Secrets' Pod Identity. */
export const PLATFORM_SECRET_STORE = 'platform-secrets';

/**
 * Every platform credential synced from Secrets Manager into its namespace on the hub.
 * The values never pass through git: only names and keys are rendered here.
 */
export class PlatformSecrets extends Construct {
  constructor(scope: Construct, id: string, config: ResolvedConfig) {
    super(scope, id);
    new ApiObject(this, 'Store', {
      apiVersion: 'external-secrets.io/v1',
      kind: 'ClusterSecretStore',
      metadata: { name: PLATFORM_SECRET_STORE, annotations: syncWave(-2) },
      spec: { provider: { aws: { service: 'SecretsManager', region: config.hub.region } } },
    });
    const namespaces = [...new Set(PLATFORM_SECRETS.flatMap((s) => s.targets.map((t) => t.namespace)))].sort();
    for (const ns of namespaces) {
      new ApiObject(this, `Namespace-${ns}`, {
        apiVersion: 'v1',
        kind: 'Namespace',
        metadata: { name: ns, annotations: syncWave(-3) },
      });
    }
    for (const s of PLATFORM_SECRETS) {
      for (const t of s.targets) {
        new ApiObject(this, `Secret-${t.namespace}-${t.secretName}`, {
          apiVersion: 'external-secrets.io/v1',
          kind: 'ExternalSecret',
          metadata: { name: t.secretName, namespace: t.namespace, annotations: syncWave(-1) },
          spec: {
            refreshInterval: '1h',
            secretStoreRef: { kind: 'ClusterSecretStore', name: PLATFORM_SECRET_STORE },
            target: { name: t.secretName, creationPolicy: 'Owner' },
            data: Object.entries(t.keys).map(([secretKey, property]) => ({
              secretKey,
              remoteRef: { key: platformSecretName(config, s), property },
            })),
          },
        });
      }
    }
  }
}
