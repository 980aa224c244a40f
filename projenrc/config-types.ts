import { z } from 'zod';
import { platformSchema } from '../config/schema';

/**
 * config/platform-config.generated.ts: the type a fork writes in platform.config.ts, as interfaces
 * with TSDoc on every field (meaning, default, example), so editors show the documentation on hover.
 * `z.input<typeof platformSchema>` is the same type but carries no docs (TypeScript cannot attach
 * `.describe()` texts to an inferred type); the test asserts both types are mutually assignable.
 * Generated from the schema's JSON Schema (zod's `toJSONSchema`, io "input": optional where a default
 * applies), so the schema stays the one place fields, docs and defaults live.
 */
/** The part of JSON Schema the config's generated docs read (zod's `toJSONSchema` output). */
export interface JsonSchema {
  type?: string | string[];
  description?: string;
  default?: unknown;
  properties?: Record<string, JsonSchema>;
  additionalProperties?: JsonSchema | boolean;
  items?: JsonSchema;
  enum?: unknown[];
  required?: string[];
  anyOf?: JsonSchema[];
  pattern?: string;
}

/** Examples of fields that have neither a default nor a closed set of values (keyed by config path, `*` for a map entry). */
export const FIELD_EXAMPLES: Readonly<Record<string, unknown>> = {
  name: 'acme',
  resourcePrefix: 'acme',
  domain: 'platform.acme.example.com',
  'ingress.hostedZoneId': 'Z0123456789ABCDEFGHIJ',
  'ingress.createHostedZone': true,
  'git.url': 'https://gitlab.com/acme/platform.git',
  hub: { account: '111111111111', region: 'eu-west-1', vpcCidr: '10.0.0.0/16' },
  '*.account': '111111111111',
  '*.region': 'eu-west-1',
  '*.vpcCidr': '10.1.0.0/16',
  spokes: { dev: { environment: 'dev', account: '222222222222', region: 'eu-west-1', vpcCidr: '10.1.0.0/16' } },
  'spokes.*': { environment: 'dev', account: '222222222222', region: 'eu-west-1', vpcCidr: '10.1.0.0/16' },
  'spokes.*.environment': 'dev',
  'spokes.*.deletionProtection': true,
  'spokes.*.tenant': 'payments',
  '*.addons': { kubevela: false },
  addons: { grafana: { spoke: true } },
  'addons.*': { spoke: true, values: { replicas: 2 } },
  'addons.*.hub': true,
  'addons.*.spoke': true,
  'addons.*.values': { replicas: 2 },
  'argocd.identityCenterInstanceArn': 'arn:aws:sso:::instance/ssoins-0123456789abcdef',
  'sso.groupRoles': { 'platform-viewers': 'viewer' },
  teams: { payments: { sourceRepos: ['https://gitlab.platform.acme.example.com/payments/*'] } },
  'teams.*': { sourceRepos: ['https://gitlab.platform.acme.example.com/payments/*'] },
  'teams.*.keycloakGroup': 'team-payments',
  'teams.*.namespaces': { dev: ['payments'], prod: ['payments', 'payments-batch'] },
  'teams.*.sourceRepos': ['https://gitlab.platform.acme.example.com/payments/*'],
  applications: { checkout: { team: 'payments' } },
  'applications.*': { team: 'payments', port: 8080 },
  'applications.*.team': 'payments',
  'applications.*.image': 'acme/checkout',
  'applications.*.promotion': ['dev', 'staging', 'prod'],
  tags: { 'cost-center': '1234' },
  admins: { principals: ['arn:aws:iam::111111111111:role/PlatformAdmin'] },
  'admins.principals': ['arn:aws:iam::111111111111:role/PlatformAdmin'],
};

const TYPE_NAMES: Readonly<Record<string, string>> = {
  '': 'PlatformConfigInput', hub: 'HubConfigInput', 'spokes.*': 'SpokeConfigInput', 'addons.*': 'AddonSettingsInput',
  'teams.*': 'TeamConfigInput', 'applications.*': 'ApplicationConfigInput',
};

/** The example of a field: listed, else its default, else its first allowed value; undefined when none. */
function exampleOf(path: string, s: JsonSchema): unknown {
  const generic = path.replace(/^(hub|spokes\.\*)\./, '*.');
  if (path in FIELD_EXAMPLES) return FIELD_EXAMPLES[path];
  if (generic in FIELD_EXAMPLES) return FIELD_EXAMPLES[generic];
  if (s.enum) return s.enum[s.enum.length - 1];
  if (s.default !== undefined) return s.default;
  return undefined;
}

export function renderConfigTypes(): string {
  const root = z.toJSONSchema(platformSchema, { io: 'input', unrepresentable: 'any' }) as JsonSchema;
  const interfaces: string[] = [];
  const missing: string[] = [];

  const typeOf = (s: JsonSchema, path: string, indent: string): string => {
    if (s.enum) return s.enum.map((e) => JSON.stringify(e)).join(' | ');
    if (s.anyOf) return s.anyOf.map((a) => typeOf(a, path, indent)).join(' | ');
    if (s.type === 'array') return `${wrap(typeOf(s.items ?? {}, `${path}.*`, indent))}[]`;
    if (s.type === 'object' && s.properties) return objectType(s, path);
    if (s.type === 'object') {
      const value = typeof s.additionalProperties === 'object' ? typeOf(s.additionalProperties, `${path}.*`, indent) : 'unknown';
      return `Record<string, ${value}>`;
    }
    if (s.type === 'string' || s.type === 'number' || s.type === 'boolean') return s.type;
    if (s.type === 'integer') return 'number';
    return 'unknown';
  };
  const wrap = (t: string) => (t.includes(' | ') ? `(${t})` : t);

  const objectType = (s: JsonSchema, path: string): string => {
    const name = TYPE_NAMES[path] ?? `${pascal(path)}Input`;
    const fields: string[] = [];
    for (const [key, child] of Object.entries(s.properties ?? {})) {
      const fieldPath = path ? `${path}.${key}` : key;
      const required = (s.required ?? []).includes(key);
      fields.push(doc(child, fieldPath, required, '  '));
      fields.push(`  ${key}${required ? '' : '?'}: ${typeOf(child, fieldPath, '  ')}${required ? '' : ' | undefined'};`);
    }
    interfaces.push(`${doc(s, path, true, '')}\nexport interface ${name} {\n${fields.join('\n')}\n}`);
    return name;
  };

  const doc = (s: JsonSchema, path: string, required: boolean, indent: string): string => {
    const example = exampleOf(path, s);
    if (path && example === undefined) missing.push(path);
    const def = s.default !== undefined ? `\`${JSON.stringify(s.default)}\`` : required ? 'none: required' : 'none: optional (see the description for what applies when unset)';
    const lines = [
      ...(s.description ?? (path ? '' : 'The platform')).split('\n'),
      '',
      `@defaultValue ${def}`,
      ...(path ? ['@example', '```ts', `${path.split('.').pop() === '*' ? '<name>' : path.split('.').pop()}: ${JSON.stringify(example)}`, '```'] : []),
    ];
    return [`${indent}/**`, ...lines.map((l) => `${indent} *${l ? ` ${l.replace(/\*\//g, '*\\/')}` : ''}`), `${indent} */`].join('\n');
  };

  objectType(root, '');
  if (missing.length) throw new Error(`config fields without an example (add them to FIELD_EXAMPLES in projenrc/config-types.ts): ${missing.join(', ')}`);
  return [
    '// Generated by `npx projen` from config/schema.ts (projenrc/config-types.ts). Do not edit.',
    '// The documented twin of z.input<typeof platformSchema>: hover a field in platform.config.ts to read it.',
    '/* eslint-disable */',
    '',
    interfaces.reverse().join('\n\n'),
    '',
  ].join('\n');
}

const pascal = (path: string) => path.split(/[.*]+/).filter(Boolean).map((p) => p[0].toUpperCase() + p.slice(1)).join('');
