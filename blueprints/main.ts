import { App } from 'aws-cdk-lib';
import { DEFAULT_CONFIG_FILE, loadResolvedConfig } from '../config/load-config';
import { formatError } from '../scripts/lib/format-error';
import { buildPlatform } from './platform-app';

// CDK app entry (cdk.json runs it with tsx). `-c platformConfig=FILE` synthesizes another config
// (tests and benchmarks); the default is the fork's platform.config.ts.
const app = new App();
try {
  const file = (app.node.tryGetContext('platformConfig') as string | undefined) ?? DEFAULT_CONFIG_FILE;
  buildPlatform(app, loadResolvedConfig(file));
  app.synth();
} catch (err) {
  process.stderr.write(`${formatError(err)}\n`);
  process.exit(1);
}
