import { CONNECTION_KEYS, registrationSecretName } from '../../contract/gitops-bridge';
import { BACKSTAGE_CLUSTERS_SECRET, clusterCaEnv, clusterUrlEnv } from '../../gitops/charts/backstage-clusters';
import { portalAppConfig } from '../../gitops/portal-app-config';
import { renderGitOpsTree } from '../../gitops/render-gitops-tree';
import { forkLikeConfig } from '../support/test-config';

/**
 * The portal's Kubernetes views reach each cluster as kubernetes-backend 0.21.11 reads its config
 * (ConfigClusterLocator + AwsIamStrategy,
 * https://github.com/backstage/backstage/blob/master/plugins/kubernetes-backend/src/auth/AwsIamStrategy.ts):
 * the `aws` provider presigns an STS GetCallerIdentity request whose `x-k8s-aws-id` header is
 * `authMetadata['kubernetes.io/x-k8s-aws-id']`, else the config entry's `name`, and EKS accepts the token
 * only for its own cluster name; TLS needs the cluster's CA (in-cluster file on the hub, registration on spokes).
 */
const config = forkLikeConfig();
type Cluster = { name: string; url: string; authProvider: string; authMetadata?: Record<string, string>; caFile?: string; caData?: string };
const clusters = ((portalAppConfig(config).kubernetes as { clusterLocatorMethods: { clusters: Cluster[] }[] }).clusterLocatorMethods[0].clusters);

describe('the portal\'s Kubernetes clusters', () => {
  test('one entry per cluster, each authenticating as the portal\'s Pod Identity role for its EKS cluster name', () => {
    expect(clusters.map((c) => c.name)).toEqual(config.clusters.map((c) => c.name));
    for (const c of config.clusters) {
      const entry = clusters.find((e) => e.name === c.name)!;
      expect([c.name, entry.authProvider, entry.authMetadata?.['kubernetes.io/x-k8s-aws-id']]).toEqual([c.name, 'aws', c.clusterName]);
      // The short name alone would be the token's cluster id: a fork's names differ from the EKS names.
      expect(entry.authMetadata?.['kubernetes.io/x-k8s-aws-id']).not.toBe(c.name);
    }
  });

  test('the hub is reached in-cluster with its service-account CA; each spoke with the URL and CA of its registration', () => {
    const hub = clusters.find((e) => e.name === config.hub.name)!;
    expect([hub.url, hub.caFile]).toEqual(['https://kubernetes.default.svc', '/var/run/secrets/kubernetes.io/serviceaccount/ca.crt']);
    const secret = renderGitOpsTree(config).flatMap((f) => f.documents).find((d: any) => d.kind === 'ExternalSecret' && d.metadata.name === BACKSTAGE_CLUSTERS_SECRET) as any;
    const fromRegistration = Object.fromEntries(secret.spec.data.map((d: any) => [d.secretKey, `${d.remoteRef.key}#${d.remoteRef.property}`]));
    for (const c of config.spokes) {
      const entry = clusters.find((e) => e.name === c.name)!;
      expect([entry.url, entry.caData]).toEqual([`\${${clusterUrlEnv(c.name)}}`, `\${${clusterCaEnv(c.name)}}`]);
      expect(fromRegistration[clusterUrlEnv(c.name)]).toBe(`${registrationSecretName(config, c)}#${CONNECTION_KEYS.server}`);
      expect(fromRegistration[clusterCaEnv(c.name)]).toBe(`${registrationSecretName(config, c)}#${CONNECTION_KEYS.caData}`);
    }
  });
});
