import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { $, ProcessOutput } from 'zx';
import { isForkOwned } from '../../projenrc/fork-owned-paths';

/** Committed record of where the template comes from and what was last merged. Fork-owned. */
export const SYNC_STATE_FILE = '.template-sync.json';
/** In-progress marker (inside .git, never committed) that --continue and --abort read. */
const IN_PROGRESS = 'template-sync-in-progress.json';
/** Ref that remembers HEAD before a sync, for --abort. */
const PRE_SYNC_REF = 'refs/template-sync/pre-sync';
const UPSTREAM_REF = 'refs/template-sync/upstream';
/** Ref that keeps the snapshot (a tree) of the untracked files that existed before a sync, for --abort. */
const PRE_SYNC_UNTRACKED_REF = 'refs/template-sync/pre-sync-untracked';

export interface SyncState {
  /** Upstream repository (URL or path). */
  readonly upstream: string;
  /** Branch or tag followed. */
  readonly ref: string;
  /** Upstream commit the fork last merged (the base of the next three-way merge). */
  readonly lastSyncedCommit?: string;
  /** Command that regenerates projen's files after a merge. */
  readonly regenerate?: string;
}

interface InProgress {
  readonly upstreamCommit: string;
  readonly base: string;
  readonly preSync: string;
  /** Branch the sync commits to (`refs/heads/…`). */
  readonly branch: string;
  /** Untracked files before the sync, and the tree holding their exact bytes (null when there were none). */
  readonly untracked: readonly string[];
  readonly untrackedTree: string | null;
  /** Untracked files the sync itself wrote (merge side files, a failed regeneration's output): --abort removes them. */
  readonly created?: readonly string[];
  readonly state: SyncState;
}

/** How a file conflicts, which decides what the user does about it. */
export type ConflictKind = 'content' | 'deleted-in-fork' | 'deleted-upstream';

export interface ConflictFile {
  readonly path: string;
  readonly kind: ConflictKind;
}

export interface SyncOptions {
  readonly upstream?: string;
  readonly ref?: string;
  readonly base?: string;
  readonly log: (line: string) => void;
}

export type SyncOutcome =
  | { readonly kind: 'up-to-date'; readonly upstreamCommit: string }
  | { readonly kind: 'merged'; readonly upstreamCommit: string; readonly base: string; readonly forkOwnedChanges: readonly string[] }
  | { readonly kind: 'conflicts'; readonly files: readonly ConflictFile[]; readonly forkOwnedChanges: readonly string[] }
  | { readonly kind: 'aborted' };

/** A problem the user must act on (message says what and how); exit code 1. */
export class SyncError extends Error {}

const git = $({ quiet: true });

async function out(p: Promise<ProcessOutput>): Promise<string> {
  return (await p).stdout.trim();
}

async function gitDir(): Promise<string> {
  return out(git`git rev-parse --absolute-git-dir`);
}

function readState(): SyncState | undefined {
  return existsSync(SYNC_STATE_FILE) ? (JSON.parse(readFileSync(SYNC_STATE_FILE, 'utf8')) as SyncState) : undefined;
}

function writeState(state: SyncState): void {
  writeFileSync(SYNC_STATE_FILE, `${JSON.stringify(state, null, 2)}\n`);
}

async function inProgressFile(): Promise<string> {
  return join(await gitDir(), IN_PROGRESS);
}

/** NUL-separated git output as a list (no entries for empty output). */
function nulList(text: string): string[] {
  return text.split('\0').filter((x) => x !== '');
}

/** Unmerged paths with how each conflicts (from the index stages: 1 base, 2 the fork, 3 upstream). */
async function unmergedFiles(): Promise<ConflictFile[]> {
  const stages = new Map<string, Set<string>>();
  for (const entry of nulList((await git`git ls-files -u -z`).stdout)) {
    const [meta, path] = entry.split('\t');
    const stage = meta.split(' ')[2];
    stages.set(path, (stages.get(path) ?? new Set()).add(stage));
  }
  return [...stages.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([path, s]) => ({ path, kind: !s.has('2') ? 'deleted-in-fork' : !s.has('3') ? 'deleted-upstream' : 'content' }));
}

/** Untracked, not ignored files (what `git status` lists as `??`). */
async function untrackedFiles(): Promise<string[]> {
  return nulList((await git`git ls-files -z --others --exclude-standard`).stdout).sort();
}

/** projen's list of the files it writes, as committed in `commit` (empty when absent or unreadable). */
async function projenFilesAt(commit: string): Promise<string[]> {
  const shown = await git`git show ${`${commit}:.projen/files.json`}`.nothrow();
  if (shown.exitCode !== 0) return [];
  try {
    const files = (JSON.parse(shown.stdout) as { files?: unknown }).files;
    return Array.isArray(files) ? files.filter((f): f is string => typeof f === 'string') : [];
  } catch {
    return [];
  }
}

/**
 * Files projen generates: those either side's committed `.projen/files.json` lists, and everything
 * under `.projen/` (files.json itself included). They are regenerated, never merged by hand. Read from
 * the commits, not the working tree, whose copy may hold conflict markers.
 */
async function isGeneratedPath(preSync: string, upstreamCommit: string): Promise<(p: string) => boolean> {
  const listed = new Set([...(await projenFilesAt(preSync)), ...(await projenFilesAt(upstreamCommit))]);
  return (p) => p.startsWith('.projen/') || listed.has(p);
}

/** Content fingerprint of every path whose working-tree copy differs from the index (or is untracked). */
async function worktreeFingerprint(): Promise<Map<string, string>> {
  const paths = [
    ...nulList((await git`git diff --name-only -z`).stdout),
    ...(await untrackedFiles()),
  ];
  return new Map(paths.map((p) => [p, existsSync(p) ? createHash('sha256').update(readFileSync(p)).digest('hex') : '(deleted)']));
}

/** Refuses to act on a detached HEAD: a sync commits to a branch, and --abort moves that branch back. */
async function currentBranch(): Promise<string> {
  const ref = await git`git symbolic-ref -q HEAD`.nothrow();
  if (ref.exitCode !== 0) {
    const at = (await out(git`git rev-parse --short HEAD`.nothrow())) || 'no commit';
    throw new SyncError(`HEAD is detached (at ${at}): a template sync commits to a branch. Check out the branch to update (\`git switch main\`, or \`git switch -c template-sync\` to keep this commit), then run it again`);
  }
  return ref.stdout.trim();
}

/** Saves the exact bytes of the untracked files into a tree (kept by a ref), so --abort can put them back. */
async function snapshotUntracked(paths: readonly string[]): Promise<string | null> {
  if (paths.length === 0) return null;
  const index = join(await gitDir(), 'template-sync', 'untracked.index');
  mkdirSync(dirname(index), { recursive: true });
  rmSync(index, { force: true });
  const withIndex = $({ quiet: true, env: { ...process.env, GIT_INDEX_FILE: index } });
  await withIndex({ input: paths.join('\0') })`git add -f --pathspec-from-file=- --pathspec-file-nul`;
  const tree = await out(withIndex`git write-tree`);
  rmSync(index, { force: true });
  await git`git update-ref ${PRE_SYNC_UNTRACKED_REF} ${tree}`;
  return tree;
}

/** Writes the saved untracked files back, byte for byte, without touching the real index. */
async function restoreUntracked(tree: string): Promise<void> {
  const index = join(await gitDir(), 'template-sync', 'untracked.index');
  mkdirSync(dirname(index), { recursive: true });
  const withIndex = $({ quiet: true, env: { ...process.env, GIT_INDEX_FILE: index } });
  await withIndex`git read-tree ${tree}`;
  await withIndex`git checkout-index -a -f`;
  rmSync(index, { force: true });
}

/** Removes a file, then each parent folder it leaves empty (up to the repository root). */
function removeWithEmptyParents(path: string): void {
  rmSync(path, { force: true });
  for (let dir = dirname(path); dir !== '.' && dir !== '/' && existsSync(dir) && readdirSync(dir).length === 0; dir = dirname(dir)) rmdirSync(dir);
}

async function clearInProgress(): Promise<void> {
  rmSync(await inProgressFile(), { force: true });
  await git`git update-ref -d ${PRE_SYNC_REF}`.nothrow();
  await git`git update-ref -d ${PRE_SYNC_UNTRACKED_REF}`.nothrow();
}

/** The in-progress record, after checking the repository is still where the sync left it. */
async function readInProgress(): Promise<InProgress> {
  const file = await inProgressFile();
  if (!existsSync(file)) throw new SyncError('no template sync in progress');
  const progress = JSON.parse(readFileSync(file, 'utf8')) as InProgress;
  const branch = await currentBranch();
  if (progress.branch && branch !== progress.branch) {
    throw new SyncError(`the template sync started on ${progress.branch} but HEAD is now ${branch}: \`git switch ${progress.branch.replace(/^refs\/heads\//, '')}\`, then run it again`);
  }
  return progress;
}

/**
 * The base of the first sync of a fork whose history is unrelated to upstream (a fresh copy):
 * the upstream commit whose tree is closest to the fork's first commit.
 */
async function inferBase(upstreamCommit: string, log: (l: string) => void): Promise<string> {
  const forkRoot = (await out(git`git rev-list --max-parents=0 HEAD`)).split('\n').pop()!;
  const candidates = (await out(git`git rev-list ${upstreamCommit}`)).split('\n');
  let best = candidates[0];
  let bestSize = Number.POSITIVE_INFINITY;
  for (const c of candidates) {
    const stat = await out(git`git diff --numstat ${c} ${forkRoot}`);
    const size = stat ? stat.split('\n').reduce((n, l) => n + (Number(l.split('\t')[0]) || 1) + (Number(l.split('\t')[1]) || 0), 0) : 0;
    if (size < bestSize) {
      best = c;
      bestSize = size;
    }
    if (size === 0) break;
  }
  log(`first sync: inferred base ${best.slice(0, 12)} (the upstream commit closest to this fork's first commit; pass --base to choose)`);
  return best;
}

/** Fork-owned paths upstream changed between base and its new commit: reported, never applied. */
async function forkOwnedUpstreamChanges(base: string, upstreamCommit: string): Promise<string[]> {
  const text = await out(git`git diff --name-only --no-renames ${base} ${upstreamCommit}`);
  return text ? text.split('\n').filter((p) => isForkOwned(p)) : [];
}

/** Puts every fork-owned path back exactly as the fork had it before the merge. */
async function restoreForkOwned(paths: readonly string[], preSync: string): Promise<void> {
  for (const p of paths) {
    const existed = (await git`git cat-file -e ${`${preSync}:${p}`}`.nothrow()).exitCode === 0;
    if (existed) await git`git checkout ${preSync} -- ${p}`;
    else {
      await git`git rm -q --cached --ignore-unmatch -- ${p}`.nothrow();
      rmSync(p, { force: true });
    }
  }
}

/**
 * Regenerates projen's files and commits exactly the merge result: the index (the merge and the
 * user's `git add`/`git rm` resolutions), what the regeneration changed, and the sync state. Files
 * that were untracked or modified before the regeneration and that it did not touch stay out.
 */
async function regenerateAndCommit(progress: InProgress, forkOwnedChanges: readonly string[], log: (l: string) => void): Promise<SyncOutcome> {
  const regenerate = progress.state.regenerate ?? 'npx projen';
  log(`regenerating projen's files: ${regenerate}`);
  const before = await worktreeFingerprint();
  const result = await $({ quiet: true, nothrow: true })`sh -c ${regenerate}`;
  if (result.exitCode !== 0) {
    await recordCreated(progress, before);
    const why = (result.stderr.trim() || result.stdout.trim()).split('\n').slice(-5).join('\n    ');
    throw new SyncError(
      `regenerating projen's files failed (\`${regenerate}\`, exit code ${result.exitCode}):\n    ${why}\n` +
        'The merge is kept as it is: fix the cause, then run `npx projen template-sync --continue`; or `--abort` to return to where you were',
    );
  }
  writeState({ ...progress.state, lastSyncedCommit: progress.upstreamCommit });
  const after = await worktreeFingerprint();
  const changed = [...new Set([...before.keys(), ...after.keys(), SYNC_STATE_FILE])].filter((p) => p === SYNC_STATE_FILE || before.get(p) !== after.get(p));
  const present = changed.filter((p) => existsSync(p));
  const gone = changed.filter((p) => !existsSync(p));
  if (present.length > 0) await git`git add -A -- ${present}`;
  if (gone.length > 0) await git`git rm -q --cached --ignore-unmatch -- ${gone}`;
  const staged = (await git`git diff --cached --quiet`.nothrow()).exitCode !== 0;
  if (staged) {
    await git`git commit -q --no-verify -m ${`template-sync: merge upstream ${progress.upstreamCommit.slice(0, 12)} (base ${progress.base.slice(0, 12)})\n\nUpstream: ${progress.state.upstream} ${progress.state.ref}`}`;
  }
  const leftOut = [...before.keys()].filter((p) => after.has(p) && before.get(p) === after.get(p) && p !== SYNC_STATE_FILE);
  if (leftOut.length > 0) log(`not part of the sync, left uncommitted as they were: ${leftOut.join(', ')}`);
  await clearInProgress();
  return { kind: 'merged', upstreamCommit: progress.upstreamCommit, base: progress.base, forkOwnedChanges };
}

/** Runs a sync: fetch, three-way merge from the recorded base, keep fork-owned paths, regenerate, commit. */
export async function startSync(opts: SyncOptions): Promise<SyncOutcome> {
  if (existsSync(await inProgressFile())) {
    throw new SyncError('a template sync is already in progress: resolve the conflicts and run with --continue, or run with --abort');
  }
  const branch = await currentBranch();
  // Untracked files may stay (they are never committed and --abort keeps them); changes to tracked files may not.
  if ((await out(git`git status --porcelain --untracked-files=no`)) !== '') {
    throw new SyncError('the working tree has uncommitted changes: commit or stash them first (a sync must be able to restore this state)');
  }
  const previous = readState();
  const upstream = opts.upstream ?? previous?.upstream;
  if (!upstream) throw new SyncError(`no upstream known: pass --upstream URL|PATH (it is then recorded in ${SYNC_STATE_FILE})`);
  const ref = opts.ref ?? previous?.ref ?? 'main';
  const state: SyncState = { ...previous, upstream, ref };

  opts.log(`fetching ${upstream} ${ref}`);
  const fetched = await git`git fetch --quiet --no-tags ${upstream} ${`+${ref}:${UPSTREAM_REF}`}`.nothrow();
  if (fetched.exitCode !== 0) throw new SyncError(`cannot fetch ${ref} from ${upstream}: ${fetched.stderr.trim()}`);
  const upstreamCommit = await out(git`git rev-parse ${UPSTREAM_REF}`);

  let base = opts.base ?? previous?.lastSyncedCommit;
  if (base && (await git`git cat-file -e ${`${base}^{commit}`}`.nothrow()).exitCode !== 0) {
    throw new SyncError(`base ${base} is not a commit of ${upstream}; pass --base with an upstream commit`);
  }
  if (!base) base = await inferBase(upstreamCommit, opts.log);
  if (base === upstreamCommit) {
    opts.log(`already up to date with ${upstreamCommit.slice(0, 12)}`);
    return { kind: 'up-to-date', upstreamCommit };
  }

  const preSync = await out(git`git rev-parse HEAD`);
  const untracked = await untrackedFiles();
  const untrackedTree = await snapshotUntracked(untracked);
  await git`git update-ref ${PRE_SYNC_REF} ${preSync}`;
  const progress: InProgress = { upstreamCommit, base, preSync, branch, untracked, untrackedTree, state };
  writeFileSync(await inProgressFile(), JSON.stringify(progress, null, 2));

  opts.log(`three-way merge: base ${base.slice(0, 12)} → upstream ${upstreamCommit.slice(0, 12)} into ${preSync.slice(0, 12)}`);
  // git's merge machinery with an explicit base: works for related and unrelated histories alike,
  // with rename detection, binary files and conflict markers. Exit 1 means conflicts; more means it
  // refused (e.g. an untracked file is in the way) and changed nothing.
  const merged = await git`git merge-recursive ${base} -- HEAD ${upstreamCommit}`.nothrow();
  if ((merged.exitCode ?? 2) > 1) {
    await restorePreSync(progress);
    await clearInProgress();
    throw new SyncError(`git could not merge, nothing was changed: ${merged.stderr.trim().replace(/\s*\n\s*/g, ' ')}`);
  }

  await recordCreated(progress);

  const forkOwnedChanges = await forkOwnedUpstreamChanges(base, upstreamCommit);
  await restoreForkOwned(forkOwnedChanges, preSync);
  if (forkOwnedChanges.length > 0) {
    const diff = await out(git`git diff ${base} ${upstreamCommit} -- ${forkOwnedChanges}`);
    const dir = join(await gitDir(), 'template-sync'); // inside .git: never committed by accident
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'fork-owned-upstream.diff'), `${diff}\n`);
    opts.log(`upstream changed ${forkOwnedChanges.length} fork-owned path(s), NOT applied: ${forkOwnedChanges.join(', ')}`);
    opts.log(`their upstream diff (also in ${join(dir, 'fork-owned-upstream.diff')}):\n${diff}`);
  }

  // Generated files are not merged by hand: take upstream's (or its deletion), then regenerate.
  const generated = await isGeneratedPath(preSync, upstreamCommit);
  for (const { path } of await unmergedFiles()) {
    if (!generated(path)) continue;
    if ((await git`git cat-file -e ${`${upstreamCommit}:${path}`}`.nothrow()).exitCode === 0) {
      await git`git checkout ${upstreamCommit} -- ${path}`;
    } else {
      await git`git rm -q --cached -- ${path}`;
      removeWithEmptyParents(path);
    }
  }

  const conflicts = await unmergedFiles();
  if (conflicts.length > 0) {
    return { kind: 'conflicts', files: conflicts, forkOwnedChanges };
  }
  return regenerateAndCommit(progress, forkOwnedChanges, opts.log);
}

/**
 * Finishes a sync after the user resolved the conflicts. Like `git merge --continue`, every conflict
 * must be marked resolved in the index (`git add` or `git rm`); a file that still holds conflict
 * markers is refused even when added.
 */
export async function continueSync(log: (l: string) => void): Promise<SyncOutcome> {
  const progress = await readInProgress();
  if ((await out(git`git rev-parse HEAD`)) !== progress.preSync) {
    throw new SyncError(`HEAD moved during the template sync (it was ${progress.preSync.slice(0, 12)}): run \`npx projen template-sync --abort\` and start again`);
  }
  const unresolved = await unmergedFiles();
  const staged = nulList((await git`git diff --cached --name-only -z --diff-filter=AM`).stdout);
  const withMarkers = staged.filter((p) => existsSync(p) && /^(<{7}|>{7}) /m.test(readFileSync(p, 'utf8')));
  const pending = [...unresolved, ...withMarkers.filter((p) => !unresolved.some((u) => u.path === p)).map((path) => ({ path, kind: 'content' as const }))];
  if (pending.length > 0) {
    return { kind: 'conflicts', files: pending, forkOwnedChanges: [] };
  }
  return regenerateAndCommit(progress, await forkOwnedUpstreamChanges(progress.base, progress.upstreamCommit), log);
}

/**
 * Adds the untracked files that appeared since `before` (default: the files untracked before the sync)
 * to the in-progress record's `created`, so --abort removes them and only them.
 */
async function recordCreated(progress: InProgress, before?: ReadonlyMap<string, string>): Promise<void> {
  const known = new Set([...(progress.untracked ?? []), ...(progress.created ?? []), ...(before?.keys() ?? [])]);
  const created = [...(progress.created ?? []), ...(await untrackedFiles()).filter((p) => !known.has(p))];
  writeFileSync(await inProgressFile(), JSON.stringify({ ...progress, created }, null, 2));
  Object.assign(progress, { created });
}

/**
 * HEAD, index and working tree exactly as before the sync: tracked files from the pre-sync commit,
 * untracked files that existed byte for byte from their snapshot, files the sync wrote removed.
 * Files the user created during the sync are kept (and named), never deleted.
 */
async function restorePreSync(progress: InProgress, log?: (l: string) => void): Promise<void> {
  await git`git reset -q --hard ${progress.preSync}`;
  const existed = new Set(progress.untracked ?? []);
  const created = new Set(progress.created ?? []);
  const kept: string[] = [];
  for (const p of await untrackedFiles()) {
    if (created.has(p)) removeWithEmptyParents(p);
    else if (!existed.has(p)) kept.push(p);
  }
  if (progress.untrackedTree) await restoreUntracked(progress.untrackedTree);
  if (kept.length > 0) log?.(`kept files you created during the sync (untracked): ${kept.join(', ')}`);
}

/** Returns the fork exactly to its state before the sync. */
export async function abortSync(log: (l: string) => void): Promise<SyncOutcome> {
  const progress = await readInProgress();
  await restorePreSync(progress, log);
  await clearInProgress();
  log(`aborted: back at ${progress.preSync.slice(0, 12)}`);
  return { kind: 'aborted' };
}
