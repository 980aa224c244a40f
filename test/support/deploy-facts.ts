import type { ResolvedCluster } from '../../config/resolved-config';
import { addonsWithIam, type DeployFacts } from '../../contract/gitops-bridge';
import { hasMetricsWorkspace } from '../../contract/metrics-workspace';

/**
 * Plausible deploy-time facts of a cluster (what its CDK stack writes into the registration once
 * deployed), for tests that need a cluster's full GitOps Bridge metadata without a deployment.
 * Shaped like the real values so templates that use them (ARNs, ids) render as they would.
 */
export function exampleDeployFacts(cluster: ResolvedCluster): DeployFacts {
  return {
    vpcId: 'vpc-0123456789abcdef0',
    oidcIssuer: `https://oidc.eks.${cluster.region}.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE`,
    addonRoleArns: Object.fromEntries(addonsWithIam(cluster).map((id) => [id, `arn:aws:iam::${cluster.account}:role/${cluster.clusterName}-${id}`])),
    nodeRoleName: `${cluster.clusterName}-node`,
    clusterSecurityGroupId: 'sg-0123456789abcdef0',
    certificateArn: cluster.role === 'hub' ? `arn:aws:acm:${cluster.region}:${cluster.account}:certificate/00000000-0000-0000-0000-000000000000` : '',
    ...(hasMetricsWorkspace(cluster) ? { metricsEndpoint: `https://aps-workspaces.${cluster.region}.amazonaws.com/workspaces/ws-00000000-0000-0000-0000-000000000000/` } : {}),
  };
}
