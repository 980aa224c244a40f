import { ROOT_TOKEN_RUBY } from '../../../scripts/platform/gitlab-root-token';
import { startFakeDevlake } from '../fake-devlake';
import { startFakeGitlab } from '../fake-gitlab';
import { FakeServicesDump, FakeServicesOptions, writeDump } from './fake-services';

/** Runs in the worker thread of startFakeServices(), once per Workspace: both stand-ins, dumping their state after every request. */
export async function main(data: FakeServicesOptions & { ready: Int32Array }): Promise<void> {
  const dump: FakeServicesDump = { gitlab: { state: {} as never, requests: [] }, devlake: { state: {} as never, requests: [] } };
  const save = () => writeDump(data.dumpFile, dump);
  try {
    // No initial root token: the platform's first one comes from the toolbox runner, like on a new GitLab.
    const gitlab = await startFakeGitlab(undefined, data.gitlab ?? {}, { runnerCode: ROOT_TOKEN_RUBY, onChange: (g) => { dump.gitlab = g; save(); } });
    const devlake = await startFakeDevlake(data.devlakeAuthorization, { onChange: (d) => { dump.devlake = d; save(); } });
    dump.gitlab = { state: gitlab.state, requests: gitlab.requests };
    dump.devlake = { state: devlake.state, requests: devlake.requests };
    save();
    Atomics.store(data.ready, 0, Number(new URL(gitlab.url).port));
    Atomics.store(data.ready, 1, Number(new URL(devlake.url).port));
  } catch (err) {
    Atomics.store(data.ready, 0, -1);
    Atomics.store(data.ready, 1, -1);
    Atomics.notify(data.ready, 1);
    throw err;
  }
  Atomics.notify(data.ready, 1);
}
