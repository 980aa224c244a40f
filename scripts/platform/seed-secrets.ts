import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { LAYOUT, PLATFORM_SECRETS_FILE } from '../../gitops/gitops-layout';
import type { Step, StepTarget } from '../lib/plan';
import type { Tools } from '../lib/tools';
import type { SecretStore } from './rest-api';

/** The fields of a rendered ExternalSecret the seeding reads. */
export interface RenderedExternalSecret {
  readonly metadata: { readonly name: string; readonly namespace: string };
  readonly spec: {
    readonly target?: {
      readonly name?: string;
      readonly template?: { readonly metadata?: { readonly labels?: Record<string, string> }; readonly data?: Record<string, string> };
    };
    readonly data?: readonly { readonly secretKey: string; readonly remoteRef: { readonly key: string; readonly property?: string } }[];
  };
}

/** The ExternalSecrets of a rendered file (the tree Argo CD syncs), by `namespace/name`. */
export function renderedExternalSecrets(file: string): Map<string, RenderedExternalSecret> {
  if (!existsSync(file)) throw new Error(`${file} is missing: run \`npx projen\` first`);
  const out = new Map<string, RenderedExternalSecret>();
  for (const doc of parseAllDocuments(readFileSync(file, 'utf8'))) {
    const o = doc.toJS() as { kind?: string } & RenderedExternalSecret;
    if (o?.kind === 'ExternalSecret') out.set(`${o.metadata.namespace}/${o.metadata.name}`, o);
  }
  return out;
}

/** A `{{ .key }}` placeholder, the only template form the seeding evaluates. */
const PLACEHOLDER = /\{\{\s*\.([A-Za-z_][A-Za-z0-9_]*)\s*\}\}/g;

/**
 * The Secret External Secrets makes from an ExternalSecret, given the remote values: what the bootstrap
 * applies before External Secrets runs on the hub. External Secrets then adopts it: with `creationPolicy:
 * Owner` it takes over a same-named Secret that has no owner
 * (https://external-secrets.io/latest/guides/ownership-deletion-policy/#owner-default), and rewrites it
 * from the same remote values on its next refresh.
 * - Without a template, each `data[].secretKey` holds its remote value.
 * - With `target.template.data` (engine v2, `mergePolicy: Replace`), the Secret holds exactly the
 *   templated keys (https://external-secrets.io/latest/guides/templating/). Only `{{ .key }}` (a
 *   `data[].secretKey`) is evaluated here; any other Go template expression is refused by name, never
 *   guessed. A missing key fails like ESO's `missingkey=error`.
 */
export async function externalSecretAsSecret(es: RenderedExternalSecret, remote: (key: string) => Promise<Record<string, string>>): Promise<Record<string, unknown>> {
  const values: Record<string, string> = {};
  for (const d of es.spec.data ?? []) {
    const doc = await remote(d.remoteRef.key);
    const value = d.remoteRef.property === undefined ? JSON.stringify(doc) : doc[d.remoteRef.property];
    if (typeof value !== 'string') throw new Error(`ExternalSecret ${es.metadata.namespace}/${es.metadata.name}: Secrets Manager ${d.remoteRef.key} has no "${d.remoteRef.property}"`);
    values[d.secretKey] = value;
  }
  const template = es.spec.target?.template;
  const fill = (text: string) => {
    const rest = text.replace(PLACEHOLDER, '');
    if (rest.includes('{{')) throw new Error(`ExternalSecret ${es.metadata.namespace}/${es.metadata.name}: the bootstrap evaluates only {{ .key }} placeholders, not "${rest.slice(rest.indexOf('{{'), rest.indexOf('}}') + 2)}"`);
    return text.replace(PLACEHOLDER, (_, key: string) => {
      if (!(key in values)) throw new Error(`ExternalSecret ${es.metadata.namespace}/${es.metadata.name}: template key "${key}" is not in its data (missingkey=error)`);
      return values[key];
    });
  };
  const data = template?.data ? Object.fromEntries(Object.entries(template.data).map(([k, v]) => [k, fill(v)])) : values;
  return {
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: { name: es.spec.target?.name ?? es.metadata.name, namespace: es.metadata.namespace, ...(template?.metadata?.labels ? { labels: template.metadata.labels } : {}) },
    type: 'Opaque',
    stringData: data,
  };
}

export interface SeedContext {
  readonly tools: Tools;
  readonly secrets: SecretStore;
  readonly hubContext: string;
  readonly target: StepTarget;
}

/**
 * Applies the Secrets of some rendered ExternalSecrets, values from Secrets Manager, through kubectl's
 * stdin (`-f -`): a value is never in argv, in a file or in the run log. Namespaces are applied with them.
 */
export async function seedSecrets(ctx: SeedContext, externalSecrets: readonly RenderedExternalSecret[]): Promise<void> {
  // Each Secrets Manager entry is read once, however many keys of it the ExternalSecrets name.
  const fetched = new Map<string, Promise<Record<string, string>>>();
  const remote = (key: string) => {
    if (!fetched.has(key)) fetched.set(key, ctx.secrets.get(key));
    return fetched.get(key)!;
  };
  const secrets = await Promise.all(externalSecrets.map((es) => externalSecretAsSecret(es, remote)));
  const namespaces = [...new Set(externalSecrets.map((es) => es.metadata.namespace))].map((name) => ({ apiVersion: 'v1', kind: 'Namespace', metadata: { name } }));
  await ctx.tools.runWithInput(JSON.stringify({ apiVersion: 'v1', kind: 'List', items: [...namespaces, ...secrets] }), 'kubectl', 'apply', '--context', ctx.hubContext, '-f', '-');
}

/** Whether every target Secret exists on the hub (read-only). */
export async function secretsSeeded(ctx: SeedContext, externalSecrets: readonly RenderedExternalSecret[]): Promise<boolean> {
  for (const es of externalSecrets) {
    if (!(await ctx.tools.exists('kubectl', 'get', 'secret', es.spec.target?.name ?? es.metadata.name, '--namespace', es.metadata.namespace, '--context', ctx.hubContext))) return false;
  }
  return true;
}

/**
 * A step that seeds some rendered ExternalSecrets' Secrets on the hub before External Secrets runs there.
 * The rendered file is read when the step runs (a plan can be built and printed before `npx projen`).
 */
export function seedSecretsStep(ctx: SeedContext & { name: string; description: string; after: readonly string[]; config: { git: { basePath: string } }; targets: readonly { namespace: string; name: string }[] }): Step {
  const externalSecrets = () => ctx.targets.map((t) => platformExternalSecret(ctx.config, t.namespace, t.name));
  return {
    name: ctx.name,
    description: ctx.description,
    commands: [
      `aws secretsmanager get-secret-value (the entries ${platformSecretsFile(ctx.config)} names for them)`,
      `kubectl apply --context ${ctx.hubContext} -f - (Secrets ${ctx.targets.map((t) => `${t.namespace}/${t.name}`).join(', ')} on stdin)`,
    ],
    target: ctx.target,
    after: [...ctx.after],
    typicalMinutes: 0.2,
    check: () => secretsSeeded(ctx, externalSecrets()),
    apply: () => seedSecrets(ctx, externalSecrets()),
  };
}

/** Where the rendered platform ExternalSecrets are, relative to the fork's root (the bootstrap's working folder). */
export function platformSecretsFile(config: { git: { basePath: string } }): string {
  return join(config.git.basePath, LAYOUT.platformCustom, PLATFORM_SECRETS_FILE);
}

/** The rendered platform ExternalSecret `namespace/name`; fails naming the file when it is not there. */
export function platformExternalSecret(config: { git: { basePath: string } }, namespace: string, name: string): RenderedExternalSecret {
  const file = platformSecretsFile(config);
  const es = renderedExternalSecrets(file).get(`${namespace}/${name}`);
  if (!es) throw new Error(`${file} has no ExternalSecret ${namespace}/${name}: run \`npx projen\` to render the tree for this config`);
  return es;
}
