import { createHash } from 'node:crypto';
import type { ResolvedCluster, ResolvedConfig } from '../config/resolved-config';

/**
 * Names of the platform's one view of metrics (docs/observability.md): every cluster that runs
 * Prometheus remote-writes to its own Amazon Managed Service for Prometheus workspace, in its own
 * account and region, and the hub's Grafana queries each workspace through a reader role in that
 * account. The cluster stacks create the workspaces and roles; the GitOps tree points at them. Nothing
 * else spells these names (the endpoint annotation, Prometheus' service account and the remote-write URL are the
 * catalog's, catalog/addons/prometheus.ts): role names and ARNs come from gitops-bridge's `roleName`/`roleArn` with the purposes below.
 */

/** Add-on whose presence on a cluster gives it a workspace. */
export const METRICS_ADDON = 'prometheus';

/** Whether a cluster has a metrics workspace (it runs Prometheus). */
export function hasMetricsWorkspace(cluster: ResolvedCluster): boolean {
  return cluster.addons.includes(METRICS_ADDON);
}

/** Alias of a cluster's workspace (AMP ids are generated; the alias says whose it is). */
export function metricsWorkspaceAlias(config: ResolvedConfig, cluster: ResolvedCluster): string {
  return `${config.resourcePrefix}-${cluster.name}`;
}

/** Role the cluster's Prometheus gets through Pod Identity: `aps:RemoteWrite` on its own workspace only. */
export const METRICS_WRITER_PURPOSE = 'metrics-writer';
/** Role in each cluster's account that the hub's Grafana assumes: queries on that workspace only. */
export const METRICS_READER_PURPOSE = 'metrics-reader';
/** Role of the hub's Grafana (Pod Identity); the only principal the reader roles trust. */
export const GRAFANA_ROLE_PURPOSE = 'grafana';

/** Actions of the reader role: what Grafana's Prometheus data source calls (https://docs.aws.amazon.com/prometheus/latest/userguide/AMP-and-IAM.html). */
export const METRICS_QUERY_ACTIONS = ['aps:QueryMetrics', 'aps:GetSeries', 'aps:GetLabels', 'aps:GetMetricMetadata'] as const;

/**
 * A Grafana uid `<prefix>-<name>`. Grafana refuses uids over 40 characters; a long name keeps its start
 * and gets a hash of the whole, so uids stay distinct.
 */
export function grafanaUid(prefix: string, name: string): string {
  const uid = `${prefix}-${name}`;
  return uid.length <= 40 ? uid : `${uid.slice(0, 27)}-${createHash('sha256').update(name).digest('hex').slice(0, 12)}`;
}

/** Grafana data source uid of a cluster's metrics (dashboards refer to data sources by uid). */
export function metricsDatasourceUid(cluster: ResolvedCluster): string {
  return grafanaUid('metrics', cluster.name);
}

/** Grafana data source name of a cluster's metrics. */
export function metricsDatasourceName(cluster: ResolvedCluster): string {
  return `Prometheus ${cluster.name} (${cluster.environment})`;
}
