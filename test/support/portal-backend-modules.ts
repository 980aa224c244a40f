import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { request } from 'node:http';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { freePort } from './free-port';

/**
 * Backstage packages loaded from the portal backend's own install (portal/packages/backend, its own
 * package-lock.json, installed by `./quickstart test` with `npm ci --omit=dev`), not from the root:
 * the golden-path tests then exercise exactly the scaffolder (plugin-scaffolder-backend) and catalog
 * validators the hub's portal runs, and the root node_modules carries no Backstage backend.
 * jest resolves from the test file's folder upward, so a test under test/ cannot see that install:
 * createRequire anchored at the backend's package.json resolves as the backend's own code does.
 * The packages' types do not resolve from here either; the narrow interfaces below type what we use.
 */
export const PORTAL_BACKEND_DIR = join(__dirname, '..', '..', 'portal', 'packages', 'backend');

type Json = Record<string, any>;

/** Throws (never skips) when the backend's install is missing, naming the command that installs it. */
export function portalBackendRequire(dir = PORTAL_BACKEND_DIR): NodeJS.Require {
  const probe = join(dir, 'node_modules', '@backstage', 'plugin-scaffolder-backend', 'package.json');
  if (!existsSync(probe)) {
    throw new Error('portal/packages/backend/node_modules is missing (the golden-path tests run the portal\'s own Backstage packages): '
      + 'run `npm ci --omit=dev --prefix portal/packages/backend` (./quickstart test does)');
  }
  return createRequire(join(dir, 'package.json'));
}

/** What the tests use of @backstage/catalog-model and @backstage/plugin-scaffolder-common. */
export interface EntityPolicy { enforce(entity: Json): Promise<Json | undefined> }
export interface KindValidator { check(entity: Json): Promise<boolean> }
export interface CatalogModel {
  EntityPolicies: { allOf(policies: EntityPolicy[]): EntityPolicy };
  SchemaValidEntityPolicy: new () => EntityPolicy;
  DefaultNamespaceEntityPolicy: new () => EntityPolicy;
  NoForeignRootFieldsEntityPolicy: new () => EntityPolicy;
  FieldFormatEntityPolicy: new () => EntityPolicy;
  componentEntityV1alpha1Validator: KindValidator;
  groupEntityV1alpha1Validator: KindValidator;
  locationEntityV1alpha1Validator: KindValidator;
  resourceEntityV1alpha1Validator: KindValidator;
  systemEntityV1alpha1Validator: KindValidator;
}

export function catalogModel(): CatalogModel {
  return portalBackendRequire()('@backstage/catalog-model');
}

export function templateEntityV1beta3Validator(): KindValidator {
  return portalBackendRequire()('@backstage/plugin-scaffolder-common').templateEntityV1beta3Validator;
}

/** A scaffolder action that stands in for a network action (same id): records its input, sets outputs. */
export interface StubAction { id: string; output: Record<string, string> }

export interface PortalScaffolder {
  baseUrl: string;
  /** The Authorization header of a caller the backend accepts (a static external-access token, random per run). */
  authorization: string;
  stop(): Promise<void>;
}

/**
 * Starts a Backstage backend (createBackend of @backstage/backend-defaults, as portal/packages/backend/src/index.ts
 * does) with the portal's scaffolder plugin and a module of stub actions, and waits until it is ready.
 * Config instead of files: in-memory SQLite (https://backstage.io/docs/getting-started/config/database)
 * and one static external-access token
 * (https://backstage.io/docs/auth/service-to-service-auth#static-tokens); the dry-run route accepts any
 * authenticated principal and looks a user up only for user principals (plugin-scaffolder-backend
 * src/service/router.ts, `/v2/dry-run`).
 */
export async function startPortalScaffolder(stubs: StubAction[], onCall: (action: string, input: Json) => void): Promise<PortalScaffolder> {
  const req = portalBackendRequire();
  const { createBackend } = req('@backstage/backend-defaults');
  const { createBackendModule, createServiceFactory, coreServices } = req('@backstage/backend-plugin-api');
  const { ConfigReader } = req('@backstage/config');
  const { createTemplateAction, scaffolderActionsExtensionPoint } = req('@backstage/plugin-scaffolder-node');
  const scaffolderPlugin = req('@backstage/plugin-scaffolder-backend').default;

  const port = await freePort();
  const token = randomBytes(24).toString('hex');
  const baseUrl = `http://127.0.0.1:${port}`;
  const config = {
    backend: {
      baseUrl,
      listen: { port, host: '127.0.0.1' },
      database: { client: 'better-sqlite3', connection: ':memory:' },
      // Request lines and task-worker ticks at info would bury jest's report; warnings and errors stay.
      logger: { level: 'warn' },
      auth: { externalAccess: [{ type: 'static', options: { token, subject: 'golden-path-tests' } }] },
    },
  };
  const actions = stubs.map(({ id, output }) => createTemplateAction({
    id,
    supportsDryRun: true,
    async handler(ctx: Json) {
      onCall(id, ctx.input);
      for (const [k, v] of Object.entries(output)) ctx.output(k, v);
    },
  }));
  // The scaffolder's in-memory database: backend.stop() leaves its knex pool open, which keeps jest from exiting.
  let knex: { destroy(): Promise<void> } | undefined;
  const backend = createBackend();
  backend.add(createServiceFactory({ service: coreServices.rootConfig, deps: {}, factory: () => new ConfigReader(config) }));
  backend.add(scaffolderPlugin);
  backend.add(createBackendModule({
    pluginId: 'scaffolder',
    moduleId: 'network-action-stubs',
    register(env: Json) {
      env.registerInit({
        deps: { scaffolder: scaffolderActionsExtensionPoint, database: coreServices.database },
        async init({ scaffolder, database }: Json) {
          scaffolder.addActions(...actions);
          knex = await database.getClient();
        },
      });
    },
  }));
  await backend.start();
  return { baseUrl, authorization: `Bearer ${token}`, stop: async () => { await backend.stop(); await knex?.destroy(); } };
}

/**
 * POSTs JSON on a fresh connection (agent: false): a kept-alive socket that the backend's server closes
 * between two tests surfaced as ECONNRESET on the next request, a failure of the harness, not the scaffolder.
 */
export function postJson(url: string, headers: Record<string, string>, body: unknown): Promise<{ status: number; body: any }> {
  const data = Buffer.from(JSON.stringify(body));
  return new Promise((resolve, reject) => {
    const req = request(url, { method: 'POST', agent: false, headers: { ...headers, 'content-type': 'application/json', 'content-length': String(data.length) } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        try {
          resolve({ status: res.statusCode ?? 0, body: JSON.parse(text) });
        } catch {
          reject(new Error(`${url}: ${res.statusCode}, not JSON: ${text.slice(0, 500)}`));
        }
      });
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(data);
  });
}
