import { DEFAULT_CONFIG_FILE, loadResolvedConfig } from '../config/load-config';
import { parseCli } from './lib/cli';
import { formatError } from './lib/format-error';

const USAGE = `
Usage: npx projen validate [FILE]

Validates the platform config and reports EVERY problem as
  <config path>: <bad value> — <how to fix>
FILE defaults to ${DEFAULT_CONFIG_FILE}; it may be a .ts module exporting the config as default,
or a .json/.yaml file of the same shape. Exit code 0 when valid, 1 when not. Makes no AWS call.
`;

const { positional } = parseCli(USAGE, {});
const file = positional[0] ?? DEFAULT_CONFIG_FILE;
try {
  const config = loadResolvedConfig(file);
  process.stdout.write(`${file}: valid — platform "${config.name}", ${config.clusters.length} clusters (${config.clusters.map((c) => c.name).join(', ')}), ${config.teams.length} teams, ${config.applications.length} applications\n`);
} catch (err) {
  process.stderr.write(`${formatError(err)}\n`);
  process.exit(1);
}
