import { CfnIdentityProviderConfig } from 'aws-cdk-lib/aws-eks';
import * as eks from 'aws-cdk-lib/aws-eks-v2';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { ARGOCD_SPOKE_PURPOSE, CONNECTION_KEYS, roleName } from '../contract/gitops-bridge';
import { ARGOCD_SPOKE_ACCESS_POLICIES, managedArgoCd } from '../contract/managed-capabilities';
import { GROUPS_CLAIM, KUBERNETES_CLIENT, KUBERNETES_OIDC_PREFIX, oidcIssuer } from '../contract/sso';
import { ClusterStack, ClusterStackProps } from './cluster-stack';
import { accessPolicies } from './constructs/managed-capability';
import { TenantRoles } from './constructs/tenant-roles';

const CLUSTER_ADMIN = () => accessPolicies(ARGOCD_SPOKE_ACCESS_POLICIES);

/**
 * A workload cluster, managed by the hub's Argo CD with no token and no kubeconfig:
 * - self-managed Argo CD assumes a role in the spoke's account (trusted only for the hub's Argo CD
 *   role), which an EKS access entry maps to cluster admin;
 * - the EKS managed capability's own role (in the hub account, named from the config) gets the access
 *   entry directly: EKS access entries take principals of other accounts, so no role or trust is needed
 *   here (https://docs.aws.amazon.com/eks/latest/userguide/argocd-register-clusters.html, "Cross-account
 *   clusters"). EKS resolves the principal when it creates the entry, so the hub stack deploys first.
 */
export class SpokeStack extends ClusterStack {
  constructor(scope: Construct, id: string, props: ClusterStackProps) {
    super(scope, id, props);
    const { config, cluster } = props;
    const hubArgoCd = this.hubArgoCdRoleArn();

    // Teams reach the spoke's API with Keycloak ID tokens (kubectl oidc-login); their RoleBindings name the
    // prefixed group (gitops/charts/tenancy.ts), and the prefix keeps Keycloak names out of `system:`.
    new CfnIdentityProviderConfig(this, 'KeycloakIdentityProvider', {
      clusterName: this.cluster.clusterName,
      type: 'oidc',
      identityProviderConfigName: 'keycloak',
      oidc: {
        issuerUrl: oidcIssuer(config),
        clientId: KUBERNETES_CLIENT,
        groupsClaim: GROUPS_CLAIM,
        groupsPrefix: KUBERNETES_OIDC_PREFIX,
        usernameClaim: 'preferred_username',
        usernamePrefix: KUBERNETES_OIDC_PREFIX,
      },
    });

    if (managedArgoCd(config)) {
      new eks.AccessEntry(this, 'ArgoCdAccessEntry', { cluster: this.cluster, principal: hubArgoCd, accessEntryType: eks.AccessEntryType.STANDARD, accessPolicies: CLUSTER_ADMIN() });
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
    }
    // The only AWS identities tenant namespaces reach on this spoke (docs/security.md C1, H2).
    new TenantRoles(this, 'TenantRoles', { config, cluster, addonRoles: this.addonRoles });
    this.standardOutputs();
  }
}
