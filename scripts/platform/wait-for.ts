import { setTimeout as sleep } from 'node:timers/promises';

export interface WaitOptions {
  /** Seconds between polls. */
  readonly pollSeconds: number;
  /** Give up after this many minutes. */
  readonly timeoutMinutes: number;
}

/** Polls `condition` until it is true; throws naming what it waited for when time runs out. */
export async function waitFor(opts: WaitOptions, what: string, condition: () => Promise<boolean>): Promise<void> {
  const deadline = Date.now() + opts.timeoutMinutes * 60_000;
  for (;;) {
    if (await condition()) return;
    if (Date.now() >= deadline) throw new Error(`timed out after ${opts.timeoutMinutes} min waiting for ${what}`);
    await sleep(opts.pollSeconds * 1000);
  }
}
