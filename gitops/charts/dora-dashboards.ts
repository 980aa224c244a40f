import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import type { ResolvedConfig } from '../../config/resolved-config';
import { databaseHost, databaseOf, databaseSecretTarget, secretKeyOf } from '../../contract/platform-databases';
import { addonById } from '../addons/registry';

/** Grafana data source name of DevLake's database. */
const DEVLAKE = 'DevLake';

/** A stat panel over a DevLake SQL query. */
function panel(id: number, title: string, sql: string, unit: string, x: number) {
  return {
    id,
    title,
    type: 'stat',
    datasource: { type: 'mysql', uid: 'devlake' },
    gridPos: { h: 8, w: 6, x, y: 0 },
    fieldConfig: { defaults: { unit }, overrides: [] },
    targets: [{ refId: 'A', format: 'table', rawQuery: true, rawSql: sql }],
  };
}

/**
 * The four DORA metrics for Grafana, from the data Apache DevLake collects (GitLab, Argo Workflows,
 * Argo Rollouts), provisioned through Grafana's sidecar (ConfigMaps labelled grafana_dashboard /
 * grafana_datasource).
 */
export class DoraDashboards extends Construct {
  constructor(scope: Construct, id: string, config: ResolvedConfig) {
    super(scope, id);
    const ns = addonById('grafana').namespace;
    // DevLake's RDS database; its password reaches Grafana's environment through the ExternalSecret in Grafana's namespace.
    const db = databaseOf('devlake');
    const password = secretKeyOf(databaseSecretTarget(db, ns), 'password');
    new ApiObject(this, 'Datasource', {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'devlake-datasource', namespace: ns, labels: { grafana_datasource: '1' } },
      data: {
        'devlake.yaml': [
          'apiVersion: 1',
          'datasources:',
          `  - name: ${DEVLAKE}`,
          '    uid: devlake',
          '    type: mysql',
          `    url: ${databaseHost(config, db)}:${db.port}`,
          `    database: ${db.databaseName}`,
          `    user: ${db.username}`,
          '    secureJsonData:',
          `      password: $${password}`,
        ].join('\n'),
      },
    });
    const window = 'finished_date >= DATE_SUB(NOW(), INTERVAL 30 DAY)';
    const dashboard = {
      title: 'DORA metrics',
      uid: 'platform-dora',
      tags: ['dora', 'platform'],
      time: { from: 'now-30d', to: 'now' },
      schemaVersion: 39,
      panels: [
        panel(1, 'Deployment frequency (per day, 30 d)', `SELECT COUNT(*) / 30 AS value FROM cicd_deployment_commits WHERE result = 'SUCCESS' AND environment = 'PRODUCTION' AND ${window}`, 'short', 0),
        panel(2, 'Lead time for changes (median, hours)', 'SELECT AVG(pr_cycle_time) / 60 AS value FROM project_pr_metrics WHERE pr_merged_date >= DATE_SUB(NOW(), INTERVAL 30 DAY)', 'h', 6),
        panel(3, 'Change failure rate', `SELECT COUNT(DISTINCT i.id) / NULLIF(COUNT(DISTINCT d.id), 0) AS value FROM cicd_deployment_commits d LEFT JOIN project_incident_deployment_relationships r ON r.deployment_id = d.cicd_deployment_id LEFT JOIN issues i ON i.id = r.id WHERE d.result = 'SUCCESS' AND d.environment = 'PRODUCTION' AND d.${window}`, 'percentunit', 12),
        panel(4, 'Time to restore service (median, hours)', "SELECT AVG(lead_time_minutes) / 60 AS value FROM issues WHERE type = 'INCIDENT' AND resolution_date >= DATE_SUB(NOW(), INTERVAL 30 DAY)", 'h', 18),
      ],
    };
    new ApiObject(this, 'Dashboard', {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'dora-dashboard', namespace: ns, labels: { grafana_dashboard: '1' } },
      data: { 'dora.json': JSON.stringify(dashboard, null, 2) },
    });
  }
}
