import type { ResolvedCluster, ResolvedConfig, ResolvedTeam } from '../config/resolved-config';
import { roleArn, roleName } from './gitops-bridge';

/**
 * Names that keep one team's AWS reach inside its own scope (docs/security.md, C1 and H2). The spoke
 * stacks create the roles; the tenant files on each spoke point at them. Nothing else spells these.
 */

/** The namespaced SecretStore the platform renders into every tenant namespace (tenants cannot create stores). */
export const TEAM_SECRET_STORE = 'team-secrets';

/** ConfigMap in every tenant namespace naming its team (the compositions name AWS resources with it). */
export const TEAM_CONFIG_MAP = 'platform-team';

/** ACK's TeamLevelCARM: namespace annotation naming the team, and the ConfigMap mapping team → role ARN. */
export const ACK_TEAM_ID_ANNOTATION = 'services.k8s.aws/team-id';

/**
 * A team's id in ACK's TeamLevelCARM map and namespace annotation: `team-<name>`. Prefixed so that a
 * team named like an Object.prototype member (`constructor`) is an ordinary key of the rendered map.
 */
export function ackTeamId(team: { readonly name: string }): string {
  return `team-${team.name}`;
}
export const ACK_ROLE_TEAM_MAP = 'ack-role-team-map';

/** Secrets Manager names a team may read: `<prefix>/teams/<team>/…`. */
export function teamSecretPrefix(config: ResolvedConfig, team: ResolvedTeam): string {
  return `${config.resourcePrefix}/teams/${team.name}/`;
}

/**
 * AWS resources (buckets, tables, databases) a team's ACK role may manage: named `<prefix>-<team>-…`.
 * Team names are unique and the separator is `-`, so teams `a` and `a-b` overlap (`p-a-b-x`): the
 * config rejects such pairs (see `overlappingTeamNames`).
 */
export function teamResourcePrefix(config: ResolvedConfig, team: ResolvedTeam): string {
  return `${config.resourcePrefix}-${team.name}-`;
}

/** Pairs of teams where one's resource prefix contains the other's; such a config is refused. */
export function overlappingTeamNames(teams: readonly { name: string }[]): [string, string][] {
  return teams.flatMap((a) => teams.filter((b) => a !== b && b.name.startsWith(`${a.name}-`)).map((b): [string, string] => [a.name, b.name]));
}

/** Role through which a team's SecretStore reads its secrets on one spoke. */
export function teamSecretsRolePurpose(team: ResolvedTeam): string {
  return `secrets-${team.name}`;
}

/** Role ACK assumes (TeamLevelCARM) for a team's namespaces on one spoke. */
export function teamAckRolePurpose(team: ResolvedTeam): string {
  return `ack-${team.name}`;
}

export function teamSecretsRoleName(config: ResolvedConfig, cluster: ResolvedCluster, team: ResolvedTeam): string {
  return roleName(config, cluster, teamSecretsRolePurpose(team));
}

export function teamSecretsRoleArn(config: ResolvedConfig, cluster: ResolvedCluster, team: ResolvedTeam, partition = 'aws'): string {
  return roleArn(config, cluster, teamSecretsRolePurpose(team), partition);
}

export function teamAckRoleName(config: ResolvedConfig, cluster: ResolvedCluster, team: ResolvedTeam): string {
  return roleName(config, cluster, teamAckRolePurpose(team));
}

export function teamAckRoleArn(config: ResolvedConfig, cluster: ResolvedCluster, team: ResolvedTeam, partition = 'aws'): string {
  return roleArn(config, cluster, teamAckRolePurpose(team), partition);
}

/** The team's namespaces on a spoke: those of its environment, unless the spoke is dedicated to another tenant. */
export function teamNamespacesOn(cluster: ResolvedCluster, team: ResolvedTeam): readonly string[] {
  if (cluster.role !== 'spoke' || (cluster.tenant && cluster.tenant !== team.name)) return [];
  return Object.hasOwn(team.namespaces, cluster.environment) ? team.namespaces[cluster.environment] : [];
}

/** Teams with at least one namespace on a spoke. */
export function teamsOn(config: ResolvedConfig, cluster: ResolvedCluster): ResolvedTeam[] {
  return config.teams.filter((t) => teamNamespacesOn(cluster, t).length > 0);
}

/** ACK add-ons enabled on a cluster (they share the TeamLevelCARM map). */
export function ackAddonsOn(cluster: ResolvedCluster): string[] {
  return cluster.addons.filter((id) => id.startsWith('ack-'));
}
