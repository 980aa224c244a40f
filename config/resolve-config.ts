import { z } from 'zod';
import { ADDONS } from '../gitops/addons/registry';
import { ConfigError, ConfigProblem } from './config-error';
import { crossFieldProblems } from './cross-field-rules';
import type { ResolvedCluster, ResolvedConfig } from './resolved-config';
import { ParsedConfig, platformSchema, PlatformConfig } from './schema';
import { PLATFORM_TAG_KEYS, platformId } from '../contract/platform-tags';

/** Typed identity for platform.config.ts: gives editor completion and type checks. */
export function definePlatform(config: PlatformConfig): PlatformConfig {
  return config;
}

/**
 * The ONE place defaults are applied and validation runs. Reports every problem at once
 * (schema and cross-field) as a ConfigError; returns a ResolvedConfig with no optionals.
 */
export function resolveConfig(input: unknown, source?: string): ResolvedConfig {
  const parsed = platformSchema.safeParse(input);
  if (!parsed.success) {
    // Report the cross-field problems too, as far as the malformed config allows, so one run lists
    // every mistake; a path the schema already rejected is not reported twice.
    const problems = zodProblems(parsed.error, input);
    const rejected = new Set(problems.map((p) => p.path));
    const more = crossFieldProblems(input as ParsedConfig, { bestEffort: true }).filter((p) => !rejected.has(p.path));
    throw new ConfigError([...problems, ...more], source);
  }
  const problems = crossFieldProblems(parsed.data);
  if (problems.length > 0) throw new ConfigError(problems, source);
  return build(parsed.data);
}

function build(c: ParsedConfig): ResolvedConfig {
  const prefix = c.resourcePrefix ?? c.name;
  const enabled = (role: 'hub' | 'spoke', switches: Record<string, boolean>) =>
    ADDONS.filter((a) => switches[a.id] ?? c.addons[a.id]?.[role] ?? a.defaultOn[role]).map((a) => a.id);
  const argoOnHub = c.argocd.mode === 'self-managed';
  const hubAddons = enabled('hub', c.hub.addons).filter((id) => id !== 'argo-cd' || argoOnHub);

  const hub: ResolvedCluster = {
    ...pickCluster(c.hub),
    name: c.hub.name,
    role: 'hub',
    environment: 'control-plane',
    clusterName: `${prefix}-${c.hub.name}`,
    deletionProtection: true,
    tenant: null,
    addons: hubAddons,
  };
  const spokes: ResolvedCluster[] = Object.keys(c.spokes)
    .sort()
    .map((name) => {
      const s = c.spokes[name];
      return {
        ...pickCluster(s),
        name,
        role: 'spoke' as const,
        environment: s.environment,
        clusterName: `${prefix}-${name}`,
        deletionProtection: s.deletionProtection ?? s.environment === 'prod',
        tenant: s.tenant ?? null,
        addons: enabled('spoke', s.addons),
      };
    });
  const environments = [...new Set(spokes.map((s) => s.environment))].sort();

  return {
    name: c.name,
    resourcePrefix: prefix,
    domain: c.domain,
    git: {
      provider: c.git.provider,
      url: c.git.url ?? `https://gitlab.${c.domain}/platform/${c.name}.git`,
      revision: c.git.revision,
      basePath: c.git.basePath,
    },
    hub,
    spokes,
    clusters: [hub, ...spokes],
    environments,
    addonValues: Object.fromEntries(ADDONS.map((a) => [a.id, c.addons[a.id]?.values ?? {}])),
    argocd: { mode: c.argocd.mode, identityCenterInstanceArn: c.argocd.identityCenterInstanceArn ?? null },
    sso: c.sso,
    teams: Object.keys(c.teams)
      .sort()
      .map((name) => {
        const t = c.teams[name];
        return {
          name,
          keycloakGroup: t.keycloakGroup ?? `team-${name}`,
          namespaces: t.namespaces ?? Object.fromEntries(environments.map((e) => [e, [name]])),
          sourceRepos: t.sourceRepos,
          quota: t.quota,
        };
      }),
    applications: Object.keys(c.applications)
      .sort()
      .map((name) => {
        const a = c.applications[name];
        return { name, team: a.team, image: a.image ?? `${prefix}/${name}`, port: a.port, promotion: a.promotion, autoPromoteProd: a.autoPromoteProd };
      }),
    admins: { principals: c.admins.principals, requireMfa: c.admins.requireMfa },
    tags: { ...c.tags, [PLATFORM_TAG_KEYS.platform]: c.name, [PLATFORM_TAG_KEYS.platformId]: platformId(c.hub.account, prefix), [PLATFORM_TAG_KEYS.prefix]: prefix },
  };
}

function pickCluster(s: ParsedConfig['hub'] | ParsedConfig['spokes'][string]) {
  return {
    account: s.account,
    region: s.region,
    kubernetesVersion: s.kubernetesVersion,
    vpcCidr: s.vpcCidr,
    azCount: s.azCount,
    natGateways: s.natGateways,
    endpointAccess: s.endpointAccess,
    nodePools: s.nodePools,
  };
}

/** Turns zod issues into `<path>: <value> — <fix>` problems, reading the bad value from the input. */
function zodProblems(error: z.ZodError, input: unknown): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  for (const issue of error.issues) {
    const path = issue.path.map(String);
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) {
        problems.push({ path: [...path, key].join('.'), value: valueAt(input, [...path, key]), fix: 'unknown field; remove it or check its spelling (see docs/config-reference.md)' });
      }
      continue;
    }
    const value = valueAt(input, path);
    const fix = value === undefined && issue.code === 'invalid_type' ? `required: add it (${issue.message})` : issue.message;
    problems.push({ path: path.join('.'), value, fix });
  }
  return problems;
}

function valueAt(input: unknown, path: readonly string[]): unknown {
  let v: unknown = input;
  for (const key of path) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<string, unknown>)[key];
  }
  return v;
}
