import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync, rmSync, cpSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

const ROOT = join(__dirname, '..', '..');
const TSX = join(ROOT, 'node_modules', '.bin', 'tsx');
const SCRIPT = join(ROOT, 'scripts', 'template-sync.ts');

function git(cwd: string, ...args: string[]): string {
  return execFileSync('git', args, { cwd, encoding: 'utf8', env: { ...process.env, GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@t', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@t' } }).trim();
}
function write(repo: string, files: Record<string, string | Buffer>): void {
  for (const [p, content] of Object.entries(files)) {
    mkdirSync(dirname(join(repo, p)), { recursive: true });
    writeFileSync(join(repo, p), content);
  }
}
function commit(repo: string, message: string, files: Record<string, string | Buffer> = {}): string {
  write(repo, files);
  git(repo, 'add', '-A');
  git(repo, 'commit', '-q', '-m', message);
  return git(repo, 'rev-parse', 'HEAD');
}
const read = (repo: string, p: string) => readFileSync(join(repo, p), 'utf8');
function sync(fork: string, ...args: string[]) {
  return spawnSync(TSX, [SCRIPT, ...args], { cwd: fork, encoding: 'utf8', env: { ...process.env, GIT_AUTHOR_NAME: 'fork', GIT_AUTHOR_EMAIL: 'f@f', GIT_COMMITTER_NAME: 'fork', GIT_COMMITTER_EMAIL: 'f@f' } });
}

/** HEAD (branch and commit), index entries, `git status` and every working-tree file's bytes: the state --abort must restore. */
function repoState(repo: string): Record<string, string> {
  const files: Record<string, string> = {};
  const walk = (dir: string): void => {
    for (const e of readdirSync(join(repo, dir), { withFileTypes: true })) {
      const rel = dir ? `${dir}/${e.name}` : e.name;
      if (rel === '.git') continue;
      if (e.isDirectory()) walk(rel);
      else files[rel] = readFileSync(join(repo, rel)).toString('base64');
    }
  };
  walk('');
  return {
    head: `${git(repo, 'rev-parse', '--symbolic-full-name', 'HEAD')} ${git(repo, 'rev-parse', 'HEAD')}`,
    index: git(repo, 'ls-files', '-s'),
    status: git(repo, 'status', '--porcelain', '--untracked-files=all'),
    files: JSON.stringify(files),
  };
}
const tree = (repo: string) => git(repo, 'ls-tree', '-r', '--name-only', 'HEAD').split('\n');

const LINES = Array.from({ length: 30 }, (_, i) => `line ${i + 1}`).join('\n');
const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 1, 2, 3]);

/** An upstream template repository and a fork cloned from it, with the sync state recorded. */
function setup(): { upstream: string; fork: string; base: string } {
  const dir = mkdtempSync(join(tmpdir(), 'pb-sync-'));
  const upstream = join(dir, 'upstream');
  mkdirSync(upstream);
  git(upstream, 'init', '-q', '-b', 'main');
  const base = commit(upstream, 'template v1', {
    'platform.config.ts': 'export default { name: "template" };\n',
    'overrides/README.md': 'overrides\n',
    'blueprints/hub.ts': `${LINES}\n`,
    'blueprints/spoke.ts': 'export const spoke = 1;\n',
    'scripts/old.ts': 'old\n',
    'docs/logo.png': PNG,
    'generated.txt': 'generated v1\n',
    '.projen/files.json': JSON.stringify({ files: ['generated.txt'] }),
  });
  const fork = join(dir, 'fork');
  git(dir, 'clone', '-q', upstream, fork);
  write(fork, { '.template-sync.json': JSON.stringify({ upstream, ref: 'main', lastSyncedCommit: base, regenerate: 'echo regenerated > generated.txt' }) });
  commit(fork, 'record template sync state');
  return { upstream, fork, base };
}

describe('template-sync (real git repositories)', () => {
  test('upstream changes a template-owned file → the fork gets it, in one commit, state updated', () => {
    const { upstream, fork } = setup();
    const head = commit(upstream, 'improve spoke', { 'blueprints/spoke.ts': 'export const spoke = 2;\n' });
    const r = sync(fork);
    expect(r.status).toBe(0);
    expect(read(fork, 'blueprints/spoke.ts')).toBe('export const spoke = 2;\n');
    expect(JSON.parse(read(fork, '.template-sync.json')).lastSyncedCommit).toBe(head);
    expect(git(fork, 'log', '-1', '--format=%s')).toMatch(/^template-sync: merge upstream/);
    expect(git(fork, 'status', '--porcelain')).toBe('');
    expect(read(fork, 'generated.txt')).toBe('regenerated\n'); // projen's files are regenerated
  });

  test('both change a fork-owned file → the fork\'s version stays and the upstream change is reported as a diff', () => {
    const { upstream, fork } = setup();
    commit(fork, 'my platform', { 'platform.config.ts': 'export default { name: "acme" };\n', 'overrides/argo-cd/default.yaml': 'a: 1\n' });
    commit(upstream, 'new config field', { 'platform.config.ts': 'export default { name: "template", domain: "x" };\n', 'overrides/README.md': 'overrides v2\n' });
    const r = sync(fork);
    expect(r.status).toBe(0);
    expect(read(fork, 'platform.config.ts')).toBe('export default { name: "acme" };\n');
    expect(read(fork, 'overrides/README.md')).toBe('overrides\n');
    expect(read(fork, 'overrides/argo-cd/default.yaml')).toBe('a: 1\n');
    expect(r.stdout).toMatch(/NOT applied: overrides\/README\.md, platform\.config\.ts/);
    expect(r.stdout).toContain('+export default { name: "template", domain: "x" };');
    expect(read(fork, '.git/template-sync/fork-owned-upstream.diff')).toContain('domain: "x"');
  });

  test('both change the same lines of a template-owned file → conflict reported, both versions kept, exit 1', () => {
    const { upstream, fork } = setup();
    commit(fork, 'fork edit', { 'blueprints/hub.ts': `${LINES.replace('line 10', 'line 10 (fork)')}\n` });
    commit(upstream, 'upstream edit', { 'blueprints/hub.ts': `${LINES.replace('line 10', 'line 10 (upstream)')}\n` });
    const r = sync(fork);
    expect(r.status).toBe(1);
    expect(r.stdout).toMatch(/1 file\(s\) have conflicts/);
    expect(r.stdout).toContain('blueprints/hub.ts');
    const text = read(fork, 'blueprints/hub.ts');
    expect(text).toMatch(/<<<<<<< /);
    expect(text).toContain('line 10 (fork)');
    expect(text).toContain('line 10 (upstream)');
  });

  test('resolve the conflict, then --continue commits the merge', () => {
    const { upstream, fork } = setup();
    commit(fork, 'fork edit', { 'blueprints/hub.ts': `${LINES.replace('line 10', 'line 10 (fork)')}\n` });
    const head = commit(upstream, 'upstream edit', { 'blueprints/hub.ts': `${LINES.replace('line 10', 'line 10 (upstream)')}\n`, 'blueprints/spoke.ts': 'export const spoke = 3;\n' });
    expect(sync(fork).status).toBe(1);
    expect(sync(fork, '--continue').status).toBe(1); // markers still there
    write(fork, { 'blueprints/hub.ts': `${LINES.replace('line 10', 'line 10 (both)')}\n` });
    git(fork, 'add', 'blueprints/hub.ts');
    const r = sync(fork, '--continue');
    expect(r.status).toBe(0);
    expect(read(fork, 'blueprints/hub.ts')).toContain('line 10 (both)');
    expect(read(fork, 'blueprints/spoke.ts')).toBe('export const spoke = 3;\n');
    expect(JSON.parse(read(fork, '.template-sync.json')).lastSyncedCommit).toBe(head);
    expect(git(fork, 'status', '--porcelain')).toBe('');
  });

  test('--abort restores the fork exactly', () => {
    const { upstream, fork } = setup();
    const before = commit(fork, 'fork edit', { 'blueprints/hub.ts': `${LINES.replace('line 10', 'line 10 (fork)')}\n` });
    commit(upstream, 'upstream edit', { 'blueprints/hub.ts': `${LINES.replace('line 10', 'line 10 (upstream)')}\n`, 'blueprints/new.ts': 'new\n' });
    expect(sync(fork).status).toBe(1);
    const r = sync(fork, '--abort');
    expect(r.status).toBe(0);
    expect(git(fork, 'rev-parse', 'HEAD')).toBe(before);
    expect(git(fork, 'status', '--porcelain')).toBe('');
    expect(existsSync(join(fork, 'blueprints/new.ts'))).toBe(false);
    expect(read(fork, 'blueprints/hub.ts')).toContain('line 10 (fork)');
  });

  test('upstream renames a file the fork edited → the fork\'s edit follows the rename', () => {
    const { upstream, fork } = setup();
    commit(fork, 'fork edit', { 'blueprints/hub.ts': `${LINES.replace('line 3', 'line 3 (fork)')}\n` });
    git(upstream, 'mv', 'blueprints/hub.ts', 'blueprints/hub-cluster.ts');
    commit(upstream, 'rename hub');
    const r = sync(fork);
    expect(r.status).toBe(0);
    expect(existsSync(join(fork, 'blueprints/hub.ts'))).toBe(false);
    expect(read(fork, 'blueprints/hub-cluster.ts')).toContain('line 3 (fork)');
  });

  test('upstream deletes a file → it is deleted in the fork', () => {
    const { upstream, fork } = setup();
    git(upstream, 'rm', '-q', 'scripts/old.ts');
    commit(upstream, 'drop old script');
    expect(sync(fork).status).toBe(0);
    expect(existsSync(join(fork, 'scripts/old.ts'))).toBe(false);
  });

  test('binary file changed upstream → the fork gets the new bytes', () => {
    const { upstream, fork } = setup();
    const png2 = Buffer.concat([PNG, Buffer.from([4, 5, 6, 0, 255])]);
    commit(upstream, 'new logo', { 'docs/logo.png': png2 });
    expect(sync(fork).status).toBe(0);
    expect(readFileSync(join(fork, 'docs/logo.png')).equals(png2)).toBe(true);
  });

  test('a conflict in a projen-generated file is regenerated, not left to the user', () => {
    const { upstream, fork } = setup();
    commit(fork, 'fork regenerated', { 'generated.txt': 'generated by fork\n' });
    commit(upstream, 'template regenerated', { 'generated.txt': 'generated v2\n' });
    const r = sync(fork);
    expect(r.status).toBe(0);
    expect(read(fork, 'generated.txt')).toBe('regenerated\n');
  });

  test('a conflict in .projen/files.json (a generated file) is regenerated from upstream\'s, never merged by hand', () => {
    const { upstream, fork } = setup();
    commit(fork, 'fork generates one more file', { '.projen/files.json': JSON.stringify({ files: ['generated.txt', 'fork-gen.txt'] }), 'fork-gen.txt': 'g\n' });
    const upstreamList = JSON.stringify({ files: ['generated.txt', 'upstream-gen.txt'] });
    commit(upstream, 'template generates one more file', { '.projen/files.json': upstreamList, 'upstream-gen.txt': 'u\n' });
    const r = sync(fork);
    expect(r.stderr).not.toMatch(/SyntaxError|at .*\.ts:\d+/);
    expect(r.status).toBe(0);
    expect(read(fork, '.projen/files.json')).toBe(upstreamList); // upstream's, then whatever `npx projen` writes
    expect(read(fork, 'generated.txt')).toBe('regenerated\n');
    expect(git(fork, 'status', '--porcelain')).toBe('');
  });

  test('--continue commits exactly the merge: a fork deletion stays deleted, modify/delete is shown, stray untracked files stay out', () => {
    const { upstream, fork } = setup();
    git(fork, 'rm', '-q', 'scripts/old.ts', 'blueprints/spoke.ts');
    commit(fork, 'fork drops files', { 'blueprints/hub.ts': `${LINES.replace('line 10', 'line 10 (fork)')}\n` });
    commit(upstream, 'upstream edits', { 'blueprints/hub.ts': `${LINES.replace('line 10', 'line 10 (upstream)')}\n`, 'blueprints/spoke.ts': 'export const spoke = 2;\n' });
    const r = sync(fork);
    expect(r.status).toBe(1);
    expect(r.stdout).toMatch(/blueprints\/hub\.ts {2}both changed the same lines/);
    expect(r.stdout).toMatch(/blueprints\/spoke\.ts {2}your fork deleted it, upstream changed it: `git rm` it to keep it deleted/);

    write(fork, { 'blueprints/hub.ts': `${LINES.replace('line 10', 'line 10 (both)')}\n`, 'notes.txt': 'my notes\n', 'blueprints/hub.ts.orig': 'merge tool backup\n' });
    git(fork, 'add', 'blueprints/hub.ts');
    const early = sync(fork, '--continue'); // the modify/delete conflict is not resolved yet
    expect(early.status).toBe(1);
    expect(early.stdout).toMatch(/1 file\(s\) have conflicts/);
    expect(early.stdout).toContain('blueprints/spoke.ts');

    git(fork, 'rm', '-q', 'blueprints/spoke.ts');
    const done = sync(fork, '--continue');
    expect(done.status).toBe(0);
    expect(tree(fork)).not.toContain('blueprints/spoke.ts');
    expect(tree(fork)).not.toContain('scripts/old.ts'); // deleted by the fork, unchanged upstream: stays deleted
    expect(tree(fork)).not.toContain('notes.txt');
    expect(tree(fork)).not.toContain('blueprints/hub.ts.orig');
    expect(read(fork, 'blueprints/hub.ts')).toContain('line 10 (both)');
    expect(git(fork, 'status', '--porcelain').split('\n').sort()).toEqual(['?? blueprints/hub.ts.orig', '?? notes.txt']);
  });

  test('--continue refuses a file that still holds conflict markers, even after git add', () => {
    const { upstream, fork } = setup();
    commit(fork, 'fork edit', { 'blueprints/hub.ts': `${LINES.replace('line 10', 'line 10 (fork)')}\n` });
    commit(upstream, 'upstream edit', { 'blueprints/hub.ts': `${LINES.replace('line 10', 'line 10 (upstream)')}\n` });
    expect(sync(fork).status).toBe(1);
    git(fork, 'add', 'blueprints/hub.ts');
    const r = sync(fork, '--continue');
    expect(r.status).toBe(1);
    expect(r.stdout).toContain('blueprints/hub.ts');
  });

  test('--abort restores HEAD, index and working tree byte for byte, untracked files that existed before included', () => {
    const { upstream, fork } = setup();
    commit(fork, 'fork edit', { 'blueprints/hub.ts': `${LINES.replace('line 10', 'line 10 (fork)')}\n` });
    write(fork, { 'scratch.txt': 'untracked before the sync\n', 'wip/draft.ts': 'draft\n' });
    const before = repoState(fork);
    commit(upstream, 'upstream edit', {
      'blueprints/hub.ts': `${LINES.replace('line 10', 'line 10 (upstream)')}\n`,
      'blueprints/new.ts': 'new upstream\n',
      'docs/guide/new.md': 'new upstream doc\n',
    });
    expect(sync(fork).status).toBe(1);
    expect(read(fork, 'blueprints/new.ts')).toBe('new upstream\n');
    write(fork, { 'scratch.txt': 'edited during the conflict\n' });
    const r = sync(fork, '--abort');
    expect(r.status).toBe(0);
    expect(repoState(fork)).toEqual(before);
    expect(existsSync(join(fork, 'docs/guide'))).toBe(false);
    expect(existsSync(join(fork, '.git/template-sync-in-progress.json'))).toBe(false);
    expect(git(fork, 'for-each-ref', 'refs/template-sync/pre-sync', 'refs/template-sync/pre-sync-untracked')).toBe('');
  });

  test('--abort keeps files the user created during the sync', () => {
    const { upstream, fork } = setup();
    commit(fork, 'fork edit', { 'blueprints/hub.ts': `${LINES.replace('line 10', 'line 10 (fork)')}\n` });
    commit(upstream, 'upstream edit', { 'blueprints/hub.ts': `${LINES.replace('line 10', 'line 10 (upstream)')}\n` });
    expect(sync(fork).status).toBe(1);
    write(fork, { 'resolution-notes.md': 'what I tried\n' });
    const r = sync(fork, '--abort');
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/kept files you created during the sync \(untracked\): resolution-notes\.md/);
    expect(read(fork, 'resolution-notes.md')).toBe('what I tried\n');
  });

  test('fails when HEAD is detached (nothing is touched)', () => {
    const { upstream, fork } = setup();
    commit(upstream, 'change', { 'blueprints/spoke.ts': 'x\n' });
    git(fork, 'checkout', '-q', '--detach');
    const before = repoState(fork);
    const r = sync(fork);
    expect(r.status).toBe(1);
    expect(r.stdout).toMatch(/HEAD is detached \(at [0-9a-f]+\): .*git switch/);
    expect(repoState(fork)).toEqual(before);
    expect(existsSync(join(fork, '.git/template-sync-in-progress.json'))).toBe(false);
  });

  test('fails when an untracked file is where upstream adds one (nothing is touched)', () => {
    const { upstream, fork } = setup();
    commit(upstream, 'new file', { 'blueprints/new.ts': 'upstream\n', 'blueprints/spoke.ts': 'x\n' });
    write(fork, { 'blueprints/new.ts': 'mine, untracked\n' });
    const before = repoState(fork);
    const r = sync(fork);
    expect(r.status).toBe(1);
    expect(r.stdout).toMatch(/git could not merge, nothing was changed: .*untracked working tree files would be overwritten.*blueprints\/new\.ts/);
    expect(repoState(fork)).toEqual(before);
  });

  test('fails when the regeneration fails, keeping the merge for --continue or --abort', () => {
    const { upstream, fork } = setup();
    write(fork, { '.template-sync.json': JSON.stringify({ ...JSON.parse(read(fork, '.template-sync.json')), regenerate: 'echo partial > half.txt; echo "projen: boom" >&2; exit 3' }) });
    commit(fork, 'a regeneration that fails');
    const before = repoState(fork);
    commit(upstream, 'change', { 'blueprints/spoke.ts': 'export const spoke = 2;\n' });
    const r = sync(fork);
    expect(r.status).toBe(1);
    expect(r.stdout).toMatch(/regenerating projen's files failed \(`echo partial.*`, exit code 3\):\s+projen: boom/);
    expect(r.stdout).toMatch(/The merge is kept as it is: fix the cause, then run `npx projen template-sync --continue`/);
    expect(read(fork, 'blueprints/spoke.ts')).toBe('export const spoke = 2;\n');
    expect(sync(fork, '--abort').status).toBe(0);
    expect(repoState(fork)).toEqual(before); // half.txt, written by the failed regeneration, is gone
  });

  test('fails when the working tree is dirty (nothing is touched)', () => {
    const { upstream, fork } = setup();
    commit(upstream, 'change', { 'blueprints/spoke.ts': 'x\n' });
    write(fork, { 'blueprints/spoke.ts': 'uncommitted\n' });
    const r = sync(fork);
    expect(r.status).toBe(1);
    expect(r.stdout).toMatch(/uncommitted changes: commit or stash them first/);
    expect(read(fork, 'blueprints/spoke.ts')).toBe('uncommitted\n');
  });

  test('first sync of a fresh copy with unrelated history infers the base and merges only later changes', () => {
    const { upstream } = setup();
    const dir = mkdtempSync(join(tmpdir(), 'pb-copy-'));
    const copy = join(dir, 'copy');
    cpSync(upstream, copy, { recursive: true });
    rmSync(join(copy, '.git'), { recursive: true, force: true });
    git(copy, 'init', '-q', '-b', 'main');
    commit(copy, 'fresh copy of the template');
    commit(copy, 'my edits', { 'platform.config.ts': 'export default { name: "mine" };\n', 'blueprints/hub.ts': `${LINES.replace('line 20', 'line 20 (mine)')}\n` });
    write(copy, { '.template-sync.json': JSON.stringify({ upstream, ref: 'main', regenerate: 'true' }) });
    commit(copy, 'sync state without a base');
    commit(upstream, 'later upstream change', { 'blueprints/hub.ts': `${LINES.replace('line 2', 'line 2 (upstream)')}\n` });
    const r = sync(copy);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/first sync: inferred base/);
    const hub = read(copy, 'blueprints/hub.ts');
    expect(hub).toContain('line 2 (upstream)');
    expect(hub).toContain('line 20 (mine)');
    expect(read(copy, 'platform.config.ts')).toContain('mine');
  });

  test('fails with a clear message when no upstream is known', () => {
    const dir = mkdtempSync(join(tmpdir(), 'pb-none-'));
    git(dir, 'init', '-q', '-b', 'main');
    commit(dir, 'x', { a: '1' });
    const r = sync(dir);
    expect(r.status).toBe(1);
    expect(r.stdout).toMatch(/no upstream known: pass --upstream/);
  });
});
