import { CfnTag } from 'aws-cdk-lib';
import * as eksv1 from 'aws-cdk-lib/aws-eks';
import * as eks from 'aws-cdk-lib/aws-eks-v2';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import type { CapabilityAccessPolicy } from '../../contract/managed-capabilities';

export interface ManagedCapabilityProps {
  readonly cluster: eks.ICluster;
  /** `ARGOCD`, `ACK` or `KRO`. */
  readonly type: string;
  /** Capability name within the cluster. */
  readonly capabilityName: string;
  /** Exact IAM role name (other stacks derive it from the config). */
  readonly roleName: string;
  /** What the capability may do in AWS (least privilege). Default: nothing (kro, Argo CD). */
  readonly statements?: readonly iam.PolicyStatement[];
  /** Access policies of the role's EKS access entry on this cluster. */
  readonly accessPolicies: readonly CapabilityAccessPolicy[];
  /** Capability configuration (Argo CD's Identity Center and RBAC). */
  readonly configuration?: eksv1.CfnCapability.CapabilityConfigurationProperty;
  readonly tags?: readonly CfnTag[];
}

/** eks-v2 access policies from the contract's names and scopes. */
export function accessPolicies(policies: readonly CapabilityAccessPolicy[]): eks.IAccessPolicy[] {
  return policies.map((p) => eks.AccessPolicy.fromAccessPolicyName(p.policy, p.namespaces
    ? { accessScopeType: eks.AccessScopeType.NAMESPACE, namespaces: [...p.namespaces] }
    : { accessScopeType: eks.AccessScopeType.CLUSTER }));
}

/**
 * An EKS managed capability (`AWS::EKS::Capability`) with its own IAM role, trusted only by the EKS
 * capabilities service, and that role's EKS access entry on the cluster.
 *
 * Order, made explicit with CloudFormation DependsOn: role (and its policy) → access entry with its
 * access-policy associations → capability. EKS creates an access entry for the capability role when the
 * capability is created, and an explicit entry created after it collides (409 ResourceInUse), while an
 * association attempted before any entry exists fails with 404 "principalArn could not be found" (the
 * failure users of the peer reference architecture hit: aws-samples/appmod-blueprints#804). Creating the
 * entry first, as the EKS workshop does, gives the platform the entry's lifecycle: it is deleted after
 * the capability, with the role. `AWS::EKS::AccessEntry` associates its AccessPolicies only once the entry
 * exists. https://docs.aws.amazon.com/eks/latest/userguide/kro-create-cli.html
 */
export class ManagedCapability extends Construct {
  readonly role: iam.Role;
  readonly accessEntry: eks.AccessEntry;
  readonly capability: eksv1.CfnCapability;

  constructor(scope: Construct, id: string, props: ManagedCapabilityProps) {
    super(scope, id);
    // https://docs.aws.amazon.com/eks/latest/userguide/capability-role.html: sts:AssumeRole + sts:TagSession.
    this.role = new iam.Role(this, 'Role', {
      roleName: props.roleName,
      description: `Role of the EKS managed ${props.type} capability ${props.capabilityName}`,
      assumedBy: new iam.ServicePrincipal('capabilities.eks.amazonaws.com').withSessionTags(),
    });
    const policy = props.statements && props.statements.length > 0
      ? new iam.Policy(this, 'Policy', { statements: [...props.statements], roles: [this.role] })
      : undefined;

    this.accessEntry = new eks.AccessEntry(this, 'AccessEntry', {
      cluster: props.cluster,
      principal: this.role.roleArn,
      accessEntryType: eks.AccessEntryType.STANDARD,
      accessPolicies: accessPolicies(props.accessPolicies),
    });

    this.capability = new eksv1.CfnCapability(this, 'Capability', {
      capabilityName: props.capabilityName,
      clusterName: props.cluster.clusterName,
      type: props.type,
      roleArn: this.role.roleArn,
      // The only value EKS accepts: deleting the capability leaves its Kubernetes resources in place.
      deletePropagationPolicy: 'RETAIN',
      configuration: props.configuration,
      tags: props.tags ? [...props.tags] : undefined,
    });
    this.capability.addDependency(this.accessEntry.node.defaultChild as eksv1.CfnAccessEntry);
    if (policy) this.capability.addDependency(policy.node.defaultChild as iam.CfnPolicy);
  }
}
