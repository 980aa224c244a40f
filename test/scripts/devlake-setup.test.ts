import { devlakeGitlabConnection, devlakeProjectName, devlakeWebhookConnection } from '../../contract/dora';
import type { Step } from '../../scripts/lib/plan';
import { devlakeSetupSteps } from '../../scripts/platform/devlake-setup';
import { restApi, SecretStore } from '../../scripts/platform/rest-api';
import { FakeDevlake, startFakeDevlake } from '../support/fake-devlake';
import { FakeGitlab, startFakeGitlab } from '../support/fake-gitlab';
import { testConfig } from '../support/test-config';

/** DevLake's DORA project and connections from the config, against a stand-in DevLake (test/support/fake-devlake.ts). */
const AUTH = `Basic ${Buffer.from('admin:ui-password').toString('base64')}`;
const config = testConfig({ teams: { payments: {}, search: {} }, applications: { checkout: { team: 'payments' } } });
const store = (): SecretStore => {
  const values = new Map([['test/gitlab/token/devlake/payments', { token: 'payments-read-api' }], ['test/gitlab/token/devlake/search', { token: 'search-read-api' }]]);
  return { exists: async (n) => values.has(n), get: async (n) => { if (!values.has(n)) throw new Error(`ResourceNotFoundException ${n}`); return values.get(n)!; }, put: async (n, v) => { values.set(n, { ...v } as never); } };
};
async function converge(steps: readonly Step[]): Promise<string[]> {
  const applied: string[] = [];
  for (const s of steps) if (!(await s.check())) { await s.apply(); applied.push(s.name); }
  return applied;
}
let devlake: FakeDevlake;
let gitlab: FakeGitlab;
beforeEach(async () => {
  // The application projects the onboard-service golden path made; DevLake's GitLab scope ids are their ids.
  gitlab = await startFakeGitlab('root-token', { groups: [{ id: 1, path: 'payments' }], projects: [{ id: 42, path: 'payments/checkout', namespace_id: 1 }] });
});
afterEach(async () => { await devlake?.close(); await gitlab.close(); });
const gitlabApi = () => restApi(gitlab.url, { 'PRIVATE-TOKEN': 'root-token' });

describe('DevLake setup', () => {
  test('creates the DORA project, a webhook connection and a GitLab connection per team, attached to the project; a second run creates nothing', async () => {
    devlake = await startFakeDevlake(AUTH);
    const steps = () => devlakeSetupSteps({ config, devlake: restApi(devlake.url, { Authorization: AUTH }), gitlab: gitlabApi(), secrets: store() });
    await converge(steps());
    const [project] = devlake.state.projects;
    expect(project.name).toBe(devlakeProjectName(config));
    expect(project.metrics).toEqual([{ pluginName: 'dora', pluginOption: {}, enable: true }]);
    expect(devlake.state.connections.webhook.map((c) => c.name)).toEqual([devlakeWebhookConnection(config)]);
    expect(devlake.state.connections.gitlab.map((c) => [c.name, c.endpoint, c.token])).toEqual([
      [devlakeGitlabConnection(config, 'payments'), 'https://gitlab.platform.test.example.com/api/v4/', 'payments-read-api'],
      [devlakeGitlabConnection(config, 'search'), 'https://gitlab.platform.test.example.com/api/v4/', 'search-read-api'],
    ]);
    const webhook = devlake.state.connections.webhook[0];
    expect(project.blueprint.connections).toEqual(expect.arrayContaining([{ pluginName: 'webhook', connectionId: webhook.id, scopes: [{ scopeId: String(webhook.id) }] }]));
    expect(project.blueprint.connections).toHaveLength(3);
    // The team's application repository is a scope of its GitLab connection, with the platform's scope
    // config, and the blueprint collects it; the team without applications has no scope.
    const payments = devlake.state.connections.gitlab[0];
    expect(devlake.state.scopes[String(payments.id)]).toEqual([{ connectionId: payments.id, gitlabId: 42, name: 'checkout', pathWithNamespace: 'payments/checkout', scopeConfigId: devlake.state.scopeConfigs[String(payments.id)][0].id }]);
    expect(devlake.state.scopeConfigs[String(payments.id)].map((c) => [c.name, c.entities])).toEqual([['test-dora', ['CODE', 'CODEREVIEW', 'CROSS']]]);
    expect(project.blueprint.connections).toEqual(expect.arrayContaining([{ pluginName: 'gitlab', connectionId: payments.id, scopes: [{ scopeId: '42' }] }]));

    devlake.requests.length = 0;
    expect(await converge(steps())).toEqual([]);
    expect(devlake.requests.filter((r) => r.method !== 'GET')).toEqual([]);
  });

  test('keeps connections a team attached by hand when it adds the platform\'s', async () => {
    devlake = await startFakeDevlake(AUTH);
    const steps = devlakeSetupSteps({ config, devlake: restApi(devlake.url, { Authorization: AUTH }), gitlab: gitlabApi(), secrets: store() });
    await converge(steps.filter((s) => s.name !== 'devlake:project-connections'));
    devlake.state.projects[0].blueprint.connections = [{ pluginName: 'jenkins', connectionId: 99, scopes: [] }];
    await converge(steps);
    expect(devlake.state.projects[0].blueprint.connections.map((c) => c.pluginName)).toEqual(['jenkins', 'webhook', 'gitlab', 'gitlab']);
  });

  test('fails when an application\'s GitLab project does not exist yet, naming it and the golden path', async () => {
    devlake = await startFakeDevlake(AUTH);
    gitlab.state.projects = [];
    const steps = devlakeSetupSteps({ config, devlake: restApi(devlake.url, { Authorization: AUTH }), gitlab: gitlabApi(), secrets: store() });
    await expect(converge(steps)).rejects.toThrow('application checkout: GitLab project payments/checkout does not exist yet; create it with the onboard-service golden path');
  });

  test('fails when DevLake refuses the credentials', async () => {
    devlake = await startFakeDevlake(AUTH);
    const [project] = devlakeSetupSteps({ config, devlake: restApi(devlake.url, { Authorization: 'Basic wrong' }), gitlab: gitlabApi(), secrets: store() });
    await expect(project.check()).rejects.toThrow('DevLake answered 401');
  });
});
