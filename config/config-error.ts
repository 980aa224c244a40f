/** One thing wrong with a config: where, what, and how to fix it. */
export interface ConfigProblem {
  /** Dotted config path, e.g. `spokes.prod.vpcCidr`. */
  readonly path: string;
  /** The offending value (undefined when missing). */
  readonly value: unknown;
  /** What to do about it. */
  readonly fix: string;
}

/** `<config path>: <bad value> — <how to fix>` */
export function formatProblem(p: ConfigProblem): string {
  const shown = p.value === undefined ? '(missing)' : JSON.stringify(p.value);
  return `${p.path || '(root)'}: ${shown} — ${p.fix}`;
}

/** Thrown by resolveConfig() with every problem found, never just the first. */
export class ConfigError extends Error {
  constructor(readonly problems: readonly ConfigProblem[], readonly source = 'platform config') {
    super(`${source} has ${problems.length} problem${problems.length === 1 ? '' : 's'}:\n${problems.map((p) => `  ${formatProblem(p)}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}
