import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv, { ValidateFunction } from 'ajv';
import { parseAllDocuments } from 'yaml';

/** Upstream CRDs shipped beside the repository (DESIGN §6); absent outside this repository's CI. */
export const CRDS_DIR = join(__dirname, '..', '..', '..', 'shared', 'crds');
export const HAVE_CRDS = existsSync(CRDS_DIR);
if (!HAVE_CRDS) {
  // eslint-disable-next-line no-console
  console.warn(`CRD schema checks skipped: ${CRDS_DIR} not found (it ships beside this repository in its CI)`);
}

type Schema = Record<string, unknown>;

/**
 * Closes an OpenAPI schema the way a strict API server treats it: an object with `properties` and
 * neither `additionalProperties` nor `x-kubernetes-preserve-unknown-fields` rejects unknown fields.
 */
function close(schema: Schema): Schema {
  const out: Schema = {};
  for (const [k, v] of Object.entries(schema)) {
    if (k === 'properties' && v && typeof v === 'object') {
      out.properties = Object.fromEntries(Object.entries(v as Record<string, Schema>).map(([p, s]) => [p, close(s)]));
    } else if (['items', 'additionalProperties', 'not'].includes(k) && v && typeof v === 'object') {
      out[k] = close(v as Schema);
    } else if (['allOf', 'anyOf', 'oneOf'].includes(k) && Array.isArray(v)) {
      out[k] = v.map((s) => close(s as Schema));
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
  return out;
}

/**
 * Validators keyed by `<group>/<version>/<kind>`, from every CRD under CRDS_DIR. Schemas compile on
 * first use (some upstream CRDs are megabytes; most tests need a few kinds).
 */
export function loadCrdValidators(): CrdValidators {
  const ajv = new Ajv({ strict: false, allErrors: true, validateFormats: false, unicodeRegExp: false, useDefaults: true });
  const schemas = new Map<string, Schema>();
  const walk = (dir: string): string[] => readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(join(dir, e.name)) : e.name.endsWith('.yaml') ? [join(dir, e.name)] : []));
  for (const file of walk(CRDS_DIR)) {
    for (const doc of parseAllDocuments(readFileSync(file, 'utf8'))) {
      const crd = doc.toJS() as { kind?: string; spec?: { group: string; names: { kind: string }; versions: { name: string; schema?: { openAPIV3Schema: Schema } }[] } };
      if (crd?.kind !== 'CustomResourceDefinition' || !crd.spec) continue;
      for (const v of crd.spec.versions) {
        if (!v.schema) continue;
        const schema = close(v.schema.openAPIV3Schema);
        // metadata is validated by the API server itself, not by the CRD schema.
        (schema.properties as Record<string, Schema>).metadata = { type: 'object' };
        schemas.set(`${crd.spec.group}/${v.name}/${crd.spec.names.kind}`, schema);
      }
    }
  }
  const compiled = new Map<string, ValidateFunction>();
  return {
    get(key: string) {
      if (!compiled.has(key) && schemas.has(key)) compiled.set(key, ajv.compile(schemas.get(key)!));
      const validate = compiled.get(key);
      if (!validate) return undefined;
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

export interface CrdValidators {
  get(key: string): ValidateFunction | undefined;
}
