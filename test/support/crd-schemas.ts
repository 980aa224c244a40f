import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv, { ValidateFunction } from 'ajv';
import { parseAllDocuments } from 'yaml';
import { ADDONS } from '../../catalog/registry';
import { pinnedChartData } from './chart-data';

type Schema = Record<string, unknown>;

/**
 * Kinds the platform renders that no pinned chart installs: EKS itself provides them (Auto Mode's
 * `eks.amazonaws.com` NodeClass / IngressClassParams, `karpenter.sh` NodePool). Each entry needs the
 * reason and a schema source (a CRD file); a rendered kind in neither this list nor a pinned chart
 * fails validation. Empty today: no such kind is rendered yet, and no CRD file of these EKS-managed
 * kinds is available offline here (../shared/crds has none) — add the file with its entry.
 */
export const PLATFORM_PROVIDED_KINDS: readonly { readonly key: string; readonly reason: string; readonly schemaFile: string }[] = [];

/** A string that is one whole kro CEL expression, `${…}`, whose value kro substitutes with its type. */
export const PURE_CEL_EXPRESSION = '^\\$\\{[^$]*\\}$';

/**
 * JavaScript RegExp of a Go RE2 pattern: `(?i)` (kube-prometheus-stack's day/month names) has no JS
 * inline form, so letters become both cases. Applied to the whole pattern: slightly more lenient than
 * RE2 when `(?i)` starts mid-pattern, never stricter.
 */
export function re2ToJs(pattern: string): string {
  if (!pattern.includes('(?i)')) return pattern;
  const src = pattern.split('(?i)').join('');
  let out = '';
  let cls = '';
  let inClass = false;
  for (let i = 0; i < src.length; i++) {
    const c = src[i];
    if (c === '\\') {
      (inClass ? (cls += c + src[i + 1]) : (out += c + src[i + 1]));
      i++;
    } else if (inClass) {
      if (c === ']') {
        out += `[${cls}${/[a-z]/i.test(cls) ? cls.replace(/[a-z]/gi, (l) => (l === l.toLowerCase() ? l.toUpperCase() : l.toLowerCase())) : ''}]`;
        inClass = false;
        cls = '';
      } else cls += c;
    } else if (c === '[') inClass = true;
    else out += /[a-z]/i.test(c) ? `[${c.toLowerCase()}${c.toUpperCase()}]` : c;
  }
  return out;
}

/**
 * Closes an OpenAPI schema the way a strict API server treats it: an object with `properties` and
 * neither `additionalProperties` nor `x-kubernetes-preserve-unknown-fields` rejects unknown fields.
 * With `cel` (kro templates), a number/boolean/enum field also accepts a pure `${…}` expression and
 * a constrained string field any string holding an expression.
 */
function close(schema: Schema, cel: boolean): Schema {
  const out: Schema = {};
  for (const [k, v] of Object.entries(schema)) {
    if (k === 'properties' && v && typeof v === 'object') {
      out.properties = Object.fromEntries(Object.entries(v as Record<string, Schema>).map(([p, s]) => [p, close(s, cel)]));
    } else if (['items', 'additionalProperties', 'not'].includes(k) && v && typeof v === 'object') {
      out[k] = close(v as Schema, cel);
    } else if (['allOf', 'anyOf', 'oneOf'].includes(k) && Array.isArray(v)) {
      out[k] = v.map((s) => close(s as Schema, cel));
    } else if (k === 'pattern' && typeof v === 'string') {
      out[k] = re2ToJs(v);
    } else {
      out[k] = v;
    }
  }
  if (out['x-kubernetes-int-or-string']) {
    delete out.type;
    out.anyOf = [{ type: 'integer' }, { type: 'string' }];
  }
  if (out.properties && out.additionalProperties === undefined && !out['x-kubernetes-preserve-unknown-fields']) {
    out.additionalProperties = false;
  }
  if (cel && (['integer', 'number', 'boolean'].includes(out.type as string) || out.enum)) {
    return { anyOf: [out, { type: 'string', pattern: PURE_CEL_EXPRESSION }] };
  }
  // A string holding an expression is only known once kro evaluates it: its pattern/length/format
  // constraints apply to the result, so the template's text is not held to them.
  if (cel && out.type === 'string' && (out.pattern || out.format || out.minLength || out.maxLength)) {
    return { anyOf: [out, { type: 'string', pattern: '\\$\\{' }] };
  }
  return out;
}

export interface CrdValidators {
  /** Validator of `<group>/<version>/<kind>` (served versions only), or undefined when none serves it. */
  get(key: string, opts?: { cel?: boolean }): ValidateFunction | undefined;
  /** Where each key's schema came from: `<chart>/<version>` or a PLATFORM_PROVIDED_KINDS file. */
  readonly sources: ReadonlyMap<string, string>;
}

/**
 * Validators from the CRDs of exactly each add-on's pinned chart version (one version per chart, as
 * each add-on pins one), served versions only, plus PLATFORM_PROVIDED_KINDS. A pinned version missing
 * from every chart cache throws, naming `npx projen charts:fetch`. Schemas compile on first use (some
 * upstream CRDs are megabytes; most callers need a few kinds).
 */
export function loadCrdValidators(env: NodeJS.ProcessEnv = process.env): CrdValidators {
  const ajv = new Ajv({ strict: false, allErrors: true, validateFormats: false, unicodeRegExp: false, useDefaults: true });
  const schemas = new Map<string, Schema>();
  const sources = new Map<string, string>();
  const add = (crd: { spec: { group: string; names: { kind: string }; versions: readonly { name: string; served: boolean; schema?: { openAPIV3Schema: Schema } }[] } }, source: string) => {
    for (const v of crd.spec.versions) {
      // A version with served: false is rejected by the API server, whatever its schema says.
      if (!v.served || !v.schema) continue;
      const key = `${crd.spec.group}/${v.name}/${crd.spec.names.kind}`;
      schemas.set(key, v.schema.openAPIV3Schema);
      sources.set(key, source);
    }
  };
  for (const addon of ADDONS) {
    const data = pinnedChartData(addon, env);
    for (const crd of data?.crds ?? []) add(crd, `${addon.chart.chart}/${addon.chart.version}`);
  }
  for (const p of PLATFORM_PROVIDED_KINDS) {
    for (const d of parseAllDocuments(readFileSync(p.schemaFile, 'utf8'))) add(d.toJS(), p.schemaFile);
  }
  const compiled = new Map<string, ValidateFunction>();
  return {
    sources,
    get(key, opts = {}) {
      const raw = schemas.get(key);
      if (!raw) return undefined;
      const id = `${opts.cel ? 'cel:' : ''}${key}`;
      if (!compiled.has(id)) {
        const schema = close(raw, !!opts.cel);
        // metadata is validated by the API server itself, not by the CRD schema.
        const root = (schema.anyOf ? (schema.anyOf as Schema[])[0] : schema) as Schema;
        (root.properties as Record<string, Schema>).metadata = { type: 'object' };
        compiled.set(id, ajv.compile(schema));
      }
      const validate = compiled.get(id)!;
      // Like the API server: apply schema defaults, then validate (on a copy: defaults mutate).
      const check = ((doc: unknown) => {
        const ok = validate(structuredClone(doc));
        check.errors = validate.errors;
        return ok;
      }) as ValidateFunction;
      return check;
    },
  };
}

/** A Kubernetes object as rendered. */
export interface K8sObject {
  readonly apiVersion: string;
  readonly kind: string;
  readonly metadata?: { readonly name?: string };
  readonly spec?: Record<string, unknown>;
}

/** Built-in API groups (core, `apps`, `*.k8s.io`…): validated by kubernetes-models, not by CRDs. */
export function isBuiltIn(apiVersion: string): boolean {
  if (!apiVersion.includes('/')) return true;
  const group = apiVersion.split('/')[0];
  return !group.includes('.') || group.endsWith('.k8s.io');
}

const BUILTIN_HELPER = join(__dirname, 'validate-builtin.mjs');

/** kubernetes-models problems of built-in objects (`cel`: a pure `${…}` string may stand for any type). */
export function validateBuiltIns(docs: readonly K8sObject[], opts: { cel?: boolean } = {}): { index: number; error: string }[] {
  if (docs.length === 0) return [];
  return JSON.parse(execFileSync(process.execPath, [BUILTIN_HELPER, ...(opts.cel ? ['--cel'] : [])], { input: JSON.stringify(docs) }).toString());
}

let shared: CrdValidators | undefined;

/**
 * Every problem of the custom resources among `items` (built-ins are skipped: see validateBuiltIns),
 * against the pinned CRDs, closed to unknown fields. kro ResourceGraphDefinitions are opened up: each
 * `spec.resources[].template` is validated against its kind's CRD or built-in schema, with kro's CEL
 * expressions accepted where kro substitutes a typed value. Returns `<where> <kind>/<name>: <why>` lines.
 */
export function validateCustomResources(items: readonly { where: string; doc: K8sObject }[], validators: CrdValidators = (shared ??= loadCrdValidators())): string[] {
  const failures: string[] = [];
  const nestedBuiltIns: { where: string; doc: K8sObject }[] = [];
  const check = (where: string, doc: K8sObject, cel: boolean) => {
    const key = `${doc.apiVersion}/${doc.kind}`;
    const validate = validators.get(key, { cel });
    if (!validate) {
      failures.push(`${where}: no pinned chart serves ${key} and it is not in PLATFORM_PROVIDED_KINDS (served: ${[...validators.sources.keys()].filter((k) => k.endsWith(`/${doc.kind}`)).join(', ') || 'none'})`);
      return;
    }
    const name = `${doc.kind}/${doc.metadata?.name}`;
    if (!validate(doc)) failures.push(`${where} ${name}: ${JSON.stringify(validate.errors?.slice(0, 3))}`);
  };
  for (const { where, doc } of items) {
    if (isBuiltIn(doc.apiVersion)) continue;
    check(where, doc, false);
    if (doc.apiVersion.startsWith('kro.run/') && doc.kind === 'ResourceGraphDefinition') {
      for (const r of (doc.spec?.resources ?? []) as { id: string; template?: K8sObject }[]) {
        if (!r.template) continue;
        const at = `${where} ${doc.metadata?.name}.resources[${r.id}]`;
        if (isBuiltIn(r.template.apiVersion)) nestedBuiltIns.push({ where: at, doc: r.template });
        else check(at, r.template, true);
      }
    }
  }
  for (const p of validateBuiltIns(nestedBuiltIns.map((n) => n.doc), { cel: true })) failures.push(`${nestedBuiltIns[p.index].where}: ${p.error}`);
  return failures;
}
