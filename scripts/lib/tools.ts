import { appendFileSync } from 'node:fs';
import { $, ProcessOutput } from 'zx';
import { redact } from './redact';

/**
 * Runs the real CLIs (aws, kubectl, helm, cdk, git, curl) found on PATH. Every argument is passed as
 * an argument, never string-built; every call is appended to the run's log file.
 */
export class Tools {
  constructor(private readonly logFile: string) {}

  private record(args: readonly string[], result: ProcessOutput): void {
    appendFileSync(this.logFile, `${new Date().toISOString()} $ ${redact(show(args))} → exit ${result.exitCode}\n`);
  }

  /** Runs and returns stdout; throws (with stderr) on a non-zero exit. */
  async run(...args: string[]): Promise<string> {
    const result = await $({ quiet: true, nothrow: true })`${args}`;
    this.record(args, result);
    if (result.exitCode !== 0) throw result;
    return result.stdout.trim();
  }

  /** True when the command exits 0 (for read-only checks). */
  async ok(...args: string[]): Promise<boolean> {
    const result = await $({ quiet: true, nothrow: true })`${args}`;
    this.record(args, result);
    return result.exitCode === 0;
  }

  /** Parsed JSON stdout. */
  async json<T>(...args: string[]): Promise<T> {
    return JSON.parse(await this.run(...args)) as T;
  }
}

/** Shell-like rendering of a command for plans and messages (not masked: print it through redact() or RunLog). */
export function show(args: readonly string[]): string {
  return args.map((a) => (/^[\w@%+=:,./-]+$/.test(a) ? a : `'${a.replace(/'/g, `'\\''`)}'`)).join(' ');
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
