import { minimist } from 'zx';

/** A script's command line: flags parsed by minimist, `--help` printed from one usage text. */
export interface Cli {
  readonly args: minimist.ParsedArgs;
  readonly positional: string[];
}

/**
 * Parses argv; prints `usage` and exits 0 on --help/-h; rejects unknown flags (exit 2) so a typo
 * never silently changes what a script does.
 */
export function parseCli(usage: string, spec: { boolean?: string[]; string?: string[] }, argv = process.argv.slice(2)): Cli {
  const known = new Set(['help', 'h', ...(spec.boolean ?? []), ...(spec.string ?? [])]);
  const args = minimist(argv, {
    boolean: ['help', ...(spec.boolean ?? [])],
    string: spec.string ?? [],
    alias: { h: 'help' },
    unknown: (arg) => {
      if (arg.startsWith('-') && !known.has(arg.replace(/^-+/, '').split('=')[0])) {
        process.stderr.write(`unknown option ${arg}\n\n${usage.trim()}\n`);
        process.exit(2);
      }
      return true;
    },
  });
  if (args.help) {
    process.stdout.write(`${usage.trim()}\n`);
    process.exit(0);
  }
  return { args, positional: args._.map(String) };
}
