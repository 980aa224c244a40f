import * as iam from 'aws-cdk-lib/aws-iam';
import { Stack } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import type { ResolvedCluster, ResolvedConfig } from '../../config/resolved-config';
import { roleArn } from '../../contract/gitops-bridge';
import {
  ackAddonsOn,
  teamAckRoleName,
  teamResourcePrefix,
  teamSecretPrefix,
  teamSecretsRoleName,
  teamsOn,
} from '../../contract/tenant-isolation';
import { addonById } from '../../catalog/registry';
import { acknowledgeScopedWildcards, addonPolicyStatements } from '../addon-iam';

export interface TenantRolesProps {
  readonly config: ResolvedConfig;
  readonly cluster: ResolvedCluster;
  /** Pod Identity roles of this spoke's add-ons, by id (External Secrets and ACK assume the team roles). */
  readonly addonRoles: Readonly<Record<string, iam.IRole>>;
}

/**
 * Per team on a spoke, the only AWS identities a tenant namespace reaches (docs/security.md C1, H2):
 * - `secrets-<team>`: read `<prefix>/teams/<team>/*`, assumed by External Secrets for the team's
 *   SecretStore (`role:` of its aws provider);
 * - `ack-<team>`: the ACK services' statements with the prefix narrowed to `<prefix>-<team>`, assumed by
 *   the ACK controllers for namespaces annotated with the team (TeamLevelCARM).
 * Each trusts the spoke's account narrowed to the one add-on role ARN that may assume it; the add-on
 * roles themselves hold no Secrets Manager or ACK permission on spokes (`hubOnly`).
 */
export class TenantRoles extends Construct {
  constructor(scope: Construct, id: string, props: TenantRolesProps) {
    super(scope, id);
    const { config, cluster, addonRoles } = props;
    const partition = Stack.of(this).partition;
    const account = cluster.account;
    const trusting = (arns: string[]) => new iam.AccountPrincipal(account).withConditions({ ArnEquals: { 'aws:PrincipalArn': arns } });
    const eso = addonRoles['external-secrets'];
    const ack = ackAddonsOn(cluster).filter((a) => addonRoles[a]);
    const secretsRoles: string[] = [];
    const ackRoles: string[] = [];
    for (const team of teamsOn(config, cluster)) {
      if (eso) {
        const role = new iam.Role(this, `Secrets-${team.name}`, {
          roleName: teamSecretsRoleName(config, cluster, team),
          description: `Team ${team.name}'s SecretStore on ${cluster.clusterName}: reads ${teamSecretPrefix(config, team)}* only`,
          assumedBy: trusting([roleArn(config, cluster, 'external-secrets', partition)]),
        });
        const needs = [{ actions: ['secretsmanager:GetSecretValue', 'secretsmanager:DescribeSecret'], resources: [`arn:{partition}:secretsmanager:{region}:{account}:secret:${teamSecretPrefix(config, team)}*`] }];
        role.addToPolicy(addonPolicyStatements(config, cluster, needs, partition)[0]);
        acknowledgeScopedWildcards(role, config, cluster, needs);
        secretsRoles.push(role.roleArn);
      }
      if (ack.length > 0) {
        // The ACK files' `{prefix}-*` patterns, narrowed to `<prefix>-<team>-*`.
        const teamScope = { ...config, resourcePrefix: teamResourcePrefix(config, team).slice(0, -1) };
        const needs = ack.flatMap((a) => addonById(a).identity?.iam ?? []);
        const role = new iam.Role(this, `Ack-${team.name}`, {
          roleName: teamAckRoleName(config, cluster, team),
          description: `ACK for team ${team.name}'s namespaces on ${cluster.clusterName}: resources named ${teamResourcePrefix(config, team)}* only`,
          assumedBy: trusting(ack.map((a) => roleArn(config, cluster, a, partition))),
        });
        new iam.Policy(this, `AckPolicy-${team.name}`, { roles: [role], statements: addonPolicyStatements(teamScope, cluster, needs, partition) });
        acknowledgeScopedWildcards(this.node.findChild(`AckPolicy-${team.name}`), teamScope, cluster, needs);
        ackRoles.push(role.roleArn);
      }
    }
    if (eso && secretsRoles.length > 0) eso.addToPrincipalPolicy(new iam.PolicyStatement({ actions: ['sts:AssumeRole'], resources: secretsRoles }));
    for (const a of ack) if (ackRoles.length > 0) addonRoles[a].addToPrincipalPolicy(new iam.PolicyStatement({ actions: ['sts:AssumeRole'], resources: ackRoles }));
  }
}
