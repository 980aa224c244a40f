import * as eks from 'aws-cdk-lib/aws-eks';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Stack } from 'aws-cdk-lib';
import { Construct } from 'constructs';

export interface PodIdentityRoleProps {
  /** EKS cluster name. */
  readonly clusterName: string;
  /** Exact IAM role name (other stacks and the GitOps tree derive it from the config). */
  readonly roleName: string;
  readonly namespace: string;
  /** Service accounts that get this role (one association each). */
  readonly serviceAccounts: readonly string[];
  /** Least-privilege permissions. */
  readonly statements: readonly iam.PolicyStatement[];
}

/**
 * An IAM role assumed through EKS Pod Identity by named service accounts. The trust is limited to
 * the EKS Pod Identity service in this account; associations are plain CloudFormation (no kubectl).
 */
export class PodIdentityRole extends Construct {
  readonly role: iam.Role;

  constructor(scope: Construct, id: string, props: PodIdentityRoleProps) {
    super(scope, id);
    const account = Stack.of(this).account;
    this.role = new iam.Role(this, 'Role', {
      roleName: props.roleName,
      assumedBy: new iam.ServicePrincipal('pods.eks.amazonaws.com').withConditions({ StringEquals: { 'aws:SourceAccount': account } }),
      description: `Pod Identity role of ${props.namespace}/${props.serviceAccounts.join(',')} on ${props.clusterName}`,
    });
    this.role.assumeRolePolicy?.addStatements(
      new iam.PolicyStatement({
        actions: ['sts:TagSession'],
        principals: [new iam.ServicePrincipal('pods.eks.amazonaws.com')],
        conditions: { StringEquals: { 'aws:SourceAccount': account } },
      }),
    );
    if (props.statements.length > 0) {
      new iam.Policy(this, 'Policy', { statements: [...props.statements], roles: [this.role] });
    }
    props.serviceAccounts.forEach((sa) => {
      new eks.CfnPodIdentityAssociation(this, `Association-${sa}`, {
        clusterName: props.clusterName,
        namespace: props.namespace,
        serviceAccount: sa,
        roleArn: this.role.roleArn,
      });
    });
  }
}
