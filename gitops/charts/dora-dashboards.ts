import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import type { ResolvedConfig } from '../../config/resolved-config';
import { databaseHost, databaseOf, databaseSecretTarget, secretKeyOf } from '../../contract/platform-databases';
import { devlakeProjectName } from '../../contract/dora';
import { addonById } from '../../catalog/registry';

/** A MySQL string literal (quotes doubled), for config values in the dashboards' SQL. */
export function sqlString(value: string): string {
  return `'${value.replace(/\\/g, '\\\\').replace(/'/g, "''")}'`;
}

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
 * The four DORA metrics for Grafana, from the data Apache DevLake collects for the platform's project
 * (GitLab, and deployments and incidents reported to its webhook connection), provisioned through Grafana's sidecar (ConfigMaps labelled grafana_dashboard /
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
    // Only this platform's DevLake project (contract/dora.ts): its scopes through project_mapping,
    // its PR metrics and incident relationships by project_name (DevLake's own DORA dashboard does the same).
    const project = sqlString(devlakeProjectName(config));
    const deployments = `cicd_deployment_commits d JOIN project_mapping pm ON pm.row_id = d.cicd_scope_id AND pm.\`table\` = 'cicd_scopes' AND pm.project_name = ${project}`;
    const window = (col: string) => `${col} >= DATE_SUB(NOW(), INTERVAL 30 DAY)`;
    const dashboard = {
      title: 'DORA metrics',
      uid: 'platform-dora',
      tags: ['dora', 'platform'],
      time: { from: 'now-30d', to: 'now' },
      schemaVersion: 39,
      panels: [
        panel(1, 'Deployment frequency (per day, 30 d)', `SELECT COUNT(DISTINCT d.cicd_deployment_id) / 30 AS value FROM ${deployments} WHERE d.result = 'SUCCESS' AND d.environment = 'PRODUCTION' AND ${window('d.finished_date')}`, 'short', 0),
        panel(2, 'Lead time for changes (average, hours)', `SELECT AVG(pr_cycle_time) / 60 AS value FROM project_pr_metrics WHERE project_name = ${project} AND ${window('pr_merged_date')}`, 'h', 6),
        panel(3, 'Change failure rate', `SELECT COUNT(DISTINCT r.id) / NULLIF(COUNT(DISTINCT d.cicd_deployment_id), 0) AS value FROM ${deployments} LEFT JOIN project_incident_deployment_relationships r ON r.deployment_id = d.cicd_deployment_id AND r.project_name = ${project} WHERE d.result = 'SUCCESS' AND d.environment = 'PRODUCTION' AND ${window('d.finished_date')}`, 'percentunit', 12),
        panel(4, 'Time to restore service (average, hours)', `SELECT AVG(i.lead_time_minutes) / 60 AS value FROM issues i JOIN board_issues bi ON bi.issue_id = i.id JOIN project_mapping pm ON pm.row_id = bi.board_id AND pm.\`table\` = 'boards' AND pm.project_name = ${project} WHERE i.type = 'INCIDENT' AND ${window('i.resolution_date')}`, 'h', 18),
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
