import { maskUrlCredentials } from './url-credentials';

/** One thing wrong with a config: where, what, and how to fix it. */
export interface ConfigProblem {
  /** Dotted config path, e.g. `spokes.prod.vpcCidr`. */
  readonly path: string;
  /** The offending value (undefined when missing). */
  readonly value: unknown;
  /** What to do about it. */
  readonly fix: string;
  /** The file the value comes from, when not the config file itself (e.g. `platform.d/spokes/qa.yaml`). */
  readonly file?: string;
}

/** `<config path>[ (<file>)]: <bad value> — <how to fix>` */
export function formatProblem(p: ConfigProblem): string {
  // Masked: a credential pasted into a URL must not reach the terminal or a CI log.
  const shown = p.value === undefined ? '(missing)' : maskUrlCredentials(JSON.stringify(p.value));
  return `${p.path || '(root)'}${p.file ? ` (${p.file})` : ''}: ${shown} — ${p.fix}`;
}

/** Thrown by resolveConfig() with every problem found, never just the first. */
export class ConfigError extends Error {
  constructor(readonly problems: readonly ConfigProblem[], readonly source = 'platform config') {
    super(`${source} has ${problems.length} problem${problems.length === 1 ? '' : 's'}:\n${problems.map((p) => `  ${formatProblem(p)}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}
