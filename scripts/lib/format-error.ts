import { ConfigError } from '../../config/config-error';

/** One readable message for any error: config problems list every problem, others show their message. */
export function formatError(err: unknown): string {
  if (err instanceof ConfigError) return err.message;
  if (err instanceof Error) return err.stack ?? err.message;
  return String(err);
}
