import { z } from 'zod';
import { ADDONS } from '../catalog/registry';
import { ConfigError, ConfigProblem } from './config-error';
import { crossFieldProblems } from './cross-field-rules';
import { promotionOrder } from './promotion-order';
import { requestedCapabilities } from './requested-capabilities';
import { EntrySources, mergeFolderEntries } from './entries-from-folder';
import type { ResolvedCluster, ResolvedConfig } from './resolved-config';
import type { PlatformConfigInput } from './platform-config.generated';
import { ParsedConfig, platformSchema } from './schema';
import { PLATFORM_TAG_KEYS, platformId } from '../contract/platform-tags';

/**
 * Typed identity for platform.config.ts: gives editor completion and type checks. Typed with the
 * generated, documented twin of `PlatformConfig` so hovering a field shows its meaning, default and example.
 */
export function definePlatform(config: PlatformConfigInput): PlatformConfigInput {
  return config;
}

/**
 * The ONE place defaults are applied and validation runs. Reports every problem at once
 * (schema and cross-field) as a ConfigError; returns a ResolvedConfig with no optionals.
 */
export function resolveConfig(raw: unknown, source?: string): ResolvedConfig {
  // Entries from platform.d/ files join their maps here, so duplicates across sources are caught.
  const { config: input, sources, problems: sourceProblems } = mergeFolderEntries(raw);
  const parsed = platformSchema.safeParse(input);
  if (!parsed.success) {
    // Report the cross-field problems too, as far as the malformed config allows, so one run lists
    // every mistake; a path the schema already rejected is not reported twice.
    const problems = [...sourceProblems, ...zodProblems(parsed.error, input)];
    const rejected = new Set(problems.map((p) => p.path));
    const more = crossFieldProblems(input as ParsedConfig, { bestEffort: true }).filter((p) => !rejected.has(p.path));
    throw new ConfigError(withFiles([...problems, ...more], sources), source);
  }
  const problems = [...sourceProblems, ...crossFieldProblems(parsed.data)];
  if (problems.length > 0) throw new ConfigError(withFiles(problems, sources), source);
  return build(parsed.data);
}

/** Names the platform.d/ file of each problem inside an entry that came from one (unless the fix already does). */
function withFiles(problems: readonly ConfigProblem[], sources: EntrySources): ConfigProblem[] {
  return problems.map((p) => {
    const entry = p.path.split('.').slice(0, 2).join('.');
    const file = p.file ?? sources.get(entry);
    return file && !p.fix.includes(file) ? { ...p, file } : p;
  });
}

function build(c: ParsedConfig): ResolvedConfig {
  const prefix = c.resourcePrefix ?? c.name;
  const enabled = (role: 'hub' | 'spoke', switches: Record<string, boolean>) =>
    ADDONS.filter((a) => switches[a.id] ?? c.addons[a.id]?.[role] ?? a.defaultOn[role]).map((a) => a.id);
  // The ONE place a capability switch (argocd.mode for Argo CD) turns into "chart or capability".
  const split = (role: 'hub' | 'spoke', s: ParsedConfig['hub'] | ParsedConfig['spokes'][string]) => {
    const on = requestedCapabilities(c, role, s);
    const all = enabled(role, s.addons);
    const by = (id: string) => ADDONS.find((a) => a.id === id)!.capability;
    return {
      addons: all.filter((id) => !on.includes(by(id)!)),
      capabilities: on.map((id) => ({ id, replaces: all.filter((a) => by(a) === id) })),
    };
  };
  const hubSplit = split('hub', c.hub);
  // In promotion order (config/promotion-order.ts), the order every listing of environments uses.
  const environments = promotionOrder(c);

  const hub: ResolvedCluster = {
    ...pickCluster(c.hub),
    name: c.hub.name,
    role: 'hub',
    environment: 'control-plane',
    clusterName: `${prefix}-${c.hub.name}`,
    deletionProtection: true,
    tenant: null,
    ...hubSplit,
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
        // The end of the promotion order is production, whatever a fork calls it (prod, live…).
        deletionProtection: s.deletionProtection ?? s.environment === environments[environments.length - 1],
        tenant: s.tenant ?? null,
        ...split('spoke', s),
      };
    });

  return {
    name: c.name,
    resourcePrefix: prefix,
    domain: c.domain,
    ingress: {
      scheme: c.ingress.scheme,
      // The cross-field rules guarantee exactly one zone strategy.
      hostedZone: c.ingress.hostedZoneId ? { create: false, id: c.ingress.hostedZoneId } : { create: true },
    },
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
        return { name, team: a.team, image: a.image ?? `${prefix}/${name}`, port: a.port, promotion: a.promotion ?? environments, autoPromoteProd: a.autoPromoteProd };
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
    if (issue.code === 'invalid_key') {
      // A bad map key (e.g. a group name in sso.groupRoles): the key is the bad value, the inner issue the fix.
      problems.push({ path: path.join('.'), value: path[path.length - 1], fix: issue.issues[0]?.message ?? issue.message });
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
