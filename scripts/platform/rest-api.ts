import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { aws, Tools } from '../lib/tools';

/** A JSON REST API: one call, its status and parsed body (never throws on an HTTP status). */
export interface RestApi {
  call(method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE', path: string, body?: unknown): Promise<{ status: number; body: any }>;
}

/**
 * A RestApi at `baseUrl` with fixed headers (the credential goes in a header, never in the URL, so
 * no log line or error message that names the URL carries it).
 */
export function restApi(baseUrl: string, headers: Readonly<Record<string, string>>): RestApi {
  const base = baseUrl.replace(/\/$/, '');
  return {
    async call(method, path, body) {
      const res = await fetch(`${base}${path}`, {
        method,
        headers: { ...headers, ...(body === undefined ? {} : { 'Content-Type': 'application/json' }) },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      const text = await res.text();
      let parsed: unknown = text;
      try { parsed = text ? JSON.parse(text) : undefined; } catch { /* a non-JSON body is returned as text */ }
      return { status: res.status, body: parsed };
    },
  };
}

/** A RestApi made on first call (credentials are read only when a call needs them: a dry run reads none). */
export function lazyApi(make: () => Promise<RestApi>): RestApi {
  let api: Promise<RestApi> | undefined;
  // A failed make (a secret not there yet) is not remembered: the next call tries again.
  return { call: async (...a) => (await (api ??= make().catch((e) => { api = undefined; throw e; }))).call(...a) };
}

/** The status of a call, 0 while the server does not answer at all (fetch's "fetch failed"); other errors propagate. */
export async function statusOrUnreachable(api: RestApi, path: string): Promise<number> {
  try {
    return (await api.call('GET', path)).status;
  } catch (e) {
    // By name: fetch's TypeError may come from another realm (a test's VM context).
    if ((e as Error)?.name === 'TypeError') return 0;
    throw e;
  }
}

/** JSON secrets by name (Secrets Manager in the hub account). */
export interface SecretStore {
  exists(name: string): Promise<boolean>;
  get(name: string): Promise<Record<string, string>>;
  put(name: string, value: Readonly<Record<string, string>>): Promise<void>;
}

/**
 * Secrets Manager through the AWS CLI. A value travels in a file readable only by this user
 * (`--secret-string file://…`), never in argv, so neither the process list nor the run log holds it.
 */
export function secretsManagerStore(tools: Tools, account: string, region: string): SecretStore {
  const cli = (...args: string[]) => [...aws(account), 'secretsmanager', ...args, '--region', region];
  return {
    exists: (name) => tools.exists(...cli('describe-secret', '--secret-id', name)),
    async get(name) {
      return JSON.parse(await tools.run(...cli('get-secret-value', '--secret-id', name, '--query', 'SecretString', '--output', 'text')));
    },
    async put(name, value) {
      const dir = mkdtempSync(join(tmpdir(), 'pb-secret-'));
      const file = join(dir, 'value.json');
      try {
        writeFileSync(file, JSON.stringify(value), { mode: 0o600 });
        if (await tools.exists(...cli('describe-secret', '--secret-id', name))) {
          await tools.run(...cli('put-secret-value', '--secret-id', name, '--secret-string', `file://${file}`));
        } else {
          await tools.run(...cli('create-secret', '--name', name, '--secret-string', `file://${file}`, '--description', 'Scoped GitLab token (git plumbing; rotated by re-running it)'));
        }
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}
