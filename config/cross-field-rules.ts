import { AZ_SUFFIXES } from '../contract/availability-zones';
import { POLICY_NODE_POOL } from '../contract/ingress';
import { ADDONS, ADDON_IDS, isAddonId } from '../catalog/registry';
import { cidrsOverlap, CidrRange, parseCidr } from './cidr-range';
import type { ConfigProblem } from './config-error';
import { DNS_LABEL } from './dns-label';
import { promotionConflicts } from './promotion-order';
import { requestedCapabilities } from './requested-capabilities';
import { derivedNamesFit, natGatewaysGiveEgress, verbatimValuesValid, vpcHasRoomForSubnets } from './name-limit-rules';
import { maskUrlCredentials, urlCredential } from './url-credentials';
import type { ParsedConfig } from './schema';

/** Namespaces tenants may never claim: the platform's own and Kubernetes'. */
const RESERVED_NAMESPACES = new Set(['default', 'kube-system', 'kube-public', 'kube-node-lease', 'argocd', ...ADDONS.map((a) => a.namespace)]);

type Rule = (c: ParsedConfig) => ConfigProblem[];

/** Rules that span fields. Each returns every problem it finds. */
const RULES: readonly Rule[] = [
  uniqueClusterNames,
  spokeNamesDnsSafe,
  cidrsValidAndDisjoint,
  availabilityZonesKnown,
  addonNamesKnown,
  addonDependenciesSatisfied,
  gitUrlForExternalProvider,
  hubGitlabForHubGitlabProvider,
  hostedZoneStrategy,
  noGeneralPurposeNodePool,
  argocdCapabilityNeedsIdentityCenter,
  capabilitiesReplaceEnabledAddons,
  capabilitiesInSupportedRegions,
  argocdChartNotForcedWithCapability,
  spokeTenantsKnown,
  teamNamespacesValid,
  applicationsValid,
  applicationNamesFree,
  promotionConflicts,
  urlsCarryNoCredentials,
  derivedNamesFit,
  vpcHasRoomForSubnets,
  natGatewaysGiveEgress,
  verbatimValuesValid,
];

/**
 * Every cross-field problem. With `bestEffort` (the schema already failed, so fields may be missing or
 * of the wrong type), a rule that cannot run on the malformed input is skipped instead of throwing.
 */
export function crossFieldProblems(c: ParsedConfig, opts: { bestEffort?: boolean } = {}): ConfigProblem[] {
  return RULES.flatMap((rule) => {
    if (!opts.bestEffort) return rule(c);
    try {
      return rule(withDefaults(c));
    } catch {
      return [];
    }
  });
}

/** The containers rules walk, defaulted, so one missing map does not hide the other rules' findings. */
function withDefaults(c: ParsedConfig): ParsedConfig {
  const raw = (c ?? {}) as Partial<ParsedConfig>;
  const hub = { addons: {}, ...(raw.hub ?? {}) } as ParsedConfig['hub'];
  const spokes = Object.fromEntries(Object.entries(raw.spokes ?? {}).map(([n, s]) => [n, { addons: {}, ...(s as object) }])) as ParsedConfig['spokes'];
  return {
    ...raw,
    hub,
    spokes,
    addons: raw.addons ?? {},
    teams: raw.teams ?? {},
    applications: raw.applications ?? {},
    git: raw.git ?? { provider: 'hub-gitlab', revision: 'main', basePath: 'gitops/manifests' },
    argocd: raw.argocd ?? { mode: 'self-managed' },
    ingress: raw.ingress ?? { scheme: 'internet-facing' },
  } as ParsedConfig;
}

function uniqueClusterNames(c: ParsedConfig): ConfigProblem[] {
  return Object.hasOwn(c.spokes, c.hub.name)
    ? [{ path: `spokes.${c.hub.name}`, value: c.hub.name, fix: `a spoke has the hub's name (hub.name); rename the spoke or set hub.name to another name` }]
    : [];
}

function spokeNamesDnsSafe(c: ParsedConfig): ConfigProblem[] {
  return Object.keys(c.spokes)
    .filter((name) => !DNS_LABEL.test(name))
    .map((name) => ({ path: `spokes.${name}`, value: name, fix: `rename the spoke to a DNS-safe name: lowercase letters, digits and '-', starting with a letter` }));
}

function cidrsValidAndDisjoint(c: ParsedConfig): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  const seen: { path: string; range: CidrRange }[] = [];
  const clusters: [string, string][] = [['hub.vpcCidr', c.hub.vpcCidr], ...Object.entries(c.spokes).map(([n, s]): [string, string] => [`spokes.${n}.vpcCidr`, s.vpcCidr])];
  for (const [path, cidr] of clusters) {
    const parsed = parseCidr(cidr);
    if (typeof parsed === 'string') {
      problems.push({ path, value: cidr, fix: parsed });
      continue;
    }
    const clash = seen.find((s) => cidrsOverlap(s.range, parsed));
    if (clash) {
      problems.push({ path, value: cidr, fix: `overlaps ${clash.path} "${clash.range.cidr}"; pick a disjoint range (clusters may be peered later)` });
    }
    seen.push({ path, range: parsed });
  }
  return problems;
}

function unknownAddon(path: string, id: string): ConfigProblem {
  return { path, value: id, fix: `unknown add-on; use one of: ${ADDON_IDS.join(', ')}` };
}

function addonNamesKnown(c: ParsedConfig): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  for (const id of Object.keys(c.addons)) if (!isAddonId(id)) problems.push(unknownAddon(`addons.${id}`, id));
  for (const id of Object.keys(c.hub.addons)) if (!isAddonId(id)) problems.push(unknownAddon(`hub.addons.${id}`, id));
  for (const [name, s] of Object.entries(c.spokes)) {
    for (const id of Object.keys(s.addons)) if (!isAddonId(id)) problems.push(unknownAddon(`spokes.${name}.addons.${id}`, id));
  }
  return problems;
}

/** Whether an add-on runs on a cluster: its cluster switch, else the role switch in `addons`, else its default. */
function addonOn(c: ParsedConfig, role: 'hub' | 'spoke', s: ClusterInput, id: string): boolean {
  const addon = ADDONS.find((a) => a.id === id);
  if (!addon) return false;
  // The managed Argo CD capability provides Argo CD whatever the hub's argo-cd switch says.
  if (addon.capability === 'argocd' && requestedCapabilities(c, role, s).includes('argocd')) return true;
  return s.addons[id] ?? c.addons[id]?.[role] ?? addon.defaultOn[role];
}

function addonDependenciesSatisfied(c: ParsedConfig): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  const on = (role: 'hub' | 'spoke', s: ClusterInput, id: string) => addonOn(c, role, s, id);
  for (const [path, role, cluster] of clustersOf(c)) {
    for (const addon of ADDONS) {
      if (!on(role, cluster, addon.id)) continue;
      for (const dep of addon.dependsOn ?? []) {
        const ok = dep.on === 'hub' ? on('hub', c.hub, dep.addon) : on(role, cluster, dep.addon);
        if (!ok) {
          const where = dep.on === 'hub' ? 'hub' : path;
          problems.push({
            path: `${path}.addons.${addon.id}`,
            value: true,
            fix: `${addon.id} needs ${dep.addon} on ${where}; enable ${where === 'hub' ? 'hub' : path}.addons.${dep.addon} or disable ${addon.id}`,
          });
        }
      }
    }
  }
  return problems;
}

/** With the default `hub-gitlab`, the hub's GitLab serves the platform repository: the bootstrap installs it first. */
function hubGitlabForHubGitlabProvider(c: ParsedConfig): ConfigProblem[] {
  if (c.git.provider !== 'hub-gitlab' || addonOn(c, 'hub', c.hub, 'gitlab')) return [];
  const path = c.hub.addons.gitlab === false ? 'hub.addons.gitlab' : 'addons.gitlab.hub';
  return [{ path, value: false, fix: 'git.provider is "hub-gitlab" (the default): the hub\'s GitLab serves the platform repository; enable gitlab on the hub, or set git.provider: "external" with git.url' }];
}

function gitUrlForExternalProvider(c: ParsedConfig): ConfigProblem[] {
  return c.git.provider === 'external' && !c.git.url
    ? [{ path: 'git.url', value: undefined, fix: 'git.provider is "external": set git.url to the GitOps repository URL' }]
    : [];
}

function hostedZoneStrategy(c: ParsedConfig): ConfigProblem[] {
  const { hostedZoneId, createHostedZone } = c.ingress;
  if (hostedZoneId && createHostedZone) {
    return [{ path: 'ingress.createHostedZone', value: true, fix: `ingress.hostedZoneId already names the zone of ${c.domain}; remove createHostedZone or hostedZoneId` }];
  }
  if (hostedZoneId || createHostedZone) return [];
  return [{
    path: 'ingress.hostedZoneId',
    value: hostedZoneId,
    fix: `choose the Route 53 zone of ${c.domain} (in the hub's account ${c.hub.account}): set ingress.hostedZoneId to an existing public hosted zone's id (e.g. "Z0123456789ABCDEFGHIJ"), or set ingress.createHostedZone: true and delegate ${c.domain} to the name servers the hub stack outputs`,
  }];
}

function noGeneralPurposeNodePool(c: ParsedConfig): ConfigProblem[] {
  const clusters: [string, readonly string[] | undefined][] = [['hub', c.hub.nodePools], ...Object.entries(c.spokes).map(([n, s]): [string, readonly string[] | undefined] => [`spokes.${n}`, s.nodePools])];
  return clusters
    .filter(([, pools]) => pools?.includes('general-purpose'))
    .map(([path, pools]) => ({
      path: `${path}.nodePools`,
      value: pools,
      fix: `the built-in "general-purpose" pool cannot enforce NetworkPolicies (its NodeClass is fixed); remove it: the platform's NodePool "${POLICY_NODE_POOL}" runs general workloads with enforcement`,
    }));
}

function argocdCapabilityNeedsIdentityCenter(c: ParsedConfig): ConfigProblem[] {
  return c.argocd.mode === 'eks-capability' && !c.argocd.identityCenterInstanceArn
    ? [{ path: 'argocd.identityCenterInstanceArn', value: undefined, fix: 'the EKS managed Argo CD capability signs in through IAM Identity Center: set its instance ARN, or use mode "self-managed"' }]
    : [];
}

type ClusterInput = ParsedConfig['hub'] | ParsedConfig['spokes'][string];

/** Every cluster with its config path and role. */
/** Each cluster's region has a known AZ list (contract/availability-zones.ts) with room for its azCount. */
function availabilityZonesKnown(c: ParsedConfig): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  for (const [path, , s] of clustersOf(c)) {
    const zones = Object.hasOwn(AZ_SUFFIXES, s.region) ? AZ_SUFFIXES[s.region] : undefined;
    if (!zones) problems.push({ path: `${path}.region`, value: s.region, fix: `no availability zone names known for this region; add the names your account sees (aws ec2 describe-availability-zones) to contract/availability-zones.ts` });
    else if ((s.azCount ?? 3) > zones.length) problems.push({ path: `${path}.azCount`, value: s.azCount ?? 3, fix: `${s.region} offers ${zones.length} availability zones (${zones.map((z) => s.region + z).join(', ')}); set azCount to ${zones.length}` });
  }
  return problems;
}

function clustersOf(c: ParsedConfig): [string, 'hub' | 'spoke', ClusterInput][] {
  return [['hub', 'hub', c.hub], ...Object.entries(c.spokes).map(([n, s]): [string, 'hub' | 'spoke', ClusterInput] => [`spokes.${n}`, 'spoke', s])];
}

/** Where a capability is switched on in the config. */
const capabilityPath = (path: string, id: string) => (id === 'argocd' ? 'argocd.mode' : `${path}.capabilities.${id}`);

/**
 * A capability replaces enabled add-ons; one with nothing to replace is a mistake (for ACK it would
 * also have no permissions: its role is scoped to the enabled ACK services).
 */
function capabilitiesReplaceEnabledAddons(c: ParsedConfig): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  for (const [path, role, s] of clustersOf(c)) {
    for (const id of requestedCapabilities(c, role, s).filter((x) => x !== 'argocd')) {
      const candidates = ADDONS.filter((a) => a.capability === id);
      const enabled = candidates.filter((a) => s.addons[a.id] ?? c.addons[a.id]?.[role] ?? a.defaultOn[role]);
      if (enabled.length === 0) {
        problems.push({
          path: capabilityPath(path, id),
          value: true,
          fix: `the ${id} capability replaces ${candidates.map((a) => a.id).join(' / ')}, none of which is enabled on ${path}; enable ${path}.addons.${candidates[0].id} (the capability takes its place) or turn the capability off`,
        });
      }
    }
  }
  return problems;
}

/**
 * EKS Capabilities exist in the AWS commercial Regions only
 * (https://docs.aws.amazon.com/eks/latest/userguide/capabilities.html).
 */
function capabilitiesInSupportedRegions(c: ParsedConfig): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  for (const [path, role, s] of clustersOf(c)) {
    if (!/^(cn-|[a-z]{2}-(gov|iso[a-z]?)-)/.test(s.region)) continue;
    for (const id of requestedCapabilities(c, role, s)) {
      problems.push({
        path: capabilityPath(path, id),
        value: id === 'argocd' ? c.argocd.mode : true,
        fix: `EKS managed capabilities are not available in ${s.region} (${path}.region; commercial Regions only); use the ${id === 'argocd' ? 'self-managed Argo CD (argocd.mode "self-managed")' : `${id} add-on chart (turn the capability off)`}`,
      });
    }
  }
  return problems;
}

function argocdChartNotForcedWithCapability(c: ParsedConfig): ConfigProblem[] {
  return c.argocd.mode === 'eks-capability' && c.hub.addons['argo-cd'] === true
    ? [{ path: 'hub.addons.argo-cd', value: true, fix: 'argocd.mode is "eks-capability": the managed capability replaces the self-managed argo-cd chart; remove hub.addons.argo-cd or use mode "self-managed"' }]
    : [];
}

function spokeTenantsKnown(c: ParsedConfig): ConfigProblem[] {
  return Object.entries(c.spokes)
    .filter(([, s]) => s.tenant !== undefined && !Object.hasOwn(c.teams, s.tenant))
    .map(([n, s]) => ({ path: `spokes.${n}.tenant`, value: s.tenant, fix: `no such team; add it under teams or remove the tenant` }));
}

function teamNamespacesValid(c: ParsedConfig): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  const environments = new Set(Object.values(c.spokes).map((s) => s.environment));
  const owner = new Map<string, string>(); // env/namespace → team
  for (const team of Object.keys(c.teams).sort()) {
    if (!DNS_LABEL.test(team)) problems.push({ path: `teams.${team}`, value: team, fix: 'rename the team to a DNS-safe name' });
    const explicit = c.teams[team].namespaces;
    if (!explicit && RESERVED_NAMESPACES.has(team)) {
      problems.push({ path: `teams.${team}`, value: team, fix: `the team's default namespace "${team}" belongs to the platform; rename the team or set teams.${team}.namespaces` });
    }
    const namespaces = explicit ?? Object.fromEntries([...environments].map((e) => [e, [team]]));
    for (const [env, list] of Object.entries(namespaces)) {
      if (!environments.has(env)) {
        problems.push({ path: `teams.${team}.namespaces.${env}`, value: env, fix: `no spoke serves this environment; use one of: ${[...environments].sort().join(', ')}` });
      }
      list.forEach((ns, i) => {
        const path = `teams.${team}.namespaces.${env}.${i}`;
        if (explicit && RESERVED_NAMESPACES.has(ns)) problems.push({ path, value: ns, fix: 'this namespace belongs to the platform; choose another' });
        const other = owner.get(`${env}/${ns}`);
        if (other && other !== team) problems.push({ path, value: ns, fix: `team "${other}" already owns this namespace in ${env}; choose another` });
        owner.set(`${env}/${ns}`, team);
      });
    }
  }
  return problems;
}

function applicationsValid(c: ParsedConfig): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  const environments = new Set(Object.values(c.spokes).map((s) => s.environment));
  for (const [name, app] of Object.entries(c.applications)) {
    if (!DNS_LABEL.test(name)) problems.push({ path: `applications.${name}`, value: name, fix: 'rename the application to a DNS-safe name' });
    if (!Object.hasOwn(c.teams, app.team)) problems.push({ path: `applications.${name}.team`, value: app.team, fix: `no such team; use one of: ${Object.keys(c.teams).join(', ') || '(define teams first)'}` });
    (app.promotion ?? []).forEach((env, i) => {
      if (!environments.has(env)) problems.push({ path: `applications.${name}.promotion.${i}`, value: env, fix: `no spoke serves this environment; use one of: ${[...environments].sort().join(', ')}` });
    });
    if (app.promotion && new Set(app.promotion).size !== app.promotion.length) {
      problems.push({ path: `applications.${name}.promotion`, value: app.promotion, fix: 'list each environment once' });
    }
  }
  return problems;
}

/**
 * An application's name becomes its Kargo project (a namespace on the hub) and its Argo CD Applications
 * (`<app>-<cluster>`, next to the add-ons' `<add-on>-<cluster>`): it must not be an add-on id or a
 * platform namespace.
 */
function applicationNamesFree(c: ParsedConfig): ConfigProblem[] {
  return Object.keys(c.applications)
    .filter((name) => isAddonId(name) || RESERVED_NAMESPACES.has(name))
    .map((name) => ({
      path: `applications.${name}`,
      value: name,
      fix: `"${name}" is ${isAddonId(name) ? 'an add-on id' : 'a platform namespace'}: the application's Kargo project namespace and Argo CD Applications would collide with the platform's; rename the application`,
    }));
}

/** The config is committed and its values are printed: URLs in it must carry no credential. The message masks it. */
function urlsCarryNoCredentials(c: ParsedConfig): ConfigProblem[] {
  const urls: [string, unknown][] = [
    ['git.url', c.git.url],
    ...Object.entries(c.teams).flatMap(([team, t]) => (Array.isArray(t.sourceRepos) ? t.sourceRepos : []).map((u, i): [string, unknown] => [`teams.${team}.sourceRepos.${i}`, u])),
  ];
  return urls.flatMap(([path, url]) => {
    const credential = typeof url === 'string' ? urlCredential(url) : undefined;
    return credential
      ? [{ path, value: maskUrlCredentials(url as string), fix: `contains ${credential}; remove it: the config is committed to git, and repository credentials belong in AWS Secrets Manager` }]
      : [];
  });
}
