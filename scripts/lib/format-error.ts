import { ConfigError } from '../../config/config-error';
import { ConfigLoadError } from '../../config/config-load-error';
import { redact } from './redact';

/** One readable message for any error, credentials masked: config problems list every problem, others show their message. */
export function formatError(err: unknown): string {
  if (err instanceof ConfigError || err instanceof ConfigLoadError) return err.message;
  if (err instanceof Error) return redact(err.stack ?? err.message);
  return redact(String(err));
}
