import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as ts from 'typescript';
import { backstageValues } from '../../gitops/addon-config/backstage';
import { LockPackage, offReleaseInstalls, releaseClosure } from '../support/backstage-release';
import { forkLikeConfig } from '../support/test-config';

/**
 * The portal's frontend (portal/packages/app) is not installed by the suite (a Backstage frontend is
 * ~1 GB of node_modules); these cheap checks guard what a build would otherwise catch late. The
 * real proof is `npx projen portal:screenshot`, which installs, type-checks, builds and renders it.
 */
const PORTAL = join(__dirname, '..', '..', 'portal');
const APP = join(PORTAL, 'packages', 'app');

interface PackageJson { dependencies?: Record<string, string>; devDependencies?: Record<string, string> }
interface ReleaseTable { release: string; packages: Record<string, string> }

const readJson = <T>(file: string): T => JSON.parse(readFileSync(file, 'utf8')) as T;
const appPkg = readJson<PackageJson>(join(APP, 'package.json'));
const lock = readJson<{ lockfileVersion: number; packages: Record<string, LockPackage> }>(join(APP, 'package-lock.json'));
// The version table @backstage/create-app of one release writes into a new app (see its `source`).
const release = readJson<ReleaseTable>(join(APP, 'backstage-release.json'));
const allDeps = (p: PackageJson): Record<string, string> => ({ ...p.dependencies, ...p.devDependencies });

/** Backstage packages a package.json pins that the release table does not know (so cannot vouch for). */
function unknownBackstagePins(deps: Record<string, string>): string[] {
  return Object.keys(deps).filter((n) => n.startsWith('@backstage/') && !(n in release.packages));
}

/** Pins that differ from the release table: `name pinned → release` for each. */
function offReleasePins(deps: Record<string, string>): string[] {
  return Object.entries(deps).filter(([n, v]) => n in release.packages && v !== release.packages[n]).map(([n, v]) => `${n} ${v} → ${release.packages[n]}`);
}

/** Imported names per module specifier of a TSX file, and the JSX tags it renders. */
function tsxFacts(file: string): { imports: Map<string, Set<string>>; jsxTags: Set<string> } {
  const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true, ts.ScriptKind.TSX);
  const imports = new Map<string, Set<string>>();
  const jsxTags = new Set<string>();
  const visit = (node: ts.Node): void => {
    if (ts.isImportDeclaration(node) && ts.isStringLiteral(node.moduleSpecifier)) {
      const names = imports.get(node.moduleSpecifier.text) ?? new Set<string>();
      const bindings = node.importClause?.namedBindings;
      if (bindings && ts.isNamedImports(bindings)) bindings.elements.forEach((e) => names.add((e.propertyName ?? e.name).text));
      imports.set(node.moduleSpecifier.text, names);
    }
    if (ts.isJsxOpeningElement(node) || ts.isJsxSelfClosingElement(node)) jsxTags.add(node.tagName.getText(source));
    ts.forEachChild(node, visit);
  };
  visit(source);
  return { imports, jsxTags };
}

describe('portal frontend (portal/packages/app)', () => {
  test('pins every dependency to an exact version (a range would let the lockfile drift from the release)', () => {
    const ranged = Object.entries(allDeps(appPkg)).filter(([, v]) => !/^\d+\.\d+\.\d+$/.test(v));
    expect(ranged).toEqual([]);
  });

  test(`pins every @backstage package at the version of Backstage ${release.release}`, () => {
    const deps = allDeps(appPkg);
    expect(Object.keys(deps).filter((n) => n.startsWith('@backstage/')).length).toBeGreaterThan(10);
    expect(unknownBackstagePins(deps)).toEqual([]);
    expect(offReleasePins(deps)).toEqual([]);
  });

  test('fails when a pin is from another release (the check compares versions, not names)', () => {
    const drifted = { ...appPkg.dependencies, '@backstage/plugin-kubernetes': '0.12.22', '@backstage/plugin-made-up': '1.0.0' };
    expect(offReleasePins(drifted)).toEqual(['@backstage/plugin-kubernetes 0.12.22 → 0.12.23']);
    expect(unknownBackstagePins(drifted)).toEqual(['@backstage/plugin-made-up']);
  });

  test('every portal package pins the shared @backstage packages at the same release, and the repository root pins none', () => {
    // The backend (portal/packages/backend) shares one release with the app; the root's golden-path tests load the backend's install.
    const packages = readdirSync(join(PORTAL, 'packages')).map((d) => join(PORTAL, 'packages', d, 'package.json')).filter(existsSync);
    expect(packages).toContain(join(APP, 'package.json'));
    const root = readJson<PackageJson>(join(__dirname, '..', '..', 'package.json'));
    const offRelease = [...packages, 'root'].flatMap((file) => offReleasePins(allDeps(file === 'root' ? root : readJson<PackageJson>(file))).map((p) => `${file}: ${p}`));
    expect(offRelease).toEqual([]);
    // The root pins no Backstage package: the golden-path tests load them from the portal backend's install.
    expect(Object.keys(allDeps(root)).filter((n) => n.startsWith('@backstage/'))).toEqual([]);
  });

  test('the lockfile installs exactly the pins', () => {
    expect(lock.lockfileVersion).toBe(3);
    // npm ci refuses a lockfile whose root entry differs from package.json; check it here without npm.
    expect(allDeps({ dependencies: lock.packages[''].dependencies, devDependencies: lock.packages[''].devDependencies })).toEqual(allDeps(appPkg));
    const installed = Object.entries(allDeps(appPkg)).filter(([n, v]) => lock.packages[`node_modules/${n}`]?.version !== v);
    expect(installed).toEqual([]);
  });

  test(`every @backstage package the lockfile installs is the one Backstage ${release.release} released`, () => {
    const { versions, unresolved } = releaseClosure(lock.packages, release.packages);
    expect(unresolved).toEqual([]);
    expect(offReleaseInstalls(lock.packages, versions)).toEqual([]);
  });

  test('fails when a transitive @backstage package is from a later release (npm picked the newest in range)', () => {
    const { versions } = releaseClosure(lock.packages, release.packages);
    const kubernetesReact = versions['@backstage/plugin-kubernetes-react'];
    expect(kubernetesReact).toMatch(/^\d+\.\d+\.\d+$/);
    const drifted = { ...lock.packages, 'node_modules/@backstage/plugin-kubernetes-react': { version: '99.0.0' } };
    expect(offReleaseInstalls(drifted, versions)).toEqual([`node_modules/@backstage/plugin-kubernetes-react 99.0.0 (release: ${kubernetesReact})`]);
  });

  const entityPage = tsxFacts(join(APP, 'src', 'components', 'catalog', 'EntityPage.tsx'));

  test('the entity page renders Kubernetes workloads/pods/logs, Argo CD sync/health/history and the entity links', () => {
    const wired: Record<string, string[]> = {
      '@backstage/plugin-kubernetes': ['EntityKubernetesContent', 'isKubernetesAvailable'],
      '@roadiehq/backstage-plugin-argo-cd': ['EntityArgoCDOverviewCard', 'EntityArgoCDHistoryCard', 'isArgocdAvailable'],
      '@backstage/plugin-catalog': ['EntityLinksCard', 'EntityAboutCard'],
    };
    for (const [module, names] of Object.entries(wired)) {
      expect([module, names.filter((n) => !entityPage.imports.get(module)?.has(n))]).toEqual([module, []]);
    }
    // Imported is not enough: the cards must be rendered.
    const rendered = ['EntityKubernetesContent', 'EntityArgoCDOverviewCard', 'EntityArgoCDHistoryCard', 'EntityLinksCard'];
    expect(rendered.filter((t) => !entityPage.jsxTags.has(t))).toEqual([]);
  });

  test('the app depends on every module its entity page imports', () => {
    const packageOf = (spec: string): string => spec.split('/').slice(0, spec.startsWith('@') ? 2 : 1).join('/');
    const missing = [...entityPage.imports.keys()].filter((s) => !s.startsWith('.')).map(packageOf).filter((p) => !(p in appPkg.dependencies!));
    expect(missing).toEqual([]);
  });

  test('the Keycloak sign-in calls the auth provider the generated app-config configures', () => {
    const keycloakAuth = readFileSync(join(APP, 'src', 'keycloak-auth.ts'), 'utf8');
    const providerId = /KEYCLOAK_PROVIDER_ID = '([^']+)'/.exec(keycloakAuth)?.[1];
    const appConfig = (backstageValues(forkLikeConfig()).backstage as { appConfig: { auth: { environment?: string; providers: Record<string, unknown> } } }).appConfig;
    expect(Object.keys(appConfig.auth.providers)).toContain(providerId);
    // The sign-in page offers Keycloak outside `development` (guest only there): the hub must say production.
    expect(appConfig.auth.environment).toBe('production');
    const app = tsxFacts(join(APP, 'src', 'App.tsx'));
    expect(app.imports.get('./components/signin/PlatformSignInPage')).toEqual(new Set(['PlatformSignInPage']));
  });
});
