import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { parse } from 'yaml';
import type { PlatformConfig } from './schema';

type Applications = NonNullable<PlatformConfig['applications']>;

/**
 * Applications registered as one YAML file each (`<folder>/<name>.yaml`), the way the "onboard a
 * service" golden path adds them by merge request. platform.config.ts spreads the result into
 * `applications`; each file is validated like the rest of the config.
 */
export function applicationsFromFolder(folder: string): Applications {
  if (!existsSync(folder)) return {};
  const apps: Applications = {};
  for (const file of readdirSync(folder).filter((f) => f.endsWith('.yaml')).sort()) {
    apps[basename(file, '.yaml')] = parse(readFileSync(join(folder, file), 'utf8'));
  }
  return apps;
}
