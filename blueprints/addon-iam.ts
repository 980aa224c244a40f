import { acknowledgeFinding } from './nag-acknowledge';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Stack, Token } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';
import type { ResolvedCluster, ResolvedConfig } from '../config/resolved-config';
import type { AddonIamStatement } from '../catalog/addon-definition';

function fill(pattern: string, config: ResolvedConfig, cluster: ResolvedCluster, partition: string): string {
  return pattern
    .replace(/\{partition\}/g, partition)
    .replace(/\{account\}/g, cluster.account)
    .replace(/\{region\}/g, cluster.region)
    .replace(/\{prefix\}/g, config.resourcePrefix)
    .replace(/\{cluster\}/g, cluster.clusterName);
}

/** The statements an add-on gets on this cluster (`hubOnly` ones are left out on spokes). */
export function needsOn(cluster: ResolvedCluster, needs: readonly AddonIamStatement[]): AddonIamStatement[] {
  return needs.filter((n) => !n.hubOnly || cluster.role === 'hub');
}

/** Turns an add-on's IAM needs (plain data in catalog/addons) into policy statements for one cluster. */
export function addonPolicyStatements(
  config: ResolvedConfig,
  cluster: ResolvedCluster,
  needs: readonly AddonIamStatement[],
  partition: string,
): iam.PolicyStatement[] {
  return needs.map((n) => new iam.PolicyStatement({ actions: [...n.actions], resources: n.resources.map((r) => fill(r, config, cluster, partition)) }));
}

/**
 * Acknowledges cdk-nag IAM5 for exactly the wildcards an add-on declares, each with its reason:
 * a resource wildcard is only ever a suffix after the platform prefix, or `*` for actions that have
 * no resource-level permissions (the add-on file says which).
 */
export function acknowledgeScopedWildcards(scope: IConstruct, config: ResolvedConfig, cluster: ResolvedCluster, needs: readonly AddonIamStatement[]): void {
  // cdk-nag shows an unresolved partition as <AWS::Partition>; with a known region it is literal.
  const partition = Stack.of(scope).partition;
  const shown = Token.isUnresolved(partition) ? '<AWS::Partition>' : partition;
  for (const n of needs) {
    for (const action of n.actions.filter((a) => a.includes('*'))) {
      acknowledgeFinding(scope, `AwsSolutions-IAM5[Action::${action}]`, `The controller manages the whole lifecycle of ${action.split(':')[0]} resources, limited to those named "${config.resourcePrefix}-*".`);
    }
    for (const resource of n.resources.filter((r) => r.includes('*'))) {
      const finding = fill(resource, config, cluster, shown);
      acknowledgeFinding(scope, `AwsSolutions-IAM5[Resource::${finding}]`, resource === '*'
          ? `${n.actions.join(', ')} support no resource-level permissions.`
          : `Limited to resources named with the platform prefix "${config.resourcePrefix}".`,);
    }
  }
}
