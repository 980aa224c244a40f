import { renderGitOpsTree } from '../../gitops/render-gitops-tree';
import { sqlString } from '../../gitops/charts/dora-dashboards';
import { testConfig } from '../support/test-config';

/** The DORA dashboards read only the config's DevLake project (the project the setup job creates: contract/dora.ts). */
describe('DORA dashboards', () => {
  const config = testConfig({ name: 'acme' } as never);
  const dashboard = renderGitOpsTree(config).flatMap((f) => f.documents as any[]).find((d) => d.kind === 'ConfigMap' && d.metadata.name === 'dora-dashboard');
  const panels = JSON.parse(dashboard.data['dora.json']).panels as { title: string; targets: { rawSql: string }[] }[];

  test('every panel\'s query is limited to the config\'s project', () => {
    expect(panels).toHaveLength(4);
    for (const p of panels) expect([p.title, p.targets[0].rawSql]).toEqual([p.title, expect.stringMatching(/project_name = 'acme'/)]);
  });

  test('deployments and incidents are joined to the project through project_mapping, as DevLake maps scopes', () => {
    const sql = panels.map((p) => p.targets[0].rawSql).join('\n');
    expect(sql).toContain("pm.`table` = 'cicd_scopes'");
    expect(sql).toContain("pm.`table` = 'boards'");
  });

  test('a quote in a config value is doubled, so it cannot end the SQL string', () => {
    expect(sqlString("a'b\\")).toBe("'a''b\\\\'");
  });
});
