import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { LockPackage, offReleaseInstalls, releaseClosure } from '../support/backstage-release';

/**
 * The portal backend's pins, read from its package.json and package-lock.json (no network): one
 * Backstage release (the one of @backstage/create-app 0.9.2; the golden-path tests run this install's
 * scaffolder, test/support/portal-backend-modules.ts), exact versions, the lockfile agreeing, and every
 * plugin or module it depends on actually added to the backend.
 */
const ROOT = join(__dirname, '..', '..');
const BACKEND = join(ROOT, 'portal', 'packages', 'backend');
const pkg = JSON.parse(readFileSync(join(BACKEND, 'package.json'), 'utf8')) as { dependencies: Record<string, string>; devDependencies: Record<string, string> };
const lock = JSON.parse(readFileSync(join(BACKEND, 'package-lock.json'), 'utf8')) as { packages: Record<string, LockPackage & { version: string }> };
const release = JSON.parse(readFileSync(join(ROOT, 'portal', 'packages', 'app', 'backstage-release.json'), 'utf8')) as { release: string; packages: Record<string, string> };
/**
 * Modules a new create-app backend does not add, so create-app's table cannot vouch for them: the backend
 * pins them at the versions published with the release (nothing else in the lockfile depends on them, so
 * releaseClosure cannot derive them either). Named here so any other unknown package still fails.
 */
const PINNED_BEYOND_TABLE = ['@backstage/plugin-auth-backend-module-oidc-provider', '@backstage/plugin-scaffolder-backend-module-gitlab'];
const backendTable = (): Record<string, string> => ({ ...release.packages, ...Object.fromEntries(PINNED_BEYOND_TABLE.map((n) => [n, pkg.dependencies[n]])) });
const rootPkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { dependencies: Record<string, string>; devDependencies: Record<string, string> };
const index = readFileSync(join(BACKEND, 'src', 'index.ts'), 'utf8');

describe('portal/packages/backend', () => {
  test('every dependency is an exact version, and the lockfile installs exactly it', () => {
    const all = { ...pkg.dependencies, ...pkg.devDependencies };
    expect(Object.entries(all).filter(([, v]) => !/^\d+\.\d+\.\d+$/.test(v))).toEqual([]);
    expect(Object.entries(all).filter(([name, v]) => lock.packages[`node_modules/${name}`]?.version !== v)).toEqual([]);
  });

  test('every @backstage package it pins is the release table\'s version (the golden-path tests run this install\'s scaffolder), and the root pins none', () => {
    const table = backendTable();
    const pinned = Object.entries(pkg.dependencies).filter(([n]) => n.startsWith('@backstage/'));
    expect(pinned.length).toBeGreaterThan(10);
    expect(pinned.filter(([n, v]) => table[n] !== v)).toEqual([]);
    expect(Object.keys({ ...rootPkg.dependencies, ...rootPkg.devDependencies }).filter((n) => n.startsWith('@backstage/'))).toEqual([]);
  });

  test('every plugin and module it depends on is added to the backend (nothing installed and left out)', () => {
    const features = Object.keys(pkg.dependencies).filter((n) => /plugin-|backstage-plugin-/.test(n) && !/-node$|-common$/.test(n));
    expect(features.filter((n) => !index.includes(`backend.add(import('${n}'))`))).toEqual([]);
    // The providers and views the platform needs are among them.
    expect(features).toEqual(expect.arrayContaining([
      '@backstage/plugin-auth-backend-module-oidc-provider',
      '@backstage/plugin-auth-backend-module-guest-provider',
      '@backstage-community/plugin-catalog-backend-module-keycloak',
      '@backstage/plugin-catalog-backend-module-scaffolder-entity-model',
      '@backstage/plugin-scaffolder-backend-module-gitlab',
      '@backstage/plugin-kubernetes-backend',
      '@roadiehq/backstage-plugin-argo-cd-backend',
      '@backstage/plugin-techdocs-backend',
    ]));
  });

  test(`every @backstage package the lockfile installs is the one Backstage ${release.release} released`, () => {
    // npm takes the newest version in a transitive ^range (a later release) unless package.json
    // `overrides` hold it (https://docs.npmjs.com/cli/v10/configuring-npm/package-json#overrides).
    const { versions, unresolved } = releaseClosure(lock.packages, backendTable());
    expect(unresolved).toEqual([]);
    expect(Object.keys(versions).length).toBeGreaterThan(Object.keys(release.packages).length);
    expect(offReleaseInstalls(lock.packages, versions)).toEqual([]);
  });

  test('fails when the backend installs a later release of a transitive package (backend-plugin-api 1.12.0)', () => {
    const { versions } = releaseClosure(lock.packages, backendTable());
    expect(versions['@backstage/backend-plugin-api']).toMatch(/^\d+\.\d+\.\d+$/);
    const drifted = { ...lock.packages, 'node_modules/@backstage/backend-plugin-api': { version: '1.12.0' } };
    expect(offReleaseInstalls(drifted, versions)).toEqual([`node_modules/@backstage/backend-plugin-api 1.12.0 (release: ${versions['@backstage/backend-plugin-api']})`]);
  });
});
