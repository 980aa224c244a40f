import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { $ } from 'zx';

/** One run of a command: wall-clock seconds and CPU seconds (user + system) of its whole process tree. */
export interface Sample {
  readonly wall: number;
  readonly cpu: number;
}

/** A command to time: its argv and the folder it runs in. */
export interface Command {
  readonly argv: readonly string[];
  readonly cwd: string;
}

// The shell's `times` builtin prints, on its second line, the user and system time of the shell's
// children that were waited for, and theirs recursively (getrusage RUSAGE_CHILDREN; POSIX `times`,
// https://pubs.opengroup.org/onlinepubs/9799919799/utilities/times.html): npx → projen → cdk → the
// app all wait for their child, so the figure is the whole tree's CPU. CPU time barely moves with the
// machine's load (wall time does, by several times on a shared 2-core machine), so it is the steadier
// figure to compare; both are printed.
const TIMED = '"$@"; status=$?; times > "$PB_TIMES"; exit $status';

/** Runs `command` once (output discarded; a failure throws with its output). */
export async function measure(command: Command): Promise<Sample> {
  const dir = mkdtempSync(join(tmpdir(), 'pb-times-'));
  const file = join(dir, 'times');
  try {
    const start = process.hrtime.bigint();
    await $({ cwd: command.cwd, env: { ...process.env, PB_TIMES: file }, quiet: true })`sh -c ${TIMED} sh ${command.argv}`;
    const wall = Number(process.hrtime.bigint() - start) / 1e9;
    const children = readFileSync(file, 'utf8').trim().split('\n')[1] ?? '';
    const seconds = [...children.matchAll(/(\d+)m([\d.]+)s/g)].map((m) => Number(m[1]) * 60 + Number(m[2]));
    if (seconds.length !== 2) throw new Error(`unexpected \`times\` output: ${JSON.stringify(children)}`);
    return { wall, cpu: seconds[0] + seconds[1] };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/**
 * Runs every command `runs` times, interleaved (a, b, c, a, b, c, …), so a change in the machine's
 * load during the bench hits each of them alike; returns the median wall and CPU time of each.
 */
export async function interleaved<K extends string>(runs: number, commands: Record<K, Command>): Promise<Record<K, Sample>> {
  const samples = Object.fromEntries(Object.keys(commands).map((k) => [k, [] as Sample[]])) as unknown as Record<K, Sample[]>;
  for (let i = 0; i < runs; i++) {
    for (const key of Object.keys(commands) as K[]) samples[key].push(await measure(commands[key]));
  }
  return Object.fromEntries(
    (Object.keys(commands) as K[]).map((k) => [k, { wall: median(samples[k].map((s) => s.wall)), cpu: median(samples[k].map((s) => s.cpu)) }]),
  ) as Record<K, Sample>;
}
