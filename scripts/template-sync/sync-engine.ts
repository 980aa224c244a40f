import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { $, ProcessOutput } from 'zx';
import { isForkOwned } from '../../projenrc/fork-owned-paths';

/** Committed record of where the template comes from and what was last merged. Fork-owned. */
export const SYNC_STATE_FILE = '.template-sync.json';
/** In-progress marker (inside .git, never committed) that --continue and --abort read. */
const IN_PROGRESS = 'template-sync-in-progress.json';
/** Ref that remembers HEAD before a sync, for --abort. */
const PRE_SYNC_REF = 'refs/template-sync/pre-sync';
const UPSTREAM_REF = 'refs/template-sync/upstream';

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
  readonly state: SyncState;
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
  | { readonly kind: 'conflicts'; readonly files: readonly string[]; readonly forkOwnedChanges: readonly string[] }
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

/** Paths git reports as unmerged. */
async function unmergedPaths(): Promise<string[]> {
  const text = await out(git`git diff --name-only --diff-filter=U`);
  return text ? [...new Set(text.split('\n'))] : [];
}

/** Files projen generates (it lists them in .projen/files.json); regenerated instead of merged. */
function generatedPaths(): Set<string> {
  if (!existsSync('.projen/files.json')) return new Set();
  return new Set((JSON.parse(readFileSync('.projen/files.json', 'utf8')) as { files: string[] }).files);
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

async function regenerateAndCommit(progress: InProgress, forkOwnedChanges: readonly string[], log: (l: string) => void): Promise<SyncOutcome> {
  const regenerate = progress.state.regenerate ?? 'npx projen';
  log(`regenerating projen's files: ${regenerate}`);
  await $({ quiet: true })`sh -c ${regenerate}`;
  writeState({ ...progress.state, lastSyncedCommit: progress.upstreamCommit });
  await git`git add -A`;
  const staged = (await git`git diff --cached --quiet`.nothrow()).exitCode !== 0;
  if (staged) {
    await git`git commit -q -m ${`template-sync: merge upstream ${progress.upstreamCommit.slice(0, 12)} (base ${progress.base.slice(0, 12)})\n\nUpstream: ${progress.state.upstream} ${progress.state.ref}`}`;
  }
  rmSync(await inProgressFile(), { force: true });
  await git`git update-ref -d ${PRE_SYNC_REF}`.nothrow();
  return { kind: 'merged', upstreamCommit: progress.upstreamCommit, base: progress.base, forkOwnedChanges };
}

/** Runs a sync: fetch, three-way merge from the recorded base, keep fork-owned paths, regenerate, commit. */
export async function startSync(opts: SyncOptions): Promise<SyncOutcome> {
  if (existsSync(await inProgressFile())) {
    throw new SyncError('a template sync is already in progress: resolve the conflicts and run with --continue, or run with --abort');
  }
  if ((await out(git`git status --porcelain`)) !== '') {
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
  await git`git update-ref ${PRE_SYNC_REF} ${preSync}`;
  const progress: InProgress = { upstreamCommit, base, preSync, state };
  writeFileSync(await inProgressFile(), JSON.stringify(progress, null, 2));

  opts.log(`three-way merge: base ${base.slice(0, 12)} → upstream ${upstreamCommit.slice(0, 12)} into ${preSync.slice(0, 12)}`);
  // git's merge machinery with an explicit base: works for related and unrelated histories alike,
  // with rename detection, binary files and conflict markers.
  await git`git merge-recursive ${base} -- HEAD ${upstreamCommit}`.nothrow();

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

  // Generated files are not merged by hand: take upstream's, then regenerate.
  const generated = generatedPaths();
  for (const p of await unmergedPaths()) {
    if (generated.has(p)) await git`git checkout --theirs -- ${p}`.nothrow().then(() => git`git add -- ${p}`.nothrow());
  }

  const conflicts = await unmergedPaths();
  if (conflicts.length > 0) {
    return { kind: 'conflicts', files: conflicts, forkOwnedChanges };
  }
  return regenerateAndCommit(progress, forkOwnedChanges, opts.log);
}

/** Finishes a sync after the user resolved the conflicts. */
export async function continueSync(log: (l: string) => void): Promise<SyncOutcome> {
  const file = await inProgressFile();
  if (!existsSync(file)) throw new SyncError('no template sync in progress');
  const progress = JSON.parse(readFileSync(file, 'utf8')) as InProgress;
  const unresolved: string[] = [];
  for (const p of await unmergedPaths()) {
    if (existsSync(p) && /^(<{7}|>{7}) /m.test(readFileSync(p, 'utf8'))) unresolved.push(p);
  }
  if (unresolved.length > 0) {
    return { kind: 'conflicts', files: unresolved, forkOwnedChanges: [] };
  }
  return regenerateAndCommit(progress, await forkOwnedUpstreamChanges(progress.base, progress.upstreamCommit), log);
}

/** Returns the fork exactly to its state before the sync. */
export async function abortSync(log: (l: string) => void): Promise<SyncOutcome> {
  const file = await inProgressFile();
  if (!existsSync(file)) throw new SyncError('no template sync in progress');
  const { preSync } = JSON.parse(readFileSync(file, 'utf8')) as InProgress;
  await git`git reset -q --hard ${preSync}`;
  // Only files the merge created are untracked here (the sync refused to start on a dirty tree).
  await git`git clean -q -fd`;
  rmSync(file, { force: true });
  await git`git update-ref -d ${PRE_SYNC_REF}`.nothrow();
  log(`aborted: back at ${preSync.slice(0, 12)}`);
  return { kind: 'aborted' };
}
