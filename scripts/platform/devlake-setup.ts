import type { ResolvedConfig } from '../../config/resolved-config';
import { GIT_TOKENS, gitTokenSecretName } from '../../contract/application-ci';
import { devlakeGitlabConnection, devlakeProjectName, devlakeWebhookConnection } from '../../contract/dora';
import { toolUrl } from '../../gitops/sso';
import type { Step } from '../lib/plan';
import type { RestApi, SecretStore } from './rest-api';

/**
 * DevLake for DORA, from the config, through DevLake's REST API (the config UI proxies `/api/` to it),
 * as idempotent steps:
 * - the project with the DORA metric (`GET /check/projects/{name}`, `POST /projects`:
 *   apache/devlake backend/server/api/project/project.go);
 * - a GitLab connection per team group, with that team's read_api token from Secrets Manager, and the
 *   webhook connection that deployments and incidents are reported to (`GET|POST /plugins/<plugin>/connections`,
 *   https://devlake.apache.org/docs/Configuration/GitLab, https://devlake.apache.org/docs/Plugins/webhook);
 * - both attached to the project's blueprint (`GET /projects/{name}` → blueprint, `PATCH /blueprints/{id}`).
 * Every `check` only reads; a second run creates nothing.
 */
export interface DevlakeSetupContext {
  readonly config: ResolvedConfig;
  /** DevLake's API (`https://devlake.<domain>/api`, with the config UI's basic auth from Secrets Manager). */
  readonly devlake: RestApi;
  readonly secrets: SecretStore;
}

interface Connection { id: number; name: string }
interface BlueprintConnection { pluginName: string; connectionId: number; scopes?: { scopeId: string }[] }

export function devlakeSetupSteps(ctx: DevlakeSetupContext): Step[] {
  const { config, devlake, secrets } = ctx;
  if (!config.hub.addons.includes('devlake')) return [];
  const target = { account: config.hub.account, region: config.hub.region, cluster: config.hub.clusterName };
  const step = (s: Omit<Step, 'target' | 'typicalMinutes'>): Step => ({ target, typicalMinutes: 0.1, ...s });
  const project = devlakeProjectName(config);
  const ok = async (method: 'GET' | 'POST' | 'PATCH', path: string, body?: unknown) => {
    const r = await devlake.call(method, path, body);
    if (r.status < 200 || r.status > 299) throw new Error(`${method} ${path}: DevLake answered ${r.status} ${JSON.stringify(r.body?.message ?? '')}`);
    return r.body;
  };
  const connections = async (plugin: string): Promise<Connection[]> => ok('GET', `/plugins/${plugin}/connections`);
  const connectionNamed = async (plugin: string, name: string) => (await connections(plugin)).find((c) => c.name === name);
  const devlakeToken = GIT_TOKENS.find((t) => t.id === 'devlake')!;

  const wanted: { plugin: 'gitlab' | 'webhook'; name: string; team?: string }[] = [
    { plugin: 'webhook', name: devlakeWebhookConnection(config) },
    ...config.teams.map((t) => ({ plugin: 'gitlab' as const, name: devlakeGitlabConnection(config, t.name), team: t.name })),
  ];

  const steps: Step[] = [step({
    name: 'devlake:project',
    description: `DevLake project ${project} with the DORA metric`,
    commands: [`POST /api/projects name=${project}`],
    after: [],
    check: async () => !!(await ok('GET', `/check/projects/${encodeURIComponent(project)}`))?.exist,
    apply: async () => {
      await ok('POST', '/projects', { name: project, description: `DORA metrics of the ${config.name} platform`, metrics: [{ pluginName: 'dora', pluginOption: {}, enable: true }] });
    },
  })];

  for (const w of wanted) {
    steps.push(step({
      name: `devlake:connection:${w.name}`,
      description: w.plugin === 'webhook' ? `webhook connection ${w.name} (deployments, incidents)` : `GitLab connection ${w.name} (group ${w.team})`,
      commands: [`POST /api/plugins/${w.plugin}/connections name=${w.name}`],
      after: [],
      check: async () => !!(await connectionNamed(w.plugin, w.name)),
      apply: async () => {
        if (w.plugin === 'webhook') {
          await ok('POST', '/plugins/webhook/connections', { name: w.name });
          return;
        }
        const { token } = await secrets.get(gitTokenSecretName(config, devlakeToken, w.team));
        if (!token) throw new Error(`Secrets Manager ${gitTokenSecretName(config, devlakeToken, w.team)} has no "token": run the git plumbing first`);
        await ok('POST', '/plugins/gitlab/connections', { name: w.name, endpoint: `${toolUrl(config, 'gitlab')}/api/v4/`, token, rateLimitPerHour: 0 });
      },
    }));
  }

  const blueprint = async (): Promise<{ id: number; connections: BlueprintConnection[] }> => {
    const p = await ok('GET', `/projects/${encodeURIComponent(project)}`);
    if (!p?.blueprint?.id) throw new Error(`DevLake project ${project} has no blueprint`);
    return { id: p.blueprint.id, connections: p.blueprint.connections ?? [] };
  };
  const desired = async (): Promise<BlueprintConnection[]> => Promise.all(wanted.map(async (w) => {
    const c = await connectionNamed(w.plugin, w.name);
    if (!c) throw new Error(`DevLake ${w.plugin} connection ${w.name} is missing; run devlake:connection:${w.name} first`);
    // A webhook connection is its own scope; GitLab projects are added as scopes by the team in DevLake's UI.
    return { pluginName: w.plugin, connectionId: c.id, scopes: w.plugin === 'webhook' ? [{ scopeId: String(c.id) }] : [] };
  }));
  const attached = (have: BlueprintConnection[], c: BlueprintConnection) => have.some((h) => h.pluginName === c.pluginName && h.connectionId === c.connectionId);
  steps.push(step({
    name: 'devlake:project-connections',
    description: `attach ${wanted.map((w) => w.name).join(', ')} to the project ${project}`,
    commands: ['PATCH /api/blueprints/<project blueprint> connections'],
    after: ['devlake:project', ...wanted.map((w) => `devlake:connection:${w.name}`)],
    check: async () => {
      const [bp, want] = await Promise.all([blueprint(), desired()]);
      return want.every((c) => attached(bp.connections, c));
    },
    apply: async () => {
      const [bp, want] = await Promise.all([blueprint(), desired()]);
      // Keep what a team attached by hand (e.g. GitLab scopes); add only what is missing.
      await ok('PATCH', `/blueprints/${bp.id}`, { connections: [...bp.connections, ...want.filter((c) => !attached(bp.connections, c))] });
    },
  }));
  return steps;
}
