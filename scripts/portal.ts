import { cpSync, existsSync, globSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { $, chalk } from 'zx';
import { DEFAULT_CONFIG_FILE, loadResolvedConfig } from '../config/load-config';
import type { ResolvedConfig } from '../config/resolved-config';
import { clusterUrlEnv } from '../gitops/charts/backstage-clusters';
import { ecrRegistry } from '../contract/endpoints';
import { parseCli } from './lib/cli';
import { formatError } from './lib/format-error';

/** The create-app release this script drives; upgraded deliberately, like every pin. */
export const CREATE_APP_VERSION = '0.9.2';

/** Backend modules the platform's portal adds to the create-app backend (name → version). */
export const PORTAL_BACKEND_MODULES: Record<string, string> = {
  '@backstage/plugin-auth-backend-module-oidc-provider': '0.4.21',
  '@backstage/plugin-scaffolder-backend-module-gitlab': '0.12.0',
  '@roadiehq/backstage-plugin-argo-cd-backend': '4.8.0',
};

/**
 * Versions forced in the app (yarn resolutions): the npm registry reachable from our machines lacks
 * some platforms' optional binaries of newer releases (yarn resolves every platform's), and one
 * release is broken as published.
 */
export const PORTAL_RESOLUTIONS: Record<string, string> = {
  '@swc/core': '1.16.18',
  'unrs-resolver': '1.12.2',
  // @yarnpkg/core 4.9.2 was published depending on a `got` patch file it does not ship (yarn cannot resolve it).
  '@yarnpkg/core': '4.9.1',
};

const USAGE = `
Usage: npx projen portal [--out DIR] [--check] [--config FILE]

Creates the hub's Backstage app with @backstage/create-app ${CREATE_APP_VERSION} (non-interactive) in DIR
(default: portal/, fork-owned: commit it and customise it) and applies this platform's configuration:
  - app-config.platform.yaml rendered from the resolved config — the same app-config the Backstage
    add-on deploys (Keycloak OIDC sign-in, catalog locations of the golden paths, the Kubernetes plugin
    for every cluster, the Argo CD plugin, the GitLab integration);
  - backend modules: OIDC sign-in, GitLab scaffolder actions and catalog discovery, Argo CD;
  - the image: built by the platform's CI (Argo Workflows, BuildKit) when DIR is pushed to the hub's
    GitLab as platform/portal, into ECR ${'<hub account>'}.dkr.ecr.<region>.amazonaws.com/<prefix>/portal.
--check (opt-in, Node 22, ~2 GB, minutes; never part of \`npx projen test\`) then installs a copy of the
app (npm, under .cache/portal-check) and runs \`backstage-cli config:check --strict\` and \`tsc\`.
`;

const { args } = parseCli(USAGE, { boolean: ['check'], string: ['out', 'config'] });


function pinResolutions(appDir: string): void {
  const file = join(appDir, 'package.json');
  const pkg = JSON.parse(readFileSync(file, 'utf8')) as { resolutions?: Record<string, string> };
  pkg.resolutions = { ...pkg.resolutions, ...PORTAL_RESOLUTIONS };
  writeFileSync(file, `${JSON.stringify(pkg, null, 2)}\n`);
}

function addBackendModules(appDir: string): void {
  const index = join(appDir, 'packages', 'backend', 'src', 'index.ts');
  let src = readFileSync(index, 'utf8');
  src = src.replace("backend.add(import('@backstage/plugin-scaffolder-backend-module-github'));\n", '');
  const additions = Object.keys(PORTAL_BACKEND_MODULES).filter((m) => !src.includes(`'${m}'`)).map((m) => `backend.add(import('${m}'));`);
  if (additions.length) {
    src = src.replace('backend.start();', `// Platform Blueprint: Keycloak sign-in, GitLab, Argo CD.\n${additions.join('\n')}\n\nbackend.start();`);
    writeFileSync(index, src);
  }
  const pkgFile = join(appDir, 'packages', 'backend', 'package.json');
  const pkg = JSON.parse(readFileSync(pkgFile, 'utf8')) as { dependencies: Record<string, string> };
  delete pkg.dependencies['@backstage/plugin-scaffolder-backend-module-github'];
  Object.assign(pkg.dependencies, PORTAL_BACKEND_MODULES);
  writeFileSync(pkgFile, `${JSON.stringify(pkg, null, 2)}\n`);
}

/** create-app needs yarn on PATH; when missing, classic yarn comes from the npm registry into .cache/. */
async function ensureYarn(): Promise<Record<string, string>> {
  const env = { ...process.env } as Record<string, string>;
  if ((await $({ quiet: true, nothrow: true })`yarn --version`).exitCode === 0) return env;
  const prefix = resolve('.cache', 'yarn-1.22.22');
  if (!existsSync(join(prefix, 'node_modules', '.bin', 'yarn'))) {
    console.log(`yarn not found: installing yarn 1.22.22 from the npm registry into ${prefix}`);
    await $({ quiet: true })`npm install --prefix ${prefix} --no-save --no-audit --no-fund --no-package-lock yarn@1.22.22`;
  }
  env.PATH = `${join(prefix, 'node_modules', '.bin')}:${env.PATH}`;
  return env;
}

/**
 * The opt-in check: install the app and run Backstage's strict config check and its type check.
 * It installs a copy with npm, not yarn: the npm registry reachable from our machines lacks other
 * platforms' optional builds (e.g. some @rollup/rollup-* binaries) that yarn insists on resolving;
 * npm skips them. The copy maps yarn's `link:` to `file:` and `resolutions` to `overrides`.
 */
async function checkPortal(appDir: string, config: ResolvedConfig): Promise<void> {
  const copy = resolve('.cache', 'portal-check');
  rmSync(copy, { recursive: true, force: true });
  // npm would read and rewrite yarn's lockfile; the copy resolves from package.json (+ overrides) alone.
  cpSync(appDir, copy, { recursive: true, filter: (src) => !['yarn.lock', 'node_modules'].includes(relative(appDir, src)) });
  for (const rel of ['package.json', ...globSync(['packages/*/package.json', 'plugins/*/package.json'], { cwd: copy }).sort()]) {
    const file = join(copy, rel);
    const pkg = JSON.parse(readFileSync(file, 'utf8').replace(/"link:/g, '"file:')) as { resolutions?: Record<string, string>; overrides?: Record<string, string> };
    if (rel === 'package.json') pkg.overrides = { ...pkg.resolutions };
    writeFileSync(file, `${JSON.stringify(pkg, null, 2)}\n`);
  }
  const sh = $({ cwd: copy, stdio: 'inherit' });
  console.log(chalk.bold(`Installing ${copy} (npm, ~2 GB, minutes)`));
  await sh`npm install --no-audit --no-fund --loglevel=error --legacy-peer-deps`;
  // Values that come from Kubernetes Secrets at run time (names only; the check needs them set).
  const runtimeEnv = Object.fromEntries([
    'BACKEND_SECRET', 'clientID', 'clientSecret', 'GITLAB_TOKEN',
    ...config.spokes.map((c) => clusterUrlEnv(c.name)),
  ].map((k) => [k, k.startsWith('CLUSTER_URL_') ? 'https://example.invalid' : 'set-at-runtime']));
  await $({ cwd: copy, stdio: 'inherit', env: { ...process.env, ...runtimeEnv } })`npx backstage-cli config:check --strict --config app-config.yaml --config app-config.platform.yaml`;
  await sh`npx tsc`;
  console.log(chalk.green('✓ backstage-cli config:check --strict and tsc pass'));
}

async function main(): Promise<number> {
  const config = loadResolvedConfig(args.config ?? DEFAULT_CONFIG_FILE);
  const appDir = resolve(args.out ?? 'portal');
  const appName = `${config.name}-portal`;
  if (!existsSync(join(appDir, 'package.json'))) {
    console.log(chalk.bold(`Creating ${appName} with @backstage/create-app ${CREATE_APP_VERSION} in ${appDir}`));
    const env = await ensureYarn();
    await $({ env: { ...env, BACKSTAGE_APP_NAME: appName }, stdio: 'inherit' })`npx --yes ${`@backstage/create-app@${CREATE_APP_VERSION}`} --path ${appDir} --skip-install`;
  } else {
    console.log(`${appDir} exists: applying the platform configuration again (idempotent)`);
  }
  // portal/app-config.platform.yaml is written by `npx projen` (gitops/portal-app-config.ts).
  addBackendModules(appDir);
  pinResolutions(appDir);
  console.log(chalk.green(`✓ ${appDir}: app-config.platform.yaml, backend modules (${Object.keys(PORTAL_BACKEND_MODULES).join(', ')})`));
  console.log(`  image: push ${appDir} to the hub GitLab as platform/portal; CI pushes ${ecrRegistry(config)}/${config.resourcePrefix}/portal`);

  if (args.check) await checkPortal(appDir, config);
  return 0;
}

main().then((code) => process.exit(code)).catch((err) => {
  process.stderr.write(`${chalk.red('✗')} ${formatError(err)}\n`);
  process.exit(1);
});
