import { createServer } from 'node:net';
import type { Tools } from '../../scripts/lib/tools';
import { plumbingSteps } from '../../scripts/platform/plumbing-steps';
import type { SecretStore } from '../../scripts/platform/rest-api';
import { startFakeDevlake } from '../support/fake-devlake';
import { testConfig } from '../support/test-config';

/** The wait for DevLake's API (best effort in the waves) tells "not up yet" from "will never work". */
const config = testConfig();
const store = (password: string): SecretStore => ({
  exists: async () => true,
  get: async (n): Promise<Record<string, string>> => (n === 'test/devlake/ui' ? { username: 'admin', password } : {}),
  put: async () => undefined,
});
const AUTH = `Basic ${Buffer.from('admin:right').toString('base64')}`;
const devlakeApi = (devlake: string, password: string) => plumbingSteps({
  config, tools: {} as Tools, secrets: store(password), hubContext: 'test-hub', after: [],
  urls: { gitlab: 'http://127.0.0.1:1/api/v4', devlake }, wait: { pollSeconds: 0, timeoutMinutes: 0.01 },
}).find((s) => s.name === 'devlake-api')!;

/** A port nothing listens on (bound, then closed). */
async function closedPort(): Promise<number> {
  const srv = createServer();
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
  const { port } = srv.address() as { port: number };
  await new Promise<void>((r) => srv.close(() => r()));
  return port;
}

describe('plumbing: DevLake API wait', () => {
  test('not done while nothing answers; the wait then times out naming DevLake', async () => {
    const step = devlakeApi(`http://127.0.0.1:${await closedPort()}/api`, 'right');
    expect(await step.check()).toBe(false);
    await expect(step.apply()).rejects.toThrow('timed out after 0.01 min waiting for DevLake\'s API');
  });

  test('done once DevLake answers /ping', async () => {
    const devlake = await startFakeDevlake(AUTH);
    try {
      expect(await devlakeApi(devlake.url, 'right').check()).toBe(true);
      expect(devlake.requests.map((r) => `${r.method} ${r.path}`)).toEqual(['GET /ping']);
    } finally {
      await devlake.close();
    }
  });

  test('fails at once when DevLake refuses the credentials, naming the secret', async () => {
    const devlake = await startFakeDevlake(AUTH);
    try {
      await expect(devlakeApi(devlake.url, 'wrong').check()).rejects.toThrow('DevLake refused the basic auth of Secrets Manager test/devlake/ui (401)');
    } finally {
      await devlake.close();
    }
  });
});
