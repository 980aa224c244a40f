import { ConfigError } from '../../config/config-error';
import { resolveConfig } from '../../config/resolve-config';

/** The ConfigError resolveConfig raises for a config; fails the test when the config resolves. */
export function configErrorOf(config: unknown, source?: string): ConfigError {
  try {
    resolveConfig(config, source);
  } catch (err) {
    if (err instanceof ConfigError) return err;
    throw err;
  }
  throw new Error('expected the config to be rejected');
}
