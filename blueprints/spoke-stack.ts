import * as eks from 'aws-cdk-lib/aws-eks-v2';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { ARGOCD_SPOKE_PURPOSE, CONNECTION_KEYS, roleName } from '../contract/gitops-bridge';
import { ClusterStack, ClusterStackProps } from './cluster-stack';

const CLUSTER_ADMIN = () => [eks.AccessPolicy.fromAccessPolicyName('AmazonEKSClusterAdminPolicy', { accessScopeType: eks.AccessScopeType.CLUSTER })];

/**
 * A workload cluster, managed by the hub's Argo CD with no token and no kubeconfig:
 * - self-managed Argo CD assumes a role in the spoke's account (trusted only for the hub's Argo CD
 *   role), which an EKS access entry maps to cluster admin;
 * - the EKS managed capability's own role gets the access entry directly (same account, validated).
 */
export class SpokeStack extends ClusterStack {
  constructor(scope: Construct, id: string, props: ClusterStackProps) {
    super(scope, id, props);
    const { config, cluster } = props;
    const hubArgoCd = this.hubArgoCdRoleArn();

    if (config.argocd.mode === 'eks-capability') {
      new eks.AccessEntry(this, 'ArgoCdAccessEntry', { cluster: this.cluster, principal: hubArgoCd, accessPolicies: CLUSTER_ADMIN() });
      this.registerWithHub({});
    } else {
      const trust = { ArnEquals: { 'aws:PrincipalArn': hubArgoCd } };
      const argocdSpoke = new iam.Role(this, 'ArgoCdSpokeRole', {
        roleName: roleName(config, cluster, ARGOCD_SPOKE_PURPOSE),
        description: `Assumed by the hub's Argo CD to manage ${cluster.clusterName}`,
        // Trust the hub account narrowed to one role ARN: the hub role need not exist yet (parallel deploys).
        assumedBy: new iam.AccountPrincipal(config.hub.account).withConditions(trust),
      });
      argocdSpoke.assumeRolePolicy?.addStatements(
        new iam.PolicyStatement({ actions: ['sts:TagSession'], principals: [new iam.AccountPrincipal(config.hub.account)], conditions: trust }),
      );
      new eks.AccessEntry(this, 'ArgoCdAccessEntry', { cluster: this.cluster, principal: argocdSpoke.roleArn, accessPolicies: CLUSTER_ADMIN() });
      this.registerWithHub({ [CONNECTION_KEYS.argocdRoleArn]: argocdSpoke.roleArn });
      this.output('ArgoCdSpokeRoleArn', argocdSpoke.roleArn, 'Role the hub Argo CD assumes for this spoke');
    }
    this.standardOutputs();
  }
}
