import { readFileSync } from 'node:fs';
import { extname, resolve } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { ConfigError } from './config-error';
import { configLoadError, locateProblems } from './config-load-error';
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
    let mod;
    try {
      mod = require(path);
    } catch (err) {
      throw configLoadError(file, path, err);
    }
    return mod.default ?? mod;
  }
  throw new Error(`${file}: unsupported config file type "${ext}"; use .ts, .json or .yaml`);
}

/** loadConfig() + resolveConfig(), naming the file in errors and, for a .ts file, the line and column of each problem. */
export function loadResolvedConfig(file: string = DEFAULT_CONFIG_FILE): ResolvedConfig {
  const raw = loadConfig(file);
  try {
    return resolveConfig(raw, file);
  } catch (err) {
    const path = resolve(file);
    if (!(err instanceof ConfigError) || !['.ts', '.mts', '.cts'].includes(extname(path))) throw err;
    throw new ConfigError(locateProblems(file, path, err.problems), file);
  }
}
