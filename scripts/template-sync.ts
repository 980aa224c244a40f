import { chalk } from 'zx';
import { parseCli } from './lib/cli';
import { redact } from './lib/redact';
import { abortSync, ConflictKind, continueSync, startSync, SYNC_STATE_FILE, SyncError, SyncOutcome } from './template-sync/sync-engine';

const USAGE = `
Usage: npx projen template-sync [--upstream URL|PATH] [--ref REF] [--base COMMIT]
       npx projen template-sync --continue | --abort

Merges what the upstream template changed since the last sync into this fork, on the current
branch, with git's three-way merge (renames and binary files handled):
  - fork-owned paths (projenrc/fork-owned-paths.ts) are never changed; upstream changes to them
    are reported and shown as a diff;
  - projen-generated files are regenerated with \`npx projen\` after the merge;
  - real conflicts keep conflict markers: resolve them, \`git add\`/\`git rm\` each, then run
    --continue (or --abort); a file your fork deleted and upstream changed is a conflict too;
  - the result is one commit of exactly the merge (untracked files are never swept in);
    ${SYNC_STATE_FILE} records the upstream and the merged commit.
Refuses to start on a detached HEAD or with uncommitted changes to tracked files; --abort restores
HEAD, index and working tree (untracked files included) exactly. The first sync of a fork with
unrelated history infers the base (the upstream commit closest to the fork's first commit);
--base overrides it.

Options:
  --upstream URL|PATH  upstream repository (default: recorded in ${SYNC_STATE_FILE})
  --ref REF            branch or tag to follow (default: recorded, else main)
  --base COMMIT        upstream commit this fork last matched (first sync of an unrelated fork)
  --continue           finish after resolving conflicts
  --abort              return to the state before the sync
`;

const { args } = parseCli(USAGE, { boolean: ['continue', 'abort'], string: ['upstream', 'ref', 'base'] });
/** What each kind of conflict means and how to resolve it. */
const CONFLICT_HELP: Record<ConflictKind, string> = {
  'content': 'both changed the same lines: edit the file (both versions are between conflict markers), then `git add` it',
  'deleted-in-fork': 'your fork deleted it, upstream changed it: `git rm` it to keep it deleted, or `git add` it to keep upstream\'s version',
  'deleted-upstream': 'upstream deleted it, your fork changed it: `git rm` it to accept the deletion, or `git add` it to keep your version',
};
// Masked: an upstream URL or git's stderr may carry a token (CI passes one in the URL).
const log = (line: string) => console.log(`${chalk.dim('template-sync')} ${redact(line)}`);

function report(outcome: SyncOutcome): number {
  switch (outcome.kind) {
    case 'up-to-date':
      return 0;
    case 'aborted':
      return 0;
    case 'merged':
      log(chalk.green(`✓ merged upstream ${outcome.upstreamCommit.slice(0, 12)}`));
      if (outcome.forkOwnedChanges.length) log(chalk.yellow(`review the upstream changes to your files: ${outcome.forkOwnedChanges.join(', ')}`));
      return 0;
    case 'conflicts':
      log(chalk.red(`✗ ${outcome.files.length} file(s) have conflicts:`));
      for (const f of outcome.files) console.log(`    ${f.path}  ${CONFLICT_HELP[f.kind]}`);
      log('resolve each (then `git add <file>`, or `git rm <file>` to delete it), then run `npx projen template-sync --continue`; or `--abort` to return to where you were');
      return 1;
  }
}

(async () => {
  try {
    const outcome = args.abort ? await abortSync(log) : args.continue ? await continueSync(log) : await startSync({ upstream: args.upstream, ref: args.ref, base: args.base, log });
    process.exit(report(outcome));
  } catch (err) {
    if (err instanceof SyncError) {
      log(chalk.red(`✗ ${err.message}`));
      process.exit(1);
    }
    throw err;
  }
})();
