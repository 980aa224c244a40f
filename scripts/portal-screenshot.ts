import { existsSync, mkdtempSync, readFileSync, realpathSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { $, chalk, type ProcessPromise } from 'zx';
import { stringify } from 'yaml';
import { parseCli } from './lib/cli';
import { formatError } from './lib/format-error';

const USAGE = `
Usage: npx projen portal:screenshot [--out DIR] [--port N] [--chromium PATH] [--config-dir DIR] [--backend-dir DIR] [--catalog FILE]
       npx projen portal:screenshot --check-release

Opt-in, heavy (network, ~2.5 GB of node_modules, minutes; never part of \`npx projen test\`): proves the
portal's frontend (portal/packages/app) type-checks, builds and renders against the portal's backend.
  1. installs portal/packages/app and portal/packages/backend from their lockfiles (npm ci; skipped
     when npm's record of node_modules already matches the lockfile);
  2. type-checks the frontend (tsc) and builds it (backstage-cli package build);
  3. starts the backend (portal/packages/backend) with portal/app-config.yaml, the generated
     portal/app-config.platform.yaml and a local overlay (guest sign-in, SQLite in memory, the generated
     catalog golden-paths/catalog-info.yaml from the working tree, no network); the backend serves the
     built frontend (plugin-app-backend), as in the image;
  4. signs in as guest in headless Chromium (Debian's package: apt-get install -y chromium) and saves
     DIR/portal-catalog.png and DIR/portal-entity.png (DIR defaults to docs/).
--check-release compares portal/packages/app/backstage-release.json with the version table of the
@backstage/create-app it names (npm pack, read-only) and stops.
`;
const { args } = parseCli(USAGE, { boolean: ['check-release'], string: ['out', 'port', 'chromium', 'config-dir', 'backend-dir', 'catalog'] });

const PORTAL = resolve('portal');
const APP = join(PORTAL, 'packages', 'app');
const CONFIG_DIR = resolve(args['config-dir'] ?? PORTAL);
const BACKEND = resolve(args['backend-dir'] ?? join(PORTAL, 'packages', 'backend'));
const CATALOG = resolve(args.catalog ?? join('golden-paths', 'catalog-info.yaml'));
const backendPort = Number(args.port ?? 7007);
const backendUrl = `http://localhost:${backendPort}`;
const started = Date.now();
const elapsed = (): string => `${((Date.now() - started) / 1000).toFixed(0)} s`;
const step = (text: string): void => console.log(chalk.bold(`\n[${elapsed()}] ${text}`));

interface LockEntry { version?: string; optional?: boolean; os?: string[]; cpu?: string[] }

/** `path@version` → entry of every package a lockfile (or npm's hidden node_modules/.package-lock.json) lists. */
function lockedPackages(file: string): Map<string, LockEntry> {
  const { packages } = JSON.parse(readFileSync(file, 'utf8')) as { packages: Record<string, LockEntry> };
  return new Map(Object.entries(packages).filter(([path]) => path !== '').map(([path, p]) => [`${path}@${p.version}`, p]));
}

/** Whether npm must install a lockfile entry here: it skips optional ones that do not apply (other platforms, libc, wasm fallbacks). */
const required = (e: LockEntry): boolean =>
  !e.optional && (!e.os || e.os.includes(process.platform)) && (!e.cpu || e.cpu.includes(process.arch));

/** Installs a package from its lockfile (npm ci) unless npm's record of node_modules already matches it. */
async function install(dir: string): Promise<void> {
  const lock = join(dir, 'package-lock.json');
  if (!existsSync(lock)) throw new Error(`${lock} is missing: the portal packages install from committed lockfiles`);
  const hidden = join(dir, 'node_modules', '.package-lock.json');
  if (existsSync(hidden)) {
    const [want, have] = [lockedPackages(lock), lockedPackages(hidden)];
    const differ = [...want].filter(([k, e]) => !have.has(k) && required(e)).length + [...have.keys()].filter((k) => !want.has(k)).length;
    if (differ === 0) {
      console.log(`  ${dir}: node_modules matches package-lock.json`);
      return;
    }
  }
  await $({ cwd: dir, stdio: 'inherit', env: { ...process.env, ...nodeHeaders() } })`npm ci --no-audit --no-fund --loglevel=http`;
}

/**
 * better-sqlite3 compiles when its prebuilt binary (a GitHub download) is out of reach; node-gyp must
 * then build against the headers of the Node that runs the backend, not download others: the quickstart
 * exports npm_config_nodedir for the Node it installs; otherwise the headers beside this Node are used.
 */
function nodeHeaders(): Record<string, string> {
  const candidates = [process.env.npm_config_nodedir, join(dirname(realpathSync(process.execPath)), '..', 'node_modules', `node-${process.platform}-${process.arch}`)];
  const dir = candidates.find((d) => d && existsSync(join(d, 'include', 'node', 'node.h')));
  return dir ? { npm_config_nodedir: dir } : {};
}

/**
 * The local overlay on the portal's own app-config (app-config.yaml, then the generated
 * app-config.platform.yaml): guest sign-in in `development` (https://backstage.io/docs/auth/guest/provider),
 * SQLite in memory (https://backstage.io/docs/getting-started/config/database), the generated catalog
 * read from the working tree instead of GitLab, and no network: Argo CD and the clusters point at a
 * closed local port, the Keycloak org provider's first run is a day away.
 */
function localOverlay(catalogFile: string): Record<string, unknown> {
  return {
    app: { baseUrl: backendUrl },
    backend: {
      baseUrl: backendUrl,
      listen: { port: backendPort, host: '127.0.0.1' },
      database: { client: 'better-sqlite3', connection: ':memory:' },
    },
    auth: { environment: 'development', providers: { guest: { dangerouslyAllowOutsideDevelopment: true } } },
    catalog: {
      // Arrays replace (config-loader): the generated catalog from the working tree, not the GitLab URL.
      locations: [{ type: 'file', target: catalogFile, rules: [{ allow: ['Template', 'Location', 'Component', 'System', 'Group', 'Resource'] }] }],
      providers: { keycloakOrg: { default: { schedule: { initialDelay: { hours: 24 } } } } },
    },
    argocd: { appLocatorMethods: [{ type: 'config', instances: [{ name: 'hub', url: CLOSED_PORT }] }] },
  };
}

/** Nothing listens there: what the portal would ask of Argo CD or a cluster fails at once, locally. */
const CLOSED_PORT = 'https://127.0.0.1:9';

/** `${VAR}` references of the generated config get inert values (the backend refuses unset ones). */
function inertEnv(appConfigText: string): Record<string, string> {
  const names = [...new Set([...appConfigText.matchAll(/\$\{([A-Za-z_][A-Za-z0-9_]*)\}/g)].map((m) => m[1]))];
  return Object.fromEntries(names.map((n) => [n, n.startsWith('CLUSTER_URL_') ? CLOSED_PORT : `local-${n.toLowerCase()}`]));
}

/** Polls a URL until it answers 200 (the backend's readiness), or fails with what the process printed. */
async function waitFor(url: string, proc: ProcessPromise, timeoutMs: number): Promise<void> {
  const until = Date.now() + timeoutMs;
  let exited = false;
  void proc.finally(() => { exited = true; });
  while (Date.now() < until && !exited) {
    const ok = await fetch(url).then((r) => r.ok, () => false);
    if (ok) return;
    await new Promise((r) => setTimeout(r, 1000));
  }
  throw new Error(`${url} did not become ready (${exited ? 'the backend exited' : `${timeoutMs / 1000} s`}); its output is above`);
}

/** Signs in as guest and screenshots the catalog and the first Component's page. */
async function screenshots(outDir: string, chromium: string): Promise<string[]> {
  // puppeteer-core is a devDependency of the app: it drives the system Chromium and downloads nothing.
  const puppeteer = (await import(pathToFileURL(createRequire(join(APP, 'package.json')).resolve('puppeteer-core')).href)).default;
  const browser = await puppeteer.launch({ executablePath: chromium, headless: true, args: ['--no-sandbox', '--disable-dev-shm-usage', '--window-size=1400,900'], defaultViewport: { width: 1400, height: 900 } });
  try {
    const page = await browser.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e: Error) => errors.push(e.message));
    await page.goto(`${backendUrl}/catalog`, { waitUntil: 'networkidle0' });
    // The sign-in page (development → guest only): the guest card's "Enter" button.
    const enter = await page.waitForSelector('::-p-xpath(//button[.//text()[contains(., "Enter")]])', { timeout: 60_000 });
    await enter!.click();
    // Every kind, not only what the guest owns (nothing): the catalog index reads its filters from the query.
    await page.goto(`${backendUrl}/catalog?filters%5Bkind%5D=component&filters%5Buser%5D=all`, { waitUntil: 'networkidle0' });
    const firstEntity: { evaluate(f: (a: { getAttribute(n: string): string | null }) => string | null): Promise<string | null> } | null = await waitOrCapture(page, () => page.waitForSelector('table a[href*="/catalog/default/component/"]', { timeout: 60_000 }), 'the catalog table');
    const catalogPng = join(outDir, 'portal-catalog.png');
    await page.screenshot({ path: catalogPng });
    const href = await firstEntity!.evaluate((a: { getAttribute(n: string): string | null }) => a.getAttribute('href'));
    await page.goto(`${backendUrl}${href}`, { waitUntil: 'networkidle0' });
    // The overview's About card (a Material UI card header, not a heading element); its cards' own
    // requests (Argo CD, which fails here by design) get a few seconds to render their state.
    await waitOrCapture(page, () => page.waitForSelector('::-p-text(About)', { timeout: 60_000 }), 'the entity page');
    await new Promise((r) => setTimeout(r, 5000));
    const entityPng = join(outDir, 'portal-entity.png');
    await page.screenshot({ path: entityPng });
    if (errors.length) console.log(chalk.yellow(`  page errors: ${errors.join('; ')}`));
    return [catalogPng, entityPng];
  } finally {
    await browser.close();
  }
}

/** Waits for what a page must show; on a time-out saves what it showed instead, for the error message. */
async function waitOrCapture<T>(page: { screenshot(o: { path: string }): Promise<unknown> }, wait: () => Promise<T>, what: string): Promise<T> {
  try {
    return await wait();
  } catch (err) {
    const shot = join(mkdtempSync(join(tmpdir(), 'portal-screenshot-')), 'timeout.png');
    await page.screenshot({ path: shot });
    throw new Error(`${what} did not render (${(err as Error).message}); the page at that moment: ${shot}`);
  }
}

/** Compares the committed release table with create-app's own (read from the registry, not installed). */
async function checkRelease(): Promise<number> {
  const table = JSON.parse(readFileSync(join(APP, 'backstage-release.json'), 'utf8')) as { source: string; release: string; packages: Record<string, string> };
  const createApp = /^(@backstage\/create-app@[\d.]+)/.exec(table.source)?.[1];
  if (!createApp) throw new Error('backstage-release.json: its source names no @backstage/create-app version');
  const dir = mkdtempSync(join(tmpdir(), 'create-app-'));
  const tgz = (await $({ cwd: dir, quiet: true })`npm pack ${createApp}`).stdout.trim().split('\n').pop()!;
  await $({ cwd: dir, quiet: true })`tar xzf ${tgz}`;
  const { packageVersions } = (await import(join(dir, 'package', 'dist', 'lib', 'versions.cjs.js'))) as { packageVersions: Record<string, string> };
  const { root, ...upstream } = packageVersions;
  const diff = [...new Set([...Object.keys(upstream), ...Object.keys(table.packages)])].filter((n) => upstream[n] !== table.packages[n]);
  if (root !== table.release || diff.length) {
    console.error(chalk.red(`✗ backstage-release.json differs from ${createApp} (release ${root}): ${diff.join(', ')}`));
    return 1;
  }
  console.log(chalk.green(`✓ backstage-release.json is ${createApp}'s table of Backstage ${root}`));
  return 0;
}

async function main(): Promise<number> {
  if (args['check-release']) return checkRelease();
  const outDir = resolve(args.out ?? 'docs');
  const chromium = args.chromium ?? ['/usr/bin/chromium', '/usr/bin/chromium-browser'].find(existsSync);
  if (!chromium) throw new Error('Chromium not found: install Debian\'s package (apt-get install -y chromium) or pass --chromium PATH');
  const configs = ['app-config.yaml', 'app-config.platform.yaml'].map((f) => join(CONFIG_DIR, f));
  const absent = [join(BACKEND, 'package.json'), ...configs, CATALOG].filter((f) => !existsSync(f));
  if (absent.length) throw new Error(`the screenshot runs the portal's own backend and generated config; missing: ${absent.join(', ')}`);

  step('Installing the portal packages (npm ci)');
  await install(APP);
  await install(BACKEND);

  step('Type-checking the frontend (tsc)');
  await $({ cwd: APP, stdio: 'inherit' })`node_modules/.bin/tsc -p tsconfig.json`;

  const work = mkdtempSync(join(tmpdir(), 'portal-screenshot-'));
  const overlay = join(work, 'app-config.local.yaml');
  writeFileSync(overlay, stringify(localOverlay(CATALOG)));
  const configArgs = [...configs, overlay].flatMap((c) => ['--config', c]);
  const configEnv = inertEnv(readFileSync(configs[1], 'utf8'));
  step('Building the frontend (backstage-cli package build)');
  await $({ cwd: APP, stdio: 'inherit', env: { ...process.env, ...configEnv } })`node_modules/.bin/backstage-cli package build ${configArgs}`;

  step(`Starting the backend on ${backendUrl} (it serves the built frontend)`);
  const env = {
    PATH: process.env.PATH ?? '', HOME: work, NODE_ENV: 'development',
    // plugin-app-backend resolves the frontend package `app` (app.packageName): in the image it is in the
    // backend's node_modules; here NODE_PATH finds portal/packages/app with its fresh dist/.
    NODE_PATH: join(PORTAL, 'packages'),
    ...configEnv,
  };
  const backend = $({ cwd: BACKEND, env, stdio: 'inherit', nothrow: true })`node --import tsx src/index.ts ${configArgs}`;
  try {
    await waitFor(`${backendUrl}/.backstage/health/v1/readiness`, backend, 180_000);
    step('Screenshots (headless Chromium)');
    const files = await screenshots(outDir, chromium);
    for (const f of files) console.log(chalk.green(`✓ ${f}`));
  } finally {
    // The backend may have exited already (a failed start): then there is nothing to stop.
    try {
      await backend.kill('SIGTERM');
    } catch {
      // zx refuses to kill a process that has already ended.
    }
  }
  const size = async (dir: string): Promise<string> => (await $({ quiet: true })`du -sh ${dir}`).stdout.split('\t')[0];
  step(`Done: app node_modules ${await size(join(APP, 'node_modules'))}, backend node_modules ${await size(join(BACKEND, 'node_modules'))}, frontend dist ${await size(join(APP, 'dist'))}`);
  return 0;
}

main().then((code) => process.exit(code)).catch((err) => {
  process.stderr.write(`${chalk.red('✗')} ${formatError(err)}\n`);
  process.exit(1);
});
