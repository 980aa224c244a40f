import { readFileSync, writeFileSync } from 'node:fs';
import { Worker } from 'node:worker_threads';
import type { FakeDevlake } from '../fake-devlake';
import type { FakeGitlabState } from '../fake-gitlab';

/** What the stand-in GitLab and DevLake of a Workspace hold, and the requests they received. */
export interface FakeServicesDump {
  gitlab: { state: FakeGitlabState; requests: { method: string; path: string; body?: any }[] };
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
 * The stand-in GitLab and DevLake (test/support/fake-gitlab.ts, fake-devlake.ts) in a worker thread:
 * Workspace.run() waits for the script synchronously (spawnSync), which would block servers on the test's
 * own thread; a worker has its own event loop. Started synchronously (the constructor waits until both
 * listen); unref'd, so a test that never stops it does not keep Jest alive.
 */
export function startFakeServices(opts: FakeServicesOptions): { gitlabUrl: string; devlakeUrl: string; dump: () => FakeServicesDump; stop: () => Promise<number> } {
  const ready = new Int32Array(new SharedArrayBuffer(8));
  const code = `
    const { workerData } = require('node:worker_threads');
    require('tsx/cjs/api').register();
    require(workerData.main).main(workerData);
  `;
  const worker = new Worker(code, { eval: true, workerData: { ...opts, ready, main: require.resolve('./fake-services-worker.ts') } });
  worker.unref();
  // Both ports arrive in the shared array; a worker that fails to start says why in its error event, so bound the wait.
  for (const deadline = Date.now() + 60_000; Atomics.load(ready, 1) === 0;) {
    if (Date.now() > deadline) throw new Error('stand-in GitLab/DevLake did not start within 60 s');
    Atomics.wait(ready, 1, 0, 100);
  }
  if (Atomics.load(ready, 0) < 0) throw new Error('stand-in GitLab/DevLake failed to start (see the worker\'s error)');
  return {
    gitlabUrl: `http://127.0.0.1:${Atomics.load(ready, 0)}`,
    devlakeUrl: `http://127.0.0.1:${Atomics.load(ready, 1)}`,
    dump: () => JSON.parse(readFileSync(opts.dumpFile, 'utf8')) as FakeServicesDump,
    stop: () => worker.terminate(),
  };
}

/** Writes the dump (the worker calls it after every change). */
export function writeDump(file: string, dump: FakeServicesDump): void {
  writeFileSync(file, JSON.stringify(dump));
}
