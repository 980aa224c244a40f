import { maskUrlCredentials } from '../../config/url-credentials';

/** Placeholder for a masked secret. */
export const MASK = '***';

/** Well-known token formats, masked wherever they appear. */
const TOKEN_PATTERNS: readonly RegExp[] = [
  /\bglpat-[A-Za-z0-9_-]{20,}/g, // GitLab personal access token
  /\bgl(?:dt|ptt|rt|oas|cbt|imt|agent|ft|soat)-[A-Za-z0-9_-]{20,}/g, // other GitLab tokens
  /\bgh[pousr]_[A-Za-z0-9]{30,}/g, // GitHub tokens
  /\bgithub_pat_[A-Za-z0-9_]{40,}/g,
  /\b(?:AKIA|ASIA)[A-Z0-9]{16}\b/g, // AWS access key IDs
  /\beyJ[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{10,}/g, // JWTs (OIDC, service-account tokens)
];

/** `--password X`, `--token=X`, `PRIVATE-TOKEN: X`, `Authorization: Bearer X`, `AWS_SECRET_ACCESS_KEY=X`… */
const SECRET_FLAG = /(?<=^|\s)(--?(?:password|passwd|token|secret|client-secret|api-key|private-token|access-token)(?:=|\s+))('[^']*'|"[^"]*"|\S+)/gi;
const SECRET_HEADER = /\b((?:private-token|job-token|x-api-key|authorization)\s*:\s*(?:(?:bearer|basic|token)\s+)?)('[^']*'|"[^"]*"|[^\s'"]+)/gi;
const SECRET_ASSIGNMENT = /\b([A-Z0-9_]*(?:PASSWORD|TOKEN|SECRET|SECRET_ACCESS_KEY|API_KEY)=)('[^']*'|"[^"]*"|\S+)/g;

/**
 * Masks credentials in a command line or log line before it is printed or written to a log: URL user
 * info and secret query parameters, known token formats, the value after `--password`/`--token`-style
 * flags, auth headers and `*_TOKEN=`-style assignments. Idempotent; text without secrets is unchanged.
 */
export function redact(text: string): string {
  let out = maskUrlCredentials(text);
  for (const pattern of TOKEN_PATTERNS) out = out.replace(pattern, MASK);
  return out
    .replace(SECRET_FLAG, (_all, flag: string) => `${flag}${MASK}`)
    .replace(SECRET_HEADER, (_all, header: string) => `${header}${MASK}`)
    .replace(SECRET_ASSIGNMENT, (_all, name: string) => `${name}${MASK}`);
}
