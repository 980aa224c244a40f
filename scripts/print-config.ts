import { DEFAULT_CONFIG_FILE, loadConfig } from '../config/load-config';
import { resolveConfig } from '../config/resolve-config';
import { parseCli } from './lib/cli';
import { formatError } from './lib/format-error';

const USAGE = `
Usage: npx projen config [FILE]

Prints the resolved config (every default applied) as JSON on stdout: exactly what the
generators and scripts read. FILE defaults to ${DEFAULT_CONFIG_FILE} (.ts, .json or .yaml).
Problems go to stderr with exit code 1.
`;

const { positional } = parseCli(USAGE, {});
const file = positional[0] ?? DEFAULT_CONFIG_FILE;
try {
  process.stdout.write(`${JSON.stringify(resolveConfig(loadConfig(file), file), null, 2)}\n`);
} catch (err) {
  process.stderr.write(`${formatError(err)}\n`);
  process.exit(1);
}
