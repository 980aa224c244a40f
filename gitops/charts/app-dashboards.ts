import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import type { ResolvedApplication, ResolvedConfig } from '../../config/resolved-config';
import { grafanaUid, hasMetricsWorkspace, metricsDatasourceUid } from '../../contract/metrics-workspace';
import { SERVICE_OBJECTIVES } from '../../contract/service-metrics';
import { addonById } from '../../catalog/registry';
import { appNamespace } from './delivery';
import { serviceNames } from './service-monitoring';
import { errorRatio, latencyP95, requestRate, serviceSelector } from './service-queries';

/** Label the Grafana sidecar loads dashboards from (the grafana add-on's `sidecar.dashboards.label`). */
export const DASHBOARD_LABEL = 'grafana_dashboard';

/** Grafana uid of an application's dashboard. */
export function appDashboardUid(app: ResolvedApplication): string {
  return grafanaUid('app', app.name);
}

/** Spokes that run an application on an environment (a tenant spoke only for its own team), with a metrics workspace. */
export function appClusters(config: ResolvedConfig, app: ResolvedApplication, env: string) {
  return config.spokes.filter((s) => s.environment === env && (!s.tenant || s.tenant === app.team) && hasMetricsWorkspace(s));
}

/**
 * An application's dashboard: per environment in promotion order and per spoke of it, a row with the
 * request rate, the error ratio and the p95 latency of its stable and canary Services, each panel on
 * that spoke's data source (gitops/charts/metrics-datasources.ts) and with the objectives the alerts
 * and the canary analysis use as thresholds. Dashboard JSON model:
 * https://grafana.com/docs/grafana/latest/dashboards/build-dashboards/view-dashboard-json-model/
 */
export function appDashboard(config: ResolvedConfig, app: ResolvedApplication): Record<string, unknown> {
  const team = config.teams.find((t) => t.name === app.team)!;
  const panels: Record<string, unknown>[] = [];
  let id = 1;
  let y = 0;
  const by = ['service'];
  for (const env of app.promotion) {
    for (const cluster of appClusters(config, app, env)) {
      const datasource = { type: 'prometheus', uid: metricsDatasourceUid(cluster) };
      const namespace = appNamespace(team, env);
      panels.push({ id: id++, type: 'row', title: `${env}: ${cluster.name} (namespace ${namespace})`, collapsed: false, gridPos: { h: 1, w: 24, x: 0, y: y++ }, panels: [] });
      const panel = (title: string, unit: string, expr: (sel: string) => string, threshold: number | undefined, x: number) => {
        const targets = Object.values(serviceNames(app)).map((service, i) => ({
          refId: String.fromCharCode(65 + i), datasource, expr: expr(serviceSelector(namespace, service)), legendFormat: service,
        }));
        panels.push({
          id: id++, title, type: 'timeseries', datasource, gridPos: { h: 8, w: 8, x, y }, targets,
          fieldConfig: {
            defaults: {
              unit,
              ...(threshold === undefined ? {} : { thresholds: { mode: 'absolute', steps: [{ color: 'green', value: null }, { color: 'red', value: threshold }] }, custom: { thresholdsStyle: { mode: 'line' } } }),
            },
            overrides: [],
          },
        });
      };
      panel('Request rate', 'reqps', (sel) => requestRate(sel, '5m', by), undefined, 0);
      panel('Error ratio (5xx)', 'percentunit', (sel) => errorRatio(sel, '5m', by), SERVICE_OBJECTIVES.maxErrorRatio, 8);
      panel('Latency p95', 's', (sel) => latencyP95(sel, '5m', by), SERVICE_OBJECTIVES.maxLatencyP95Seconds, 16);
      y += 8;
    }
  }
  return {
    title: `Application ${app.name}`,
    uid: appDashboardUid(app),
    tags: ['application', `team:${app.team}`],
    time: { from: 'now-6h', to: 'now' },
    refresh: '1m',
    schemaVersion: 39,
    editable: false,
    panels,
  };
}

/** Every application's dashboard as a ConfigMap Grafana's sidecar loads (one per application, on the hub). */
export class AppDashboards extends Construct {
  constructor(scope: Construct, id: string, config: ResolvedConfig) {
    super(scope, id);
    const namespace = addonById('grafana').namespace;
    for (const app of config.applications) {
      new ApiObject(this, `Dashboard-${app.name}`, {
        apiVersion: 'v1',
        kind: 'ConfigMap',
        metadata: { name: `app-dashboard-${app.name}`, namespace, labels: { [DASHBOARD_LABEL]: '1' } },
        data: { [`app-${app.name}.json`]: JSON.stringify(appDashboard(config, app), null, 2) },
      });
    }
  }
}
