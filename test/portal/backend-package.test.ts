import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The portal backend's pins, read from its package.json and package-lock.json (no network): one
 * Backstage release (the one of @backstage/create-app 0.9.2, whose backend-defaults and scaffolder-backend
 * the root project pins for the golden-path tests), exact versions, the lockfile agreeing, and every
 * plugin or module it depends on actually added to the backend.
 */
const ROOT = join(__dirname, '..', '..');
const BACKEND = join(ROOT, 'portal', 'packages', 'backend');
const pkg = JSON.parse(readFileSync(join(BACKEND, 'package.json'), 'utf8')) as { dependencies: Record<string, string>; devDependencies: Record<string, string> };
const lock = JSON.parse(readFileSync(join(BACKEND, 'package-lock.json'), 'utf8')) as { packages: Record<string, { version: string }> };
const rootPkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { devDependencies: Record<string, string> };
const index = readFileSync(join(BACKEND, 'src', 'index.ts'), 'utf8');

describe('portal/packages/backend', () => {
  test('every dependency is an exact version, and the lockfile installs exactly it', () => {
    const all = { ...pkg.dependencies, ...pkg.devDependencies };
    expect(Object.entries(all).filter(([, v]) => !/^\d+\.\d+\.\d+$/.test(v))).toEqual([]);
    expect(Object.entries(all).filter(([name, v]) => lock.packages[`node_modules/${name}`]?.version !== v)).toEqual([]);
  });

  test('the Backstage release the root project pins: backend-defaults and scaffolder-backend are the same versions', () => {
    for (const name of ['@backstage/backend-defaults', '@backstage/plugin-scaffolder-backend']) {
      expect([name, pkg.dependencies[name]]).toEqual([name, rootPkg.devDependencies[name]]);
    }
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
});
