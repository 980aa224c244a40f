import type { ResolvedConfig } from '../../config/resolved-config';
import { applicationProjectPath, GIT_TOKENS, gitTokenSecretName } from '../../contract/application-ci';
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
 * - each GitLab connection's scopes: the team's application projects, with one scope config that
 *   collects code, merge requests and cross-domain data (`GET|PUT /plugins/gitlab/connections/{id}/scopes`,
 *   `GET|POST …/{id}/scope-configs`: apache/devlake backend/plugins/gitlab/impl/impl.go ApiResources;
 *   PUT takes `{"data": [GitlabProject…]}`, GET answers `{"count", "scopes": [{"scope": …}]}`,
 *   backend/helpers/srvhelper/scope_service_helper.go);
 * - all attached to the project's blueprint with their scopes (`GET /projects/{name}` → blueprint, `PATCH /blueprints/{id}`).
 * Every `check` only reads; a second run creates nothing.
 */
export interface DevlakeSetupContext {
  readonly config: ResolvedConfig;
  /** DevLake's API (`https://devlake.<domain>/api`, with the config UI's basic auth from Secrets Manager). */
  readonly devlake: RestApi;
  /** GitLab's API (root token): the numeric ids of the application projects (DevLake's GitLab scope ids). */
  readonly gitlab: RestApi;
  readonly secrets: SecretStore;
}

interface Connection { id: number; name: string }
interface BlueprintConnection { pluginName: string; connectionId: number; scopes?: { scopeId: string }[] }

export function devlakeSetupSteps(ctx: DevlakeSetupContext): Step[] {
  const { config, devlake, gitlab, secrets } = ctx;
  if (!config.hub.addons.includes('devlake')) return [];
  const target = { account: config.hub.account, region: config.hub.region, cluster: config.hub.clusterName };
  const step = (s: Omit<Step, 'target' | 'typicalMinutes'>): Step => ({ target, typicalMinutes: 0.1, ...s });
  const project = devlakeProjectName(config);
  const ok = async (method: 'GET' | 'POST' | 'PATCH' | 'PUT', path: string, body?: unknown) => {
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

  /** The GitLab projects DevLake holds as scopes of a connection (gitlabId as strings). */
  const scopeIds = async (connectionId: number): Promise<string[]> => {
    const r = await ok('GET', `/plugins/gitlab/connections/${connectionId}/scopes?pageSize=500`);
    return (r?.scopes ?? []).map((x: { scope: { gitlabId: number } }) => String(x.scope.gitlabId));
  };
  const scopeConfigName = `${config.resourcePrefix}-dora`;
  for (const w of wanted.filter((x) => x.plugin === 'gitlab')) {
    const apps = config.applications.filter((a) => a.team === w.team);
    if (!apps.length) continue;
    const connectionId = async () => {
      const c = await connectionNamed('gitlab', w.name);
      if (!c) throw new Error(`DevLake gitlab connection ${w.name} is missing; run devlake:connection:${w.name} first`);
      return c.id;
    };
    const projects = async () => Promise.all(apps.map(async (a) => {
      const path = applicationProjectPath(a);
      const r = await gitlab.call('GET', `/projects/${encodeURIComponent(path)}`);
      if (r.status === 404) throw new Error(`application ${a.name}: GitLab project ${path} does not exist yet; create it with the onboard-service golden path, then re-run`);
      if (r.status !== 200) throw new Error(`GET /projects/${path}: GitLab answered ${r.status}`);
      return { gitlabId: r.body.id as number, name: a.name, pathWithNamespace: path };
    }));
    steps.push(step({
      name: `devlake:scopes:${w.team}`,
      description: `scopes of ${w.name}: ${apps.map((a) => applicationProjectPath(a)).join(', ')} (scope config ${scopeConfigName})`,
      commands: [`POST /api/plugins/gitlab/connections/<${w.name}>/scope-configs name=${scopeConfigName}`, `PUT /api/plugins/gitlab/connections/<${w.name}>/scopes`],
      after: [`devlake:connection:${w.name}`],
      check: async () => {
        const [have, want] = await Promise.all([connectionId().then(scopeIds), projects()]);
        return want.every((p) => have.includes(String(p.gitlabId)));
      },
      apply: async () => {
        const id = await connectionId();
        const configs: { id: number; name: string }[] = await ok('GET', `/plugins/gitlab/connections/${id}/scope-configs`);
        // Deployments come from the webhook connection (Argo CD), not GitLab CI: no deployment pattern.
        const scopeConfigId = configs.find((c) => c.name === scopeConfigName)?.id
          ?? (await ok('POST', `/plugins/gitlab/connections/${id}/scope-configs`, { name: scopeConfigName, connectionId: id, entities: ['CODE', 'CODEREVIEW', 'CROSS'], deploymentPattern: '', productionPattern: '' })).id;
        await ok('PUT', `/plugins/gitlab/connections/${id}/scopes`, { data: (await projects()).map((p) => ({ connectionId: id, scopeConfigId, ...p })) });
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
    // A webhook connection is its own scope; a GitLab connection's are the projects DevLake holds for it.
    const scopes = w.plugin === 'webhook' ? [String(c.id)] : await scopeIds(c.id);
    return { pluginName: w.plugin, connectionId: c.id, scopes: scopes.map((scopeId) => ({ scopeId })) };
  }));
  const same = (a: BlueprintConnection, b: BlueprintConnection) => a.pluginName === b.pluginName && a.connectionId === b.connectionId;
  const covers = (have: BlueprintConnection[], c: BlueprintConnection) => {
    const h = have.find((x) => same(x, c));
    return !!h && (c.scopes ?? []).every((s) => (h.scopes ?? []).some((x) => x.scopeId === s.scopeId));
  };
  steps.push(step({
    name: 'devlake:project-connections',
    description: `attach ${wanted.map((w) => w.name).join(', ')} with their scopes to the project ${project}`,
    commands: ['PATCH /api/blueprints/<project blueprint> connections'],
    after: ['devlake:project', ...wanted.map((w) => `devlake:connection:${w.name}`), ...steps.filter((s) => s.name.startsWith('devlake:scopes:')).map((s) => s.name)],
    check: async () => {
      const [bp, want] = await Promise.all([blueprint(), desired()]);
      return want.every((c) => covers(bp.connections, c));
    },
    apply: async () => {
      const [bp, want] = await Promise.all([blueprint(), desired()]);
      // Keep what a team attached by hand (connections, scopes); add only what is missing.
      const merged = bp.connections.map((h) => {
        const w = want.find((c) => same(h, c));
        if (!w) return h;
        const scopes = [...(h.scopes ?? [])];
        for (const s of w.scopes ?? []) if (!scopes.some((x) => x.scopeId === s.scopeId)) scopes.push(s);
        return { ...h, scopes };
      });
      await ok('PATCH', `/blueprints/${bp.id}`, { connections: [...merged, ...want.filter((c) => !bp.connections.some((h) => same(h, c)))] });
    },
  }));
  return steps;
}
