/**
 * One Backstage release in an npm lockfile, read offline: which version of each @backstage package a
 * release ships, and which installed packages are from another release. For any portal package
 * (portal/packages/*): npm resolves a transitive `^x.y.z` to the newest version, so a lockfile drifts
 * into later releases unless package.json `overrides` hold every @backstage package at the release.
 */
export interface LockPackage { version?: string; dependencies?: Record<string, string>; devDependencies?: Record<string, string> }

/**
 * The versions of one Backstage release beyond create-app's table. Backstage publishes each package
 * with its in-repo dependencies as `workspace:^`, which becomes `^<version in that release>`
 * (https://backstage.io/docs/getting-started/keeping-backstage-updated): the release's version of a
 * transitive package is the highest caret lower bound its release dependents declare (packages not
 * republished in a release still declare an older bound). Read from the lockfile, no network.
 */
export function releaseClosure(packages: Record<string, LockPackage>, table: Record<string, string>): { versions: Record<string, string>; unresolved: string[] } {
  const entry = (name: string, version: string): LockPackage | undefined => Object.entries(packages).find(([p, e]) => p.endsWith(`node_modules/${name}`) && e.version === version)?.[1];
  const newer = (a: string, b: string): boolean => { const [x, y] = [a, b].map((v) => v.split('.').map(Number)); const i = x.findIndex((n, k) => n !== y[k]); return i >= 0 && x[i] > y[i]; };
  const versions = { ...table };
  const unresolved = new Set<string>();
  for (let changed = true; changed;) {
    changed = false;
    for (const [name, version] of Object.entries(versions)) {
      const e = entry(name, version);
      if (!e) { if (!(name in table)) unresolved.add(`${name}@${version} (a release dependent requires it; the lockfile has no such entry)`); continue; }
      for (const [dep, range] of Object.entries(e.dependencies ?? {})) {
        const bound = /^\^(\d+\.\d+\.\d+)$/.exec(range)?.[1];
        if (!dep.startsWith('@backstage/') || dep in table || !bound) continue;
        if (!versions[dep] || newer(bound, versions[dep])) { versions[dep] = bound; changed = true; }
      }
    }
  }
  return { versions, unresolved: [...unresolved] };
}

/**
 * Lockfile entries of @backstage packages at another version than the release's. Roadie's Argo CD
 * plugin is released apart from Backstage and may keep its own (older) copies of the frontend APIs
 * under node_modules/@roadiehq/ (package.json overrides say which); Backstage's versioned contexts and
 * API refs are shared across copies (https://backstage.io/docs/architecture-decisions/adrs-adr008).
 */
export function offReleaseInstalls(packages: Record<string, LockPackage>, versions: Record<string, string>): string[] {
  return Object.entries(packages)
    .filter(([path]) => !path.startsWith('node_modules/@roadiehq/'))
    .map(([path, e]) => [path, /node_modules\/(@backstage\/[^/]+)$/.exec(path)?.[1], e.version] as const)
    .filter(([, name, version]) => name && versions[name] !== version)
    .map(([path, name, version]) => `${path} ${version} (release: ${versions[name!] ?? 'not in the release'})`);
}

