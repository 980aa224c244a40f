import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import type { ResolvedConfig } from '../config/resolved-config';
import { portalImageRepository } from '../contract/platform-pipeline';
import { ecrRegistry } from '../contract/endpoints';

/** The committed portal app (portal/): its Dockerfile builds the image the Backstage add-on runs. */
export const PORTAL_DIR = join(__dirname, '..', 'portal');

/**
 * Not hashed: build and install output (git-ignored), and the generated app-config.platform.yaml: it is
 * a function of the config, rendered by the same `npx projen` run that renders this tag (hashing it
 * would make the tag lag one run behind), and the add-on passes the same appConfig as the last
 * `--config` (its ConfigMap), which wins over the baked copy.
 */
const NOT_SOURCE = new Set(['node_modules', 'dist', 'dist-types', '.cache', 'app-config.platform.yaml']);

function sourceFiles(dir: string): string[] {
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return []; // no portal/ (yet): the tag of nothing, so the add-on still renders and the image job says what is missing
  }
  return entries.flatMap((e) => {
    if (NOT_SOURCE.has(e.name)) return [];
    const path = join(dir, e.name);
    return e.isDirectory() ? sourceFiles(path) : e.isFile() ? [path] : [];
  });
}

/**
 * Tag of the portal image: `src-` + the first 16 hex digits of a SHA-256 over the portal's source
 * files (paths and contents). The CI job tags what it builds with it and the add-on runs that tag, so
 * the hub runs exactly the committed portal; any change to portal/ changes the rendered tag (ECR tags
 * are immutable: a new source is a new tag, never a moved one).
 */
export function portalSourceTag(dir = PORTAL_DIR): string {
  const hash = createHash('sha256');
  for (const file of sourceFiles(dir).map((f) => relative(dir, f).split(sep).join('/')).sort()) {
    hash.update(`${file}\0`).update(readFileSync(join(dir, file))).update('\0');
  }
  return `src-${hash.digest('hex').slice(0, 16)}`;
}

/** `backstage.image` values of the chart (backstage 2.4.0 values.yaml: registry, repository, tag). */
export function portalImage(config: ResolvedConfig, dir = PORTAL_DIR): { registry: string; repository: string; tag: string } {
  return { registry: ecrRegistry(config), repository: portalImageRepository(config), tag: portalSourceTag(dir) };
}
