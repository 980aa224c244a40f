import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { loadResolvedConfig } from '../config/load-config';
import type { ResolvedConfig } from '../config/resolved-config';
import { renderGitOpsTree, toYaml } from '../gitops/render-gitops-tree';
import { catalogEntities } from '../golden-paths/paths/catalog';
import { GOLDEN_PATHS } from '../golden-paths/paths/registry';
import { simulateFirstSync } from './support/argocd-sync-model';
import { K8sObject, loadCrdValidators, validateCustomResources } from './support/crd-schemas';
import { firstSyncInput } from './support/first-sync-input';

/**
 * Your config is valid and your tree is current. The ONLY suite that reads the fork's own
 * platform.config.ts: every other test runs on fixture configs (test/support/test-config.ts), so a fork
 * that edits its config stays green as long as this suite is (run `npx projen` after editing).
 */
let config: ResolvedConfig;

describe('your platform (platform.config.ts)', () => {
  test('your platform.config.ts resolves without problems', () => {
    // loadResolvedConfig throws a ConfigError listing every "<path>: <value> — <fix>" problem.
    config = loadResolvedConfig('platform.config.ts');
    expect(config.clusters.length).toBeGreaterThan(1);
  });

  test('the committed GitOps tree is the one your config renders (run `npx projen` if not)', () => {
    for (const f of renderGitOpsTree(config)) {
      expect([f.path, readFileSync(join(config.git.basePath, f.path), 'utf8').trimEnd()]).toEqual([f.path, toYaml(f).trimEnd()]);
    }
  });

  test('the committed golden-path templates and catalog are the ones your config renders', () => {
    for (const path of GOLDEN_PATHS) {
      const file = join('golden-paths', 'templates', path.name, 'template.yaml');
      const [doc] = parseAllDocuments(readFileSync(file, 'utf8')).map((d) => d.toJS());
      expect([path.name, doc]).toEqual([path.name, path.template(config)]);
    }
    const catalog = parseAllDocuments(readFileSync('golden-paths/catalog-info.yaml', 'utf8')).map((d) => d.toJS());
    expect(catalog).toEqual(catalogEntities(config));
  });

  test('every custom resource of your tree validates against the CRDs of the pinned chart versions', () => {
    const objects = renderGitOpsTree(config)
      .filter((f) => !f.path.endsWith('values.yaml') && !f.path.endsWith('kustomization.yaml'))
      .flatMap((f) => f.documents.map((doc) => ({ where: f.path, doc: doc as unknown as K8sObject })));
    expect(validateCustomResources(objects, loadCrdValidators())).toEqual([]);
  });

  test('your first Argo CD sync converges from an empty hub (docs/first-sync.md; Argo CD sync model)', () => {
    const r = simulateFirstSync(firstSyncInput(config, renderGitOpsTree(config), 45 * 60));
    expect(r.stuck).toEqual([]);
    expect([r.converged, r.registered]).toEqual([true, config.clusters.map((c) => c.name).sort()]);
  });
});
