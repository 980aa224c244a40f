import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import type { ResolvedCluster, ResolvedConfig } from '../../config/resolved-config';
import { registrationSecretName, roleArn } from '../../contract/gitops-bridge';
import { hasMetricsWorkspace, METRICS_READER_PURPOSE, metricsDatasourceName, metricsDatasourceUid } from '../../contract/metrics-workspace';
import { METRICS_ENDPOINT_ANNOTATION } from '../../catalog/addons/prometheus';
import { addonById } from '../../catalog/registry';
import { registrationStoreName } from '../../contract/names';
import { goTemplateJson, TemplateRef } from './go-template-json';

/** Label the Grafana sidecar provisions data sources from (the grafana add-on's `sidecar.datasources.label`). */
export const DATASOURCE_LABEL = 'grafana_datasource';

/** Name of the Secret (and its ExternalSecret) holding one cluster's data source. */
export function metricsDatasourceSecret(cluster: ResolvedCluster): string {
  return `metrics-datasource-${cluster.name}`;
}

/**
 * Grafana's provisioning document of one cluster's Prometheus data source
 * (https://grafana.com/docs/grafana/latest/administration/provisioning/#data-sources), querying the
 * cluster's metrics workspace with SigV4 (`sigV4Auth`, `sigV4AuthType: default` = the SDK's default
 * credential chain, i.e. Grafana's Pod Identity role, then `sigV4AssumeRoleArn` = the cluster account's
 * reader role: https://docs.aws.amazon.com/prometheus/latest/userguide/AMP-onboard-query-standalone-grafana.html).
 * `url` is the workspace endpoint the cluster stack registered; `V` stands for it.
 */
export function metricsDatasource<V>(config: ResolvedConfig, cluster: ResolvedCluster, endpoint: V, partition = 'aws') {
  return {
    apiVersion: 1,
    datasources: [{
      name: metricsDatasourceName(cluster),
      uid: metricsDatasourceUid(cluster),
      type: 'prometheus',
      access: 'proxy',
      url: endpoint,
      isDefault: cluster.role === 'hub',
      editable: false,
      jsonData: {
        httpMethod: 'POST',
        sigV4Auth: true,
        sigV4AuthType: 'default',
        sigV4Region: cluster.region,
        sigV4AssumeRoleArn: roleArn(config, cluster, METRICS_READER_PURPOSE, partition),
      },
    }],
  };
}

/**
 * One Prometheus data source per cluster running Prometheus, on the hub's Grafana: an ExternalSecret
 * reads the cluster's GitOps Bridge registration (through the store that already serves Argo CD) and
 * templates a Secret labelled for Grafana's sidecar, so the workspace endpoint CDK created reaches
 * Grafana without being written into git. The endpoint is placed by the template's own JSON encoder.
 */
export class MetricsDatasources extends Construct {
  constructor(scope: Construct, id: string, config: ResolvedConfig) {
    super(scope, id);
    const namespace = addonById('grafana').namespace;
    for (const cluster of config.clusters.filter(hasMetricsWorkspace)) {
      const name = metricsDatasourceSecret(cluster);
      new ApiObject(this, `ExternalSecret-${cluster.name}`, {
        apiVersion: 'external-secrets.io/v1',
        kind: 'ExternalSecret',
        metadata: { name, namespace },
        spec: {
          refreshInterval: '15m',
          secretStoreRef: { kind: 'ClusterSecretStore', name: registrationStoreName(cluster.name) },
          target: {
            name,
            creationPolicy: 'Owner',
            template: {
              engineVersion: 'v2',
              metadata: { labels: { [DATASOURCE_LABEL]: '1' } },
              data: { [`${cluster.name}.yaml`]: goTemplateJson(metricsDatasource(config, cluster, new TemplateRef(METRICS_ENDPOINT_ANNOTATION))) },
            },
          },
          dataFrom: [{ extract: { key: registrationSecretName(config, cluster) } }],
        },
      });
    }
  }
}
