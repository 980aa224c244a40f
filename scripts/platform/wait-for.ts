import { setTimeout as sleep } from 'node:timers/promises';

/** Time source of the waits; tests inject a virtual one (no real waiting, no timing windows). */
export interface Clock {
  now(): number;
  sleep(ms: number): Promise<void>;
}

export const REAL_CLOCK: Clock = { now: () => Date.now(), sleep: (ms) => sleep(ms) };

export interface WaitOptions {
  /** Seconds between polls. */
  readonly pollSeconds: number;
  /** Give up after this many minutes. */
  readonly timeoutMinutes: number;
  /** Default: the real clock. */
  readonly clock?: Clock;
}

/** The wait ran out of time: the condition was polled without error and stayed false. */
export class WaitTimeout extends Error {
  constructor(readonly minutes: number, readonly what: string) {
    super(`timed out after ${minutes} min waiting for ${what}`);
    this.name = 'WaitTimeout';
  }
}

/**
 * Polls `condition` until it is true; throws a WaitTimeout naming what it waited for when time runs
 * out. An error thrown by `condition` (a failed AWS or kubectl call) propagates at once, as itself.
 */
export async function waitFor(opts: WaitOptions, what: string, condition: () => Promise<boolean>): Promise<void> {
  const clock = opts.clock ?? REAL_CLOCK;
  const deadline = clock.now() + opts.timeoutMinutes * 60_000;
  for (;;) {
    if (await condition()) return;
    if (clock.now() >= deadline) throw new WaitTimeout(opts.timeoutMinutes, what);
    await clock.sleep(opts.pollSeconds * 1000);
  }
}
