import { defineAddon } from '../addon-definition';

/** Kubernetes service account of every cluster's Prometheus: the cluster stack's metrics-writer role is associated with it (Pod Identity). */
export const PROMETHEUS_SERVICE_ACCOUNT = 'prometheus';

/** GitOps Bridge annotation (registration key) holding the cluster's metrics workspace Prometheus endpoint (contract/metrics-workspace.ts). */
export const METRICS_ENDPOINT_ANNOTATION = 'amp_prometheus_endpoint';

/**
 * Remote-write URL from the workspace's Prometheus endpoint (CloudFormation `PrometheusEndpoint`,
 * `https://aps-workspaces.<region>.amazonaws.com/workspaces/<id>/`, with its trailing slash):
 * https://docs.aws.amazon.com/prometheus/latest/userguide/AMP-onboard-ingest-metrics-remote-write.html
 */
export function remoteWriteUrl(prometheusEndpoint: string): string {
  return `${prometheusEndpoint}api/v1/remote_write`;
}

/** Prometheus (kube-prometheus-stack without Grafana): metrics for Rollouts analysis and dashboards. */
export const prometheus = defineAddon({
  id: 'prometheus',
  description: 'Metrics collection; the data source of canary analysis',
  chart: { repoURL: 'https://prometheus-community.github.io/helm-charts', chart: 'kube-prometheus-stack', version: '69.8.2' },
  namespace: 'monitoring',
  syncWave: 2,
  defaultOn: { hub: true, spoke: true },
  // Alertmanager evaluates the apps' alerts next to their data; its receivers are the fork's (docs/observability.md).
  // The service account is the one the cluster stack's metrics-writer role is associated with (Pod Identity).
  values: { grafana: { enabled: false }, alertmanager: { enabled: true }, prometheus: { serviceAccount: { name: PROMETHEUS_SERVICE_ACCOUNT } } },
  // Every cluster's series go to its own metrics workspace, labelled with the cluster (docs/observability.md).
  // GitOps Bridge refs spelled out like ack-controller's: the catalog imports nothing of ours.
  clusterValues: {
    prometheus: {
      prometheusSpec: {
        externalLabels: { cluster: '{{.metadata.labels.cluster_name}}', environment: '{{.metadata.labels.environment}}' },
        remoteWrite: [{ url: remoteWriteUrl(`{{.metadata.annotations.${METRICS_ENDPOINT_ANNOTATION}}}`), sigv4: { region: '{{.metadata.annotations.aws_region}}' } }],
      },
    },
  },
});
