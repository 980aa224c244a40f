import type { ResolvedConfig } from '../config/resolved-config';

/**
 * Names of the DORA data path, spelled once: the DevLake project (whose name the Grafana dashboards
 * filter on), its GitLab connections and the webhook connection that deployments and incidents are
 * reported to.
 */

/** DevLake project of the platform: the config's name. */
export function devlakeProjectName(config: Pick<ResolvedConfig, 'name'>): string {
  return config.name;
}

/** DevLake webhook connection that receives deployments (Argo CD notifications) and incidents (alerts). */
export function devlakeWebhookConnection(config: Pick<ResolvedConfig, 'resourcePrefix'>): string {
  return `${config.resourcePrefix}-delivery`;
}

/** DevLake GitLab connection of one team's group (one token per team group: contract/application-ci.ts). */
export function devlakeGitlabConnection(config: Pick<ResolvedConfig, 'resourcePrefix'>, team: string): string {
  return `${config.resourcePrefix}-gitlab-${team}`;
}

/**
 * In-cluster base URL of DevLake's API server (the chart's `<release>-lake` Service, port 8080; the
 * config UI proxies `/api/` to it). Reporters inside the hub call it directly, never over the internet.
 */
export const DEVLAKE_LAKE_URL = 'http://devlake-lake.devlake.svc.cluster.local:8080';

/**
 * Webhook endpoints addressed by connection name (DevLake 1.0, apache/devlake#8213), so no
 * connection id has to be known when the GitOps tree is rendered.
 * https://devlake.apache.org/docs/Plugins/webhook
 */
export function devlakeWebhookUrl(config: Pick<ResolvedConfig, 'resourcePrefix'>, kind: 'deployments' | 'issues'): string {
  return `${DEVLAKE_LAKE_URL}/plugins/webhook/connections/by-name/${devlakeWebhookConnection(config)}/${kind}`;
}
