import { createServer, Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A stand-in for DevLake's REST API (v1.0) as the setup job uses it, with in-memory state and a record
 * of every request. Modelled on apache/devlake backend/server/api/project/project.go (GET
 * /check/projects/{name} → {exist}, POST /projects creates the project and its blueprint, GET
 * /projects/{name} → project with `blueprint`), the plugins' connection APIs (GET/POST
 * /plugins/{plugin}/connections; names are unique: 400 on a duplicate), PATCH /blueprints/{id}, and the
 * GitLab plugin's scope APIs (backend/plugins/gitlab/impl/impl.go ApiResources): PUT
 * /plugins/gitlab/connections/{id}/scopes `{"data": [project…]}` upserts by gitlabId, GET answers
 * `{"count", "scopes": [{"scope": …}]}` (backend/helpers/srvhelper/scope_service_helper.go), GET/POST
 * …/scope-configs.
 * Every call needs the config UI's basic auth (`authorization` = the expected header), else 401.
 */
export interface FakeDevlake {
  readonly url: string;
  readonly state: {
    projects: { name: string; metrics: unknown[]; blueprint: { id: number; connections: any[] } }[];
    connections: Record<string, { id: number; name: string; endpoint?: string; token?: string }[]>;
    /** GitLab scopes per connection id. */
    scopes: Record<string, { gitlabId: number; name: string; pathWithNamespace: string; scopeConfigId?: number }[]>;
    scopeConfigs: Record<string, { id: number; name: string; [k: string]: unknown }[]>;
  };
  readonly requests: { method: string; path: string; body?: any }[];
  close(): Promise<void>;
}

export async function startFakeDevlake(authorization: string, opts: { onChange?: (devlake: Pick<FakeDevlake, 'state' | 'requests'>) => void } = {}): Promise<FakeDevlake> {
  const state: FakeDevlake['state'] = { projects: [], connections: { gitlab: [], webhook: [] }, scopes: {}, scopeConfigs: {} };
  const requests: FakeDevlake['requests'] = [];
  let next = 1;
  const server: Server = createServer((req, res) => {
    let raw = '';
    req.on('data', (c) => { raw += c; });
    req.on('end', () => {
      const send = (status: number, payload?: unknown) => { opts.onChange?.({ state, requests }); res.writeHead(status, { 'Content-Type': 'application/json' }); res.end(JSON.stringify(payload ?? {})); };
      const input = raw ? JSON.parse(raw) : undefined;
      const path = new URL(req.url!, 'http://x').pathname.replace(/^\/api/, '');
      requests.push({ method: req.method!, path, ...(input === undefined ? {} : { body: input }) });
      if (req.headers.authorization !== authorization) return send(401, { message: 'Unauthorized' });
      const seg = path.split('/').slice(1).map(decodeURIComponent);
      const m = req.method;
      if (path === '/ping' && m === 'GET') return send(200);
      if (seg[0] === 'check' && seg[1] === 'projects' && m === 'GET') return send(200, { exist: state.projects.some((p) => p.name === seg[2]) });
      if (seg[0] === 'projects' && !seg[1] && m === 'POST') {
        if (!input?.name) return send(400, { message: 'name required' });
        if (state.projects.some((p) => p.name === input.name)) return send(400, { message: `project ${input.name} already exists` });
        const p = { name: input.name, metrics: input.metrics ?? [], blueprint: { id: next++, connections: [] } };
        state.projects.push(p);
        return send(201, p);
      }
      if (seg[0] === 'projects' && seg[1] && m === 'GET') {
        const p = state.projects.find((x) => x.name === seg[1]);
        return p ? send(200, p) : send(404, { message: 'record not found' });
      }
      if (seg[0] === 'blueprints' && seg[1] && m === 'PATCH') {
        const p = state.projects.find((x) => String(x.blueprint.id) === seg[1]);
        if (!p) return send(404, { message: 'record not found' });
        p.blueprint.connections = input.connections;
        return send(200, p.blueprint);
      }
      if (seg[0] === 'plugins' && seg[2] === 'connections' && !seg[3]) {
        const list = state.connections[seg[1]];
        if (!list) return send(404, { message: `plugin ${seg[1]} not found` });
        // Tokens are stored encrypted and never returned.
        if (m === 'GET') return send(200, list.map(({ token: _secret, ...c }) => c));
        if (m === 'POST') {
          if (list.some((c) => c.name === input.name)) return send(400, { message: 'the connection name already exists' });
          const c = { id: next++, ...input };
          list.push(c);
          return send(200, { id: c.id, name: c.name });
        }
      }
      if (seg[0] === 'plugins' && seg[1] === 'gitlab' && seg[2] === 'connections' && seg[3] && ['scopes', 'scope-configs'].includes(seg[4]) && !seg[5]) {
        if (!state.connections.gitlab.some((c) => String(c.id) === seg[3])) return send(404, { message: 'record not found' });
        if (seg[4] === 'scopes') {
          const list = (state.scopes[seg[3]] ??= []);
          if (m === 'GET') return send(200, { count: list.length, scopes: list.map((scope) => ({ scope })) });
          if (m === 'PUT') {
            if (!Array.isArray(input?.data)) return send(400, { message: 'data is required' });
            for (const p of input.data) {
              if (typeof p.gitlabId !== 'number' || String(p.connectionId) !== seg[3]) return send(400, { message: 'gitlabId and the connectionId are required' });
              const i = list.findIndex((x) => x.gitlabId === p.gitlabId);
              if (i >= 0) list[i] = p; else list.push(p);
            }
            return send(200, input.data);
          }
        }
        const configs = (state.scopeConfigs[seg[3]] ??= []);
        if (m === 'GET') return send(200, configs);
        if (m === 'POST') {
          if (!input?.name) return send(400, { message: 'name required' });
          if (configs.some((c) => c.name === input.name)) return send(400, { message: 'the scope config name already exists' });
          const c = { ...input, id: next++ };
          configs.push(c);
          return send(200, c);
        }
      }
      return send(404, { message: `${m} ${path} not modelled` });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}/api`, state, requests, close: () => new Promise<void>((r) => server.close(() => r())) };
}
