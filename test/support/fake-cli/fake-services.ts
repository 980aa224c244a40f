import { readFileSync, writeFileSync } from 'node:fs';
import { Worker } from 'node:worker_threads';
import type { FakeDevlake } from '../fake-devlake';
import type { FakeGitlabState } from '../fake-gitlab';

/** What the stand-in GitLab and DevLake of a Workspace hold, and the requests they received. */
export interface FakeServicesDump {
  gitlab: { state: FakeGitlabState; requests: { method: string; path: string; body?: any; at: number }[] };
  devlake: { state: FakeDevlake['state']; requests: { method: string; path: string; body?: any }[] };
}

export interface FakeServicesOptions {
  /** State GitLab starts with (e.g. the application projects a golden path made). */
  readonly gitlab?: Partial<FakeGitlabState>;
  /** DevLake's expected `Authorization` header (the config UI's basic auth). */
  readonly devlakeAuthorization: string;
  /** Where the stand-ins write their state after every request (read by the test). */
  readonly dumpFile: string;
}

/**
 * A stand-in GitLab and DevLake (test/support/fake-gitlab.ts, fake-devlake.ts) in a worker thread:
 * Workspace.run() waits for the script synchronously (spawnSync), which would block servers on the test's
 * own thread; a worker has its own event loop. Started synchronously (the constructor waits until both
 * listen); the worker is unref'd, so it never keeps Jest alive.
 */
let worker: Worker | undefined;

export function startFakeServices(opts: FakeServicesOptions): { gitlabUrl: string; devlakeUrl: string; dump: () => FakeServicesDump } {
  // One worker per test process; each Workspace gets its own pair of servers in it (fresh state).
  if (!worker) {
    const code = `
      const { parentPort } = require('node:worker_threads');
      require('tsx/cjs/api').register();
      const { main } = require(${JSON.stringify(require.resolve('./fake-services-worker.ts'))});
      parentPort.on('message', (m) => { main(m).catch(() => { Atomics.store(m.ready, 0, -1); Atomics.store(m.ready, 1, -1); Atomics.notify(m.ready, 1); }); });
    `;
    worker = new Worker(code, { eval: true });
    worker.unref();
  }
  const ready = new Int32Array(new SharedArrayBuffer(8));
  worker.postMessage({ ...opts, ready });
  // Both ports arrive in the shared array; bound the wait so a worker that cannot start says so.
  for (const deadline = Date.now() + 60_000; Atomics.load(ready, 1) === 0;) {
    if (Date.now() > deadline) throw new Error('stand-in GitLab/DevLake did not start within 60 s');
    Atomics.wait(ready, 1, 0, 100);
  }
  if (Atomics.load(ready, 0) < 0) throw new Error('stand-in GitLab/DevLake failed to start');
  return {
    gitlabUrl: `http://127.0.0.1:${Atomics.load(ready, 0)}`,
    devlakeUrl: `http://127.0.0.1:${Atomics.load(ready, 1)}`,
    dump: () => JSON.parse(readFileSync(opts.dumpFile, 'utf8')) as FakeServicesDump,
  };
}

/** Writes the dump (the worker calls it after every change). */
export function writeDump(file: string, dump: FakeServicesDump): void {
  writeFileSync(file, JSON.stringify(dump));
}
