import { readFileSync } from 'node:fs';
import { extname, resolve } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { resolveConfig } from './resolve-config';
import type { ResolvedConfig } from './resolved-config';

/** The fork's config file, relative to the repository root. */
export const DEFAULT_CONFIG_FILE = 'platform.config.ts';

/**
 * Reads a config file: a `.ts`/`.js` module exporting the config as default, or `.json`/`.yaml`
 * of the same shape. Returns the raw (unvalidated) config.
 */
export function loadConfig(file: string = DEFAULT_CONFIG_FILE): unknown {
  const path = resolve(file);
  const ext = extname(path);
  if (ext === '.json') return JSON.parse(readFileSync(path, 'utf8'));
  if (ext === '.yaml' || ext === '.yml') return parseYaml(readFileSync(path, 'utf8'));
  if (['.ts', '.js', '.mts', '.cts'].includes(ext)) {
    // Run under tsx (projen tasks, scripts, CDK app) or jest, both of which load TypeScript.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const mod = require(path);
    return mod.default ?? mod;
  }
  throw new Error(`${file}: unsupported config file type "${ext}"; use .ts, .json or .yaml`);
}

/** loadConfig() + resolveConfig(), naming the file in errors. */
export function loadResolvedConfig(file: string = DEFAULT_CONFIG_FILE): ResolvedConfig {
  return resolveConfig(loadConfig(file), file);
}
