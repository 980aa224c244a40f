export { definePlatform, resolveConfig } from './resolve-config';
export { ConfigError, formatProblem } from './config-error';
export type { ConfigProblem } from './config-error';
export type { PlatformConfig } from './schema';
export type { ResolvedConfig, ResolvedCluster, ResolvedTeam, ResolvedApplication } from './resolved-config';
export { loadConfig, loadResolvedConfig } from './load-config';
export { entriesFromFolder } from './entries-from-folder';
