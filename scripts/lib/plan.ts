import { appendFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { stripVTControlCharacters } from 'node:util';
import { chalk } from 'zx';
import { redact } from './redact';

/** Where a step acts, for the plan and the log. */
export interface StepTarget {
  readonly account?: string;
  readonly region?: string;
  readonly cluster?: string;
}

/**
 * One named, idempotent step. `check` is read-only and says whether the step's effect is already
 * there; `apply` makes it so. Steps run when every step in `after` has finished.
 */
export interface Step {
  readonly name: string;
  readonly description: string;
  /** The commands `apply` runs, shown by --dry-run. */
  readonly commands: readonly string[];
  readonly target: StepTarget;
  readonly after: readonly string[];
  /** Typical duration on AWS (minutes), for the modelled critical path. */
  readonly typicalMinutes: number;
  /** Known slow or best-effort: reported, not fatal when it times out. */
  readonly bestEffort?: boolean;
  check(): Promise<boolean>;
  apply(): Promise<void>;
}

export type StepStatus = 'done' | 'skipped' | 'failed' | 'warned';

/** Journal of finished steps, so a re-run resumes (git-ignored, under .state/). */
export class Journal {
  private readonly done: Record<string, string>;
  constructor(private readonly file: string) {
    this.done = existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as { done: Record<string, string> }).done : {};
  }
  has(step: string): boolean {
    return step in this.done;
  }
  record(step: string): void {
    this.done[step] = new Date().toISOString();
    mkdirSync(dirname(this.file), { recursive: true });
    writeFileSync(this.file, JSON.stringify({ done: this.done }, null, 2));
  }
  clear(): void {
    mkdirSync(dirname(this.file), { recursive: true });
    writeFileSync(this.file, JSON.stringify({ done: {} }, null, 2));
  }
}

/** Appends timestamped lines to the run's log file and prints them. */
export class RunLog {
  constructor(readonly file: string) {
    mkdirSync(dirname(file), { recursive: true });
  }
  /** Prints and logs a line, credentials masked (commands and errors may carry tokens). */
  line(text: string): void {
    const safe = redact(text);
    // eslint-disable-next-line no-console
    console.log(safe);
    // The log file is for reading in an editor: Node's own stripper removes every ANSI escape, not only colours.
    appendFileSync(this.file, `${new Date().toISOString()} ${stripVTControlCharacters(safe)}\n`);
  }
}

export function where(t: StepTarget): string {
  return [t.cluster && `cluster ${t.cluster}`, t.account && `account ${t.account}`, t.region].filter(Boolean).join(', ');
}

/** Prints the plan: every step, where it acts and the commands it would run. */
export function printPlan(steps: readonly Step[], log: RunLog): void {
  log.line(chalk.bold(`Plan: ${steps.length} steps`));
  steps.forEach((s, i) => {
    log.line(`${String(i + 1).padStart(2)}. ${chalk.cyan(s.name)} — ${s.description}${where(s.target) ? chalk.dim(` (${where(s.target)})`) : ''}${s.after.length ? chalk.dim(` after ${s.after.join(', ')}`) : ''}`);
    for (const c of s.commands) log.line(`      $ ${c}`);
  });
}

/**
 * The steps with every step after the steps it names (stable: otherwise in the given order). runPlan
 * starts steps in this order, so a step never starts before a dependency listed later in the array;
 * plans print and `--from` selects in it. Fails on a cycle, naming it.
 */
export function inDependencyOrder(steps: readonly Step[]): Step[] {
  const names = new Set(steps.map((s) => s.name));
  const placed = new Set<string>();
  const out: Step[] = [];
  const visiting: string[] = [];
  const byName = new Map(steps.map((s) => [s.name, s]));
  const place = (s: Step) => {
    if (placed.has(s.name)) return;
    if (visiting.includes(s.name)) throw new Error(`steps depend on each other in a cycle: ${[...visiting.slice(visiting.indexOf(s.name)), s.name].join(' → ')}`);
    visiting.push(s.name);
    for (const a of s.after) if (names.has(a)) place(byName.get(a)!);
    visiting.pop();
    placed.add(s.name);
    out.push(s);
  };
  for (const s of steps) place(s);
  return out;
}

/** Selects steps for --from / --only (by name or name prefix, e.g. `deploy` for every deploy step). */
export function selectSteps(steps: readonly Step[], opts: { from?: string; only?: string }): Step[] {
  const matches = (s: Step, name: string) => s.name === name || s.name.startsWith(`${name}:`);
  if (opts.only) {
    const picked = steps.filter((s) => matches(s, opts.only!));
    if (picked.length === 0) throw new Error(`no step named "${opts.only}"; steps: ${steps.map((s) => s.name).join(', ')}`);
    return picked;
  }
  if (opts.from) {
    const i = steps.findIndex((s) => matches(s, opts.from!));
    if (i < 0) throw new Error(`no step named "${opts.from}"; steps: ${steps.map((s) => s.name).join(', ')}`);
    return steps.slice(i);
  }
  return [...steps];
}

export interface RunResult {
  readonly statuses: ReadonlyMap<string, StepStatus>;
  readonly failed?: { step: string; error: unknown };
}

/**
 * Runs steps as a dependency graph (independent steps concurrently). A step whose check passes is
 * skipped; a finished step is journaled. The first failure stops new steps; running ones finish.
 */
export async function runPlan(steps: readonly Step[], journal: Journal, log: RunLog): Promise<RunResult> {
  const selected = new Set(steps.map((s) => s.name));
  const statuses = new Map<string, StepStatus>();
  const finished = new Map<string, Promise<StepStatus>>();
  let failed: RunResult['failed'];

  const runStep = async (step: Step): Promise<StepStatus> => {
    // Dependencies outside the selection (--from/--only) are assumed done.
    const deps = await Promise.all(step.after.filter((a) => selected.has(a)).map((a) => finished.get(a)!));
    if (failed || deps.includes('failed')) return 'failed';
    const started = Date.now();
    const elapsed = () => chalk.dim(`${((Date.now() - started) / 1000).toFixed(1)} s`);
    try {
      if (await step.check()) {
        journal.record(step.name);
        log.line(`${chalk.dim('↷')} ${step.name} ${chalk.dim('already done')} ${elapsed()}`);
        return 'skipped';
      }
      log.line(`${chalk.blue('▶')} ${step.name} — ${step.description}`);
      await step.apply();
      journal.record(step.name);
      log.line(`${chalk.green('✓')} ${step.name} ${elapsed()}`);
      return 'done';
    } catch (error) {
      if (step.bestEffort) {
        log.line(`${chalk.yellow('!')} ${step.name} (best effort) did not finish: ${message(error)} ${elapsed()}`);
        return 'warned';
      }
      failed ??= { step: step.name, error };
      log.line(`${chalk.red('✗')} ${step.name} failed after ${elapsed()}: ${message(error)}`);
      return 'failed';
    }
  };

  for (const step of inDependencyOrder(steps)) {
    finished.set(step.name, runStep(step).then((s) => {
      statuses.set(step.name, s);
      return s;
    }));
  }
  await Promise.all(finished.values());
  return { statuses, failed };
}

export function message(error: unknown): string {
  // A failed CLI call (scripts/lib/tools.ts CommandError) already names the call, its exit code and stderr.
  if (error instanceof Error && error.name === 'CommandError') return error.message;
  if (error && typeof error === 'object' && 'stderr' in error && typeof (error as { stderr: unknown }).stderr === 'string') {
    const e = error as { stderr: string; exitCode?: number };
    return `exit code ${e.exitCode ?? '?'}: ${e.stderr.trim().split('\n').slice(-3).join(' / ')}`;
  }
  return error instanceof Error ? error.message : String(error);
}

/** Longest path through the plan by typical durations: the modelled wall-clock time. */
export function criticalPathMinutes(steps: readonly Step[]): { minutes: number; path: string[] } {
  const memo = new Map<string, { minutes: number; path: string[] }>();
  const byName = new Map(steps.map((s) => [s.name, s]));
  const longest = (s: Step): { minutes: number; path: string[] } => {
    const cached = memo.get(s.name);
    if (cached) return cached;
    const before = s.after.map((a) => byName.get(a)).filter((x): x is Step => !!x).map(longest);
    const best = before.reduce((a, b) => (b.minutes > a.minutes ? b : a), { minutes: 0, path: [] as string[] });
    const result = { minutes: best.minutes + s.typicalMinutes, path: [...best.path, s.name] };
    memo.set(s.name, result);
    return result;
  };
  return steps.map(longest).reduce((a, b) => (b.minutes > a.minutes ? b : a), { minutes: 0, path: [] });
}
