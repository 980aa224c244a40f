import { App } from 'aws-cdk-lib';
import { DEFAULT_CONFIG_FILE, loadResolvedConfig } from '../config/load-config';
import { formatError } from '../scripts/lib/format-error';
import { buildPlatform } from './platform-app';

// CDK app entry. cdk.json runs it through blueprints/run-app.cjs as a cached esbuild bundle with plain
// node. `-c platformConfig=FILE` synthesizes another config (tests and benchmarks); the default is the
// fork's platform.config.ts.
const app = new App();
try {
  const file = (app.node.tryGetContext('platformConfig') as string | undefined) ?? DEFAULT_CONFIG_FILE;
  buildPlatform(app, withTypeScript(file, () => loadResolvedConfig(file)));
  app.synth();
} catch (err) {
  process.stderr.write(`${formatError(err)}\n`);
  process.exit(1);
}

/**
 * Runs `load` with tsx's require hook registered when the config is a TypeScript module, and only
 * then: the bundled app has no loader of its own, and a hook left on would sit on every require of
 * aws-cdk-lib during synth (~0.9 s CPU, bench). Errors come from tsx/esbuild exactly as before, so
 * config/config-load-error.ts still reports file:line:column.
 */
function withTypeScript<T>(file: string, load: () => T): T {
  if (!/\.[cm]?ts$/.test(file)) return load();
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { register } = require('tsx/cjs/api') as typeof import('tsx/cjs/api');
  const unregister = register();
  try {
    return load();
  } finally {
    unregister();
  }
}
