import { ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer as createHttpServer, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { ARGOCD_APPLICATION_LABEL, workloadLabelSelector } from '../../contract/portal-catalog';
import { portalAppConfig } from '../../gitops/portal-app-config';
import { catalogEntities } from '../../golden-paths/paths/catalog';
import { GOLDEN_PATHS } from '../../golden-paths/paths/registry';
import { forkLikeConfig } from '../support/test-config';
import { freePort } from '../support/free-port';

/**
 * The REAL portal backend (portal/packages/backend/src/index.ts, Backstage's new backend system with
 * every plugin of the image) started as a child process with the app-config `npx projen` generates
 * for a fork unlike the example, plus a test overlay: in-memory SQLite, guest sign-in, the generated
 * catalog read from files, and no network (no Keycloak ingestion run, no GitLab/cluster calls).
 */
const PACKAGES_DIR = join(__dirname, '..', '..', 'portal', 'packages');
const BACKEND_DIR = join(PACKAGES_DIR, 'backend');
const config = forkLikeConfig();
const STARTUP_MS = 150_000;

jest.setTimeout(STARTUP_MS + 90_000);

/** `${VAR}` references of the generated config: set to inert values (the backend refuses unset ones). */
function envFor(appConfigText: string): Record<string, string> {
  const names = [...new Set([...appConfigText.matchAll(/\$\{([A-Za-z_][A-Za-z0-9_]*)\}/g)].map((m) => m[1]))];
  // Cluster endpoints are URLs; nothing listens there and nothing in this test asks a cluster.
  return Object.fromEntries(names.map((n) => [n, n.startsWith('CLUSTER_URL_') ? 'https://127.0.0.1:9' : `test-${n.toLowerCase()}`]));
}

/**
 * Stand-ins for the hub's hosts, on one local port:
 * - Keycloak's discovery document: the OIDC provider module fetches the issuer's metadata while the auth
 *   plugin starts (and the process dies if it cannot), so the overlay points metadataUrl here;
 * - the repository's raw files (`/catalog/…`): the catalog reads its root as a `url` location, like the
 *   GitLab raw URL of the platform file, so the Location's relative template targets resolve as in production.
 */
async function fakeHub(catalogDir: string): Promise<{ server: Server; base: string; requests: string[] }> {
  const requests: string[] = [];
  const server = createHttpServer((req, res) => {
    requests.push(req.url ?? '');
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    if (req.url?.startsWith('/catalog/')) {
      const file = join(catalogDir, ...req.url.slice('/catalog/'.length).split('/').filter((p) => p && p !== '..'));
      if (!existsSync(file)) { res.statusCode = 404; res.end(); return; }
      res.end(readFileSync(file));
      return;
    }
    res.setHeader('content-type', 'application/json');
    res.end(JSON.stringify({
      issuer: base, authorization_endpoint: `${base}/auth`, token_endpoint: `${base}/token`, jwks_uri: `${base}/certs`,
      userinfo_endpoint: `${base}/userinfo`, response_types_supported: ['code'], subject_types_supported: ['public'], id_token_signing_alg_values_supported: ['RS256'],
    }));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { server, base: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, requests };
}

/** The overlay: what a local run changes, and nothing the platform file decides about entities. */
function testOverlay(port: number, hubBase: string): Record<string, unknown> {
  const baseUrl = `http://localhost:${port}`;
  return {
    app: { baseUrl },
    backend: {
      baseUrl,
      listen: { port, host: '127.0.0.1' },
      // https://backstage.io/docs/getting-started/config/database: better-sqlite3 in memory for tests.
      database: { client: 'better-sqlite3', connection: ':memory:' },
      reading: { allow: [{ host: new URL(hubBase).host }] },
    },
    auth: {
      // https://backstage.io/docs/auth/guest/provider: guest refuses production unless told otherwise.
      environment: 'development',
      providers: {
        guest: { dangerouslyAllowOutsideDevelopment: true },
        // Only the metadata URL changes: client, secret and sign-in resolver stay the platform's.
        oidc: { production: { metadataUrl: `${hubBase}/.well-known/openid-configuration` } },
      },
    },
    catalog: {
      // Arrays replace (config-loader): the generated GitLab raw URL gives way to the same file served locally.
      locations: [{ type: 'url', target: `${hubBase}/catalog/catalog-info.yaml`, rules: [{ allow: ['Template', 'Location', 'Component', 'System', 'Group', 'Resource'] }] }],
      // The Keycloak org provider stays configured (the module loads) but its first run is a day away: no realm call.
      providers: { keycloakOrg: { default: { schedule: { initialDelay: { hours: 24 } } } } },
    },
  };
}

interface Started {
  child: ChildProcess;
  port: number;
  log: () => string;
}

/** The generated catalog root, laid out as golden-paths/ is: catalog-info.yaml with templates/ beside it. */
function writeCatalog(catalogDir: string): void {
  mkdirSync(catalogDir, { recursive: true });
  const catalogFile = join(catalogDir, 'catalog-info.yaml');
  writeFileSync(catalogFile, catalogEntities(config).map((e) => stringify(e)).join('---\n'));
  for (const path of GOLDEN_PATHS) {
    mkdirSync(join(catalogDir, 'templates', path.name), { recursive: true });
    writeFileSync(join(catalogDir, 'templates', path.name, 'template.yaml'), stringify(path.template(config)));
  }
}

async function startBackend(dir: string, hubBase: string): Promise<Started> {
  const port = await freePort();
  const platformText = stringify(portalAppConfig(config));
  writeFileSync(join(dir, 'app-config.platform.yaml'), platformText);
  writeFileSync(join(dir, 'app-config.test.yaml'), stringify(testOverlay(port, hubBase)));
  let output = '';
  const child = spawn(process.execPath, [
    '--import', 'tsx', 'src/index.ts',
    '--config', join(BACKEND_DIR, '..', '..', 'app-config.yaml'),
    '--config', join(dir, 'app-config.platform.yaml'),
    '--config', join(dir, 'app-config.test.yaml'),
  ], {
    cwd: BACKEND_DIR,
    // plugin-app-backend resolves the frontend package `app` (app.packageName) from the backend: npm workspaces
    // link it into portal/node_modules, the image copies it into the backend's node_modules; here NODE_PATH
    // makes the committed portal/packages/app resolvable (unbuilt: the backend then serves no static files).
    env: { PATH: process.env.PATH ?? '', HOME: dir, NODE_ENV: 'test', NODE_PATH: PACKAGES_DIR, ...envFor(platformText) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  // Request lines of the polling would drown the plugins' own messages.
  const keep = (d: Buffer) => { output += String(d).split('\n').filter((l) => !l.includes('rootHttpRouter')).join('\n'); };
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  return { child, port, log: () => output.slice(-6000) };
}

async function waitFor<T>(what: string, started: Started, probe: () => Promise<T | undefined>, timeoutMs: number): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (started.child.exitCode !== null) throw new Error(`the portal backend exited (${started.child.exitCode}) before ${what}:\n${started.log()}`);
    const value = await probe().catch(() => undefined);
    if (value !== undefined) return value;
    await new Promise((r) => setTimeout(r, 1000));
  }
  throw new Error(`timed out after ${timeoutMs / 1000} s waiting for ${what}:\n${started.log()}`);
}

describe('the portal backend', () => {
  let dir: string;
  let started: Started | undefined;
  let hub: Awaited<ReturnType<typeof fakeHub>> | undefined;

  beforeAll(() => {
    // No silent skip: without the backend's own install the proof cannot run, and says how to get it.
    if (!existsSync(join(BACKEND_DIR, 'node_modules', '@backstage', 'backend-defaults', 'package.json'))) {
      throw new Error('portal/packages/backend/node_modules is missing: run `npm ci --omit=dev --prefix portal/packages/backend` (./quickstart test does)');
    }
    if (!existsSync(join(PACKAGES_DIR, 'app', 'package.json'))) {
      throw new Error('portal/packages/app/package.json is missing: the backend serves the frontend package `app` (app.packageName) and cannot start without it');
    }
    dir = mkdtempSync(join(tmpdir(), 'portal-backend-'));
  });

  afterAll(async () => {
    if (started && started.child.exitCode === null) {
      started.child.kill('SIGTERM');
      await new Promise((r) => started!.child.once('exit', r));
    }
    hub?.server.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  test('starts with the generated app-config and serves the fork\'s clusters, teams and applications to a guest', async () => {
    writeCatalog(join(dir, 'catalog'));
    hub = await fakeHub(join(dir, 'catalog'));
    started = await startBackend(dir, hub.base);
    const base = `http://127.0.0.1:${started.port}`;
    // https://backstage.io/docs/backend-system/core-services/root-health: 200 once every plugin started.
    await waitFor('readiness', started, async () => ((await fetch(`${base}/.backstage/health/v1/readiness`)).ok ? true : undefined), STARTUP_MS);

    // Keycloak sign-in is configured (from the generated file): the OIDC module read the issuer's metadata.
    expect(hub.requests).toContain('/.well-known/openid-configuration');
    // The catalog refuses anonymous reads (the new backend's default auth policy).
    expect((await fetch(`${base}/api/catalog/entities`)).status).toBe(401);
    // Guest sign-in: the refresh endpoint issues a Backstage token (https://backstage.io/docs/auth/guest/provider).
    const refresh = await fetch(`${base}/api/auth/guest/refresh`, { headers: { 'x-requested-with': 'XMLHttpRequest' } });
    expect(refresh.status).toBe(200);
    const token = ((await refresh.json()) as { backstageIdentity: { token: string } }).backstageIdentity.token;
    const get = async (path: string) => {
      const res = await fetch(`${base}${path}`, { headers: { authorization: `Bearer ${token}` } });
      if (!res.ok) throw new Error(`${path}: ${res.status}`);
      return res.json() as Promise<any[]>;
    };

    // The catalog ingests the locations in the background: wait until every generated entity is in.
    const expected = catalogEntities(config).filter((e) => e.kind !== 'Location').length + GOLDEN_PATHS.length;
    let seen: string[] = [];
    const entities = await waitFor('the catalog to ingest the generated entities', started, async () => {
      const all = (await get('/api/catalog/entities')).filter((e) => e.kind !== 'Location');
      seen = all.map((e) => `${e.kind}:${e.metadata.name}`);
      return all.length >= expected ? all : undefined;
    }, 90_000).catch((err: Error) => { throw new Error(`${err.message}\ningested so far: ${seen.join(', ')}`); });
    const names = (kind: string) => entities.filter((e) => e.kind === kind).map((e) => e.metadata.name).sort();

    expect(names('Resource')).toEqual(config.clusters.map((c) => c.name).sort());
    expect(entities.filter((e) => e.kind === 'Resource').map((e) => e.spec.type)).toEqual(config.clusters.map(() => 'kubernetes-cluster'));
    expect(names('Group')).toEqual(['platform-team', ...config.teams.map((t) => t.name)].sort());
    expect(names('Component')).toEqual(['platform-blueprint', ...config.applications.map((a) => a.name)].sort());
    expect(names('Template')).toEqual(GOLDEN_PATHS.map((p) => p.name).sort());
    for (const app of config.applications) {
      const entity = entities.find((e) => e.kind === 'Component' && e.metadata.name === app.name);
      expect([app.name, entity.spec.owner, entity.metadata.annotations['argocd/app-selector'], entity.metadata.annotations['backstage.io/kubernetes-label-selector']])
        .toEqual([app.name, `group:default/${app.team}`, `${ARGOCD_APPLICATION_LABEL}=${app.name}`, workloadLabelSelector(app)]);
    }
    // The catalog's relations: each application depends on the clusters of its environments.
    const [app] = config.applications;
    const read = await get(`/api/catalog/entities/by-name/component/default/${app.name}`) as unknown as { relations: { type: string; targetRef: string }[] };
    expect(read.relations.filter((r) => r.type === 'dependsOn').map((r) => r.targetRef).sort())
      .toEqual(config.spokes.filter((c) => app.promotion.includes(c.environment)).map((c) => `resource:default/${c.name}`).sort());
  });
});
