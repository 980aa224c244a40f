import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv2020 from 'ajv/dist/2020';
import { resolveConfig } from '../../config/resolve-config';
import type { ResolvedConfig } from '../../config/resolved-config';
import { kargo } from '../../catalog/addons/kargo';
import { promotionStateFile, PROMOTED_TAG_KEY } from '../../gitops/promotion-state';
import { renderGitOpsTree } from '../../gitops/render-gitops-tree';
import { isForkOwned } from '../../projenrc/fork-owned-paths';
import { findChartData } from '../../scripts/lib/chart-cache';
import { rawTestConfig, testConfig } from '../support/test-config';

type Obj = { kind: string; metadata: { name: string; namespace?: string; labels?: Record<string, string> }; spec: any };
const kargoObjects = (config: ResolvedConfig): Obj[] =>
  renderGitOpsTree(config).filter((f) => f.path.startsWith('addon-objects/kargo/')).flatMap((f) => f.documents as Obj[]);

/**
 * Kargo 1.5.3's auto-promotion decision, ported from autoPromotionAllowed:
 * https://github.com/akuity/kargo/blob/v1.5.3/internal/controller/stages/regular_stages.go
 * The ProjectConfig named after the project, first policy whose stageSelector matches (exact name
 * without a glob:/regex: prefix; labels), else false. Stage and Warehouse have no auto-promotion
 * setting in 1.5.3 (no such field in the pinned Stage CRD).
 */
function kargoAutoPromotes(objects: readonly Obj[], stage: Obj): boolean {
  const cfg = objects.find((o) => o.kind === 'ProjectConfig' && o.metadata.name === stage.metadata.namespace && o.metadata.namespace === stage.metadata.namespace);
  for (const policy of cfg?.spec.promotionPolicies ?? []) {
    const sel = policy.stageSelector ?? { name: policy.stage };
    if (sel.name !== undefined && sel.name !== '') {
      if (/^(glob|regexp?):/.test(sel.name)) throw new Error(`pattern selectors are not modelled: ${sel.name}`);
      if (sel.name !== stage.metadata.name) continue;
    }
    if (sel.matchLabels && Object.entries(sel.matchLabels).some(([k, v]) => stage.metadata.labels?.[k] !== v)) continue;
    return !!policy.autoPromotionEnabled;
  }
  return false;
}

const stagesOf = (objects: readonly Obj[]) => objects.filter((o) => o.kind === 'Stage');

describe('promotion state', () => {
  const config = testConfig();

  test('every promotion step config validates against Kargo 1.5.3\'s step schemas', () => {
    const dir = join(findChartData(kargo.chart), 'step-schemas');
    if (!existsSync(dir)) throw new Error(`${dir} is missing: the pinned Kargo step schemas are needed (npx projen charts:fetch)`);
    const ajv = new Ajv2020({ strict: false, allErrors: true });
    // The only format the step schemas use (git author email); ajv-formats is not a dependency of ours.
    ajv.addFormat('email', /^[^\s@]+@[^\s@]+$/);
    const steps = stagesOf(kargoObjects(config)).flatMap((s) => s.spec.promotionTemplate.spec.steps as { uses: string; config: unknown }[]);
    expect(steps.map((s) => s.uses)).toEqual(expect.arrayContaining(['git-clone', 'yaml-update', 'git-commit', 'git-push', 'argocd-update']));
    const errors = steps.flatMap((step) => {
      const file = join(dir, `${step.uses}-config.json`);
      if (!existsSync(file)) return [`${step.uses}: Kargo 1.5.3 has no such step`];
      const validate = ajv.compile(JSON.parse(readFileSync(file, 'utf8')));
      return validate(step.config) ? [] : [`${step.uses}: ${ajv.errorsText(validate.errors)}`];
    });
    expect(errors).toEqual([]);
  });

  test('Kargo writes the tag only to the fork-owned state file of its stage', () => {
    for (const stage of stagesOf(kargoObjects(config))) {
      const update = stage.spec.promotionTemplate.spec.steps.find((s: any) => s.uses === 'yaml-update');
      const file = promotionStateFile('checkout', stage.metadata.name);
      expect(update.config.path).toBe(`./repo/${file}`);
      expect(update.config.updates.map((u: any) => u.key)).toEqual([PROMOTED_TAG_KEY]);
      expect(isForkOwned(file)).toBe(true);
      // Nothing the renderer writes is the state file.
      expect(renderGitOpsTree(config).map((f) => join(config.git.basePath, f.path))).not.toContain(file);
    }
  });

  test.each([
    [['dev', 'prod'], false, { dev: true, prod: false }],
    [['dev', 'prod'], true, { dev: true, prod: true }],
    [['dev', 'staging', 'prod'], false, { dev: true, staging: false, prod: false }],
    // The bug (#13 M7): a one-environment order auto-promoted its last (prod) stage regardless.
    [['prod'], false, { prod: false }],
    [['prod'], true, { prod: true }],
  ])('order %j with autoPromoteProd %s: Kargo 1.5.3 auto-promotes exactly %j', (promotion, autoPromoteProd, expected) => {
    const spokes = { ...rawTestConfig().spokes, staging: { environment: 'staging', account: '222222222222', region: 'eu-west-1', vpcCidr: '10.3.0.0/16' } };
    const c = resolveConfig(rawTestConfig({ spokes, teams: { payments: { namespaces: { dev: ['payments'], staging: ['payments'], prod: ['payments'] } } } as any, applications: { checkout: { team: 'payments', promotion, autoPromoteProd } } as any }));
    const objects = kargoObjects(c);
    expect(Object.fromEntries(stagesOf(objects).map((s) => [s.metadata.name, kargoAutoPromotes(objects, s)]))).toEqual(expected);
  });
});
