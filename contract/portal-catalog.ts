import type { ResolvedApplication, ResolvedConfig } from '../config/resolved-config';
import { toolHost } from './ingress';

/**
 * Names the portal's catalog entities share with what gitops/ renders, so that an entity's Argo CD,
 * Kubernetes, Kargo and Grafana views find the objects the platform created. Nothing else spells them.
 */

/**
 * Label of every Argo CD Application of an application (one per spoke it is promoted to); the
 * entity's `argocd/app-selector` selects on it. Roadie's Argo CD plugin lists all matching
 * Applications of each instance (https://roadie.io/backstage/plugins/argo-cd/, "app-selector").
 */
export const ARGOCD_APPLICATION_LABEL = 'platform.blueprint/application';

/** Label selector of an application's Pods, Deployments and Services (gitops/charts/workload.ts labels them so). */
export function workloadLabelSelector(app: Pick<ResolvedApplication, 'name'>): string {
  return `app.kubernetes.io/name=${app.name}`;
}

/**
 * Where people look at an application besides the portal: its Kargo project and each Stage (one per
 * environment, named after it; Kargo UI routes `/project/:name` and `/project/:name/stage/:stageName`,
 * https://github.com/akuity/kargo/blob/main/ui/src/config/paths.ts) and its Grafana dashboard, whose uid
 * is `app-<name>` (the one convention the dashboards follow).
 */
export function applicationLinks(config: ResolvedConfig, app: Pick<ResolvedApplication, 'name' | 'promotion'>): { kargo: string; kargoStages: Record<string, string>; grafana: string } {
  const kargo = `https://${toolHost(config, 'kargo')}/project/${encodeURIComponent(app.name)}`;
  return {
    kargo,
    kargoStages: Object.fromEntries(app.promotion.map((env) => [env, `${kargo}/stage/${encodeURIComponent(env)}`])),
    grafana: `https://${toolHost(config, 'grafana')}/d/app-${encodeURIComponent(app.name)}`,
  };
}
