import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { parseAllDocuments, parseDocument } from 'yaml';
import { promotionStateFile, PROMOTED_TAG_KEY } from '../../gitops/promotion-state';
import { kubectlLayerBinaries } from '../support/kubectl-layer';
import { rawTestConfig } from '../support/test-config';

const ROOT = join(__dirname, '..', '..');
const TSX = join(ROOT, 'node_modules', '.bin', 'tsx');
const REGENERATE = `${TSX} ${join(ROOT, 'test', 'support', 'regenerate-fork.ts')}`;
const ENV = { ...process.env, GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@t', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@t' };
const git = (cwd: string, ...args: string[]) => execFileSync('git', args, { cwd, encoding: 'utf8', env: ENV }).trim();
const regenerate = (cwd: string) => execFileSync('sh', ['-c', REGENERATE], { cwd, env: ENV, stdio: 'pipe' });
function commitAll(repo: string, message: string, files: Record<string, string> = {}): void {
  for (const [p, text] of Object.entries(files)) {
    mkdirSync(dirname(join(repo, p)), { recursive: true });
    writeFileSync(join(repo, p), text);
  }
  git(repo, 'add', '-A');
  git(repo, 'commit', '-q', '-m', message);
}

/**
 * What Kargo's yaml-update step does to the state file: set the dot-notation key, keep the rest of the
 * document (comments included). Kargo 1.5.3 updates YAML nodes in place:
 * https://github.com/akuity/kargo/blob/v1.5.3/internal/promotion/runner/builtin/yaml_updater.go
 */
function kargoYamlUpdate(file: string, key: string, value: string): void {
  const doc = parseDocument(readFileSync(file, 'utf8'));
  doc.setIn(key.split('.').map((k) => (/^\d+$/.test(k) ? Number(k) : k)), value);
  writeFileSync(file, doc.toString());
}

const tagOf = (repo: string, app: string, env: string) =>
  (parseDocument(readFileSync(join(repo, promotionStateFile(app, env)), 'utf8')).getIn(PROMOTED_TAG_KEY.split('.').map((k) => (/^\d+$/.test(k) ? Number(k) : k))));

describe('a promotion survives regeneration and template sync (real git, real renderer)', () => {
  test('promote prod, regenerate, sync an upstream change: the promoted tag stays and the tree stays current', () => {
    const dir = mkdtempSync(join(tmpdir(), 'pb-promo-'));
    const upstream = join(dir, 'upstream');
    mkdirSync(upstream);
    git(upstream, 'init', '-q', '-b', 'main');
    writeFileSync(join(upstream, 'platform.config.json'), JSON.stringify(rawTestConfig(), null, 2));
    regenerate(upstream);
    commitAll(upstream, 'template v1', { 'blueprints/hub.ts': 'export const hub = 1;\n' });

    const fork = join(dir, 'fork');
    git(dir, 'clone', '-q', upstream, fork);
    commitAll(fork, 'record template sync state', {
      '.template-sync.json': JSON.stringify({ upstream, ref: 'main', lastSyncedCommit: git(upstream, 'rev-parse', 'HEAD'), regenerate: REGENERATE }),
    });

    // Kargo promotes 1.4.2 to prod: yaml-update on the state file, then git-commit (as the Stage's steps do).
    kargoYamlUpdate(join(fork, promotionStateFile('checkout', 'prod')), PROMOTED_TAG_KEY, '1.4.2');
    commitAll(fork, 'Promote checkout to prod');

    // `npx projen`: nothing changes, so CI's "tree is current" check passes after a promotion.
    regenerate(fork);
    expect(git(fork, 'status', '--porcelain')).toBe('');
    expect(tagOf(fork, 'checkout', 'prod')).toBe('1.4.2');

    // Upstream improves a template file and bumps its own example state (which must not reach the fork).
    commitAll(upstream, 'template v2', { 'blueprints/hub.ts': 'export const hub = 2;\n' });
    kargoYamlUpdate(join(upstream, promotionStateFile('checkout', 'prod')), PROMOTED_TAG_KEY, '9.9.9');
    commitAll(upstream, 'upstream promotes its own example');

    const sync = spawnSync(TSX, [join(ROOT, 'scripts', 'template-sync.ts')], { cwd: fork, encoding: 'utf8', env: ENV });
    expect({ status: sync.status, stderr: sync.stderr }).toEqual({ status: 0, stderr: '' });
    expect(readFileSync(join(fork, 'blueprints/hub.ts'), 'utf8')).toBe('export const hub = 2;\n');
    expect(tagOf(fork, 'checkout', 'prod')).toBe('1.4.2');
    expect(sync.stdout).toContain(promotionStateFile('checkout', 'prod')); // reported, not applied

    regenerate(fork);
    expect(git(fork, 'status', '--porcelain')).toBe('');

    // And what Argo CD deploys to prod (kustomize build of the generated folder) carries the promoted tag.
    const { kubectl } = kubectlLayerBinaries();
    const built = execFileSync(kubectl, ['kustomize', join(fork, 'gitops/manifests/workloads/checkout/prod')]).toString();
    const rollout = parseAllDocuments(built).map((d) => d.toJS()).find((d) => d.kind === 'Rollout');
    expect(rollout.spec.template.spec.containers[0].image).toBe('111111111111.dkr.ecr.eu-west-1.amazonaws.com/test/checkout:1.4.2');
  }, 180_000);
});
