import { ConfigError } from '../../config/config-error';
import { redact } from './redact';

/** One readable message for any error, credentials masked: config problems list every problem, others show their message. */
export function formatError(err: unknown): string {
  if (err instanceof ConfigError) return err.message;
  if (err instanceof Error) return redact(err.stack ?? err.message);
  return redact(String(err));
}
