import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { parse } from 'yaml';

/**
 * Config entries kept as one YAML file each (`<folder>/<name>.yaml` → `{ name: <contents> }`), the way
 * golden paths add applications, teams and spokes by merge request. platform.config.ts spreads the
 * result into the matching map; every file is validated like the rest of the config.
 */
export function entriesFromFolder<T = unknown>(folder: string): Record<string, T> {
  if (!existsSync(folder)) return {};
  const entries: Record<string, T> = {};
  for (const file of readdirSync(folder).filter((f) => f.endsWith('.yaml')).sort()) {
    entries[basename(file, '.yaml')] = parse(readFileSync(join(folder, file), 'utf8')) as T;
  }
  return entries;
}
