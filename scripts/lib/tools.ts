import { appendFileSync } from 'node:fs';
import { $, ProcessOutput, quote } from 'zx';
import { redact } from './redact';

/**
 * A CLI call that failed: says which call, its exit code and the tail of its stderr, so one AWS or
 * kubectl error surfaces as itself (never as a later timeout).
 */
export class CommandError extends Error {
  readonly command: string;
  readonly exitCode: number | null;
  readonly stderr: string;
  constructor(args: readonly string[], result: { exitCode: number | null; stderr: string }) {
    const tail = result.stderr.trim().split('\n').slice(-3).join(' / ');
    super(`\`${show(args)}\` failed (exit ${result.exitCode ?? '?'})${tail ? `: ${tail}` : ''}`);
    this.name = 'CommandError';
    this.command = show(args);
    this.exitCode = result.exitCode;
    this.stderr = result.stderr;
  }
}

/** kubectl/helm verbs that change a cluster. */
const MUTATING_KUBE = {
  kubectl: new Set(['apply', 'exec', 'create', 'delete', 'patch', 'replace', 'scale', 'label', 'annotate', 'edit', 'set', 'rollout', 'drain', 'cordon', 'taint']),
  helm: new Set(['install', 'upgrade', 'uninstall', 'delete', 'rollback']),
} as const;

/** The kube context a kubectl/helm call names (`--context` / `--kube-context`), if any. */
export function kubeContextOf(args: readonly string[]): string | undefined {
  const flag = args[0] === 'helm' ? '--kube-context' : '--context';
  const i = args.indexOf(flag);
  if (i >= 0) return args[i + 1];
  const eq = args.find((a) => a.startsWith(`${flag}=`));
  return eq?.slice(flag.length + 1);
}

/** Whether a call changes a cluster (kubectl apply/delete/patch…, helm upgrade/uninstall…). */
export function isMutatingKubeCall(args: readonly string[]): boolean {
  const tool = args[0] as keyof typeof MUTATING_KUBE;
  return tool in MUTATING_KUBE && MUTATING_KUBE[tool].has(args[1]);
}

export interface ToolsOptions {
  /**
   * Called before every mutating kubectl/helm call with the context it names; throws to stop the call
   * (the bootstrap and destroy verify there that the context points at the expected cluster).
   */
  readonly beforeKubeMutation?: (context: string, args: readonly string[]) => Promise<void>;
  /** Environment and working directory of the calls. Default: this process's. */
  readonly env?: NodeJS.ProcessEnv;
  readonly cwd?: string;
}

/**
 * Runs the real CLIs (aws, kubectl, helm, cdk, git, curl) found on PATH. Every argument is passed as
 * an argument, never string-built; every call is appended to the run's log file.
 */
export class Tools {
  constructor(private readonly logFile: string, private opts: ToolsOptions = {}) {}

  /** Sets the hook run before every mutating kubectl/helm call (see ToolsOptions). */
  guardKubeMutations(hook: NonNullable<ToolsOptions['beforeKubeMutation']>): void {
    this.opts = { ...this.opts, beforeKubeMutation: hook };
  }

  private record(args: readonly string[], result: ProcessOutput): void {
    appendFileSync(this.logFile, `${new Date().toISOString()} $ ${redact(show(args))} → exit ${result.exitCode}\n`);
  }

  private async exec(args: readonly string[], input?: string, extraEnv?: Readonly<Record<string, string>>): Promise<ProcessOutput> {
    if (isMutatingKubeCall(args)) {
      const context = kubeContextOf(args);
      // Without an explicit context the call would act on whatever the current context is.
      if (!context) throw new Error(`refusing \`${show(args)}\`: a mutating ${args[0]} call must name its kubeconfig context`);
      await this.opts.beforeKubeMutation?.(context, args);
    }
    const { cwd } = this.opts;
    const env = extraEnv ? { ...(this.opts.env ?? process.env), ...extraEnv } : this.opts.env;
    const result = await $({ quiet: true, nothrow: true, ...(env ? { env } : {}), ...(cwd ? { cwd } : {}), ...(input === undefined ? {} : { input }) })`${args}`;
    this.record(args, result);
    return result;
  }

  /** Runs and returns stdout; throws a CommandError (naming the call) on a non-zero exit. */
  async run(...args: string[]): Promise<string> {
    const result = await this.exec(args);
    if (result.exitCode !== 0) throw new CommandError(args, result);
    return result.stdout.trim();
  }

  /**
   * Runs with `input` on stdin and returns stdout; throws like run(). For values that must not appear
   * in argv (the process list) or the run log, which records only the command.
   */
  async runWithInput(input: string, ...args: string[]): Promise<string> {
    const result = await this.exec(args, input);
    if (result.exitCode !== 0) throw new CommandError(args, result);
    return result.stdout.trim();
  }

  /**
   * Runs with extra environment variables and returns stdout; throws like run(). For credentials a tool
   * reads from its environment (git's `GIT_CONFIG_*`): never in argv, and the run log records only the command.
   */
  async runWithEnv(extraEnv: Readonly<Record<string, string>>, ...args: string[]): Promise<string> {
    const result = await this.exec(args, undefined, extraEnv);
    if (result.exitCode !== 0) throw new CommandError(args, result);
    return result.stdout.trim();
  }

  /** Runs and returns the exit code and both streams, for tools whose exit code carries an answer (`cdk diff --fail`). */
  async capture(...args: string[]): Promise<{ exitCode: number | null; stdout: string; stderr: string }> {
    const { exitCode, stdout, stderr } = await this.exec(args);
    return { exitCode, stdout, stderr };
  }

  /** True when the command exits 0 (for read-only checks where any failure means "not there"). */
  async ok(...args: string[]): Promise<boolean> {
    return (await this.exec(args)).exitCode === 0;
  }

  /**
   * Existence probe for read-only checks: true on exit 0, false when the tool answers that the object
   * does not exist (`NotFound`, `not found`, `does not exist`), and throws (naming the call) on any other
   * failure — an unreachable or unauthorized cluster is an error, never "already done".
   */
  async exists(...args: string[]): Promise<boolean> {
    const result = await this.exec(args);
    if (result.exitCode === 0) return true;
    if (NOT_FOUND.test(result.stderr)) return false;
    throw new CommandError(args, result);
  }

  /** Parsed JSON stdout. */
  async json<T>(...args: string[]): Promise<T> {
    return JSON.parse(await this.run(...args)) as T;
  }
}

/** How kubectl, helm and the AWS CLI say that an object does not exist. */
export const NOT_FOUND = /NotFound|not found|does not exist|ResourceNotFoundException|No cluster found/i;

/**
 * Shell-like rendering of a command for plans and messages (not masked: print it through redact() or RunLog),
 * quoted by zx's own `quote()` — the quoting zx applies when it runs the command — so what we print is what runs.
 */
export function show(args: readonly string[]): string {
  return args.map(quote).join(' ');
}

/**
 * The AWS CLI for one account. A multi-account platform needs credentials per account: set
 * `AWS_PROFILE_<account id>` to a profile for that account (operator settings, not platform config);
 * without it the current credentials are used.
 */
export function aws(account?: string): string[] {
  const profile = account ? process.env[`AWS_PROFILE_${account}`] : undefined;
  return profile ? ['aws', '--profile', profile] : ['aws'];
}
