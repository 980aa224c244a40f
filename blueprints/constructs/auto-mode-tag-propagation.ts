import * as iam from 'aws-cdk-lib/aws-iam';
import { Stack, Token } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { acknowledgeFinding } from '../nag-acknowledge';

export interface AutoModeTagPropagationProps {
  /** The EKS cluster IAM role (Auto Mode's controllers act with it). */
  readonly clusterRole: iam.IRole;
  /** EKS cluster name: Auto Mode tags what it creates with `eks:eks-cluster-name`. */
  readonly clusterName: string;
  /** The cluster's VPC: security groups are created in it only. */
  readonly vpcId: string;
}

const LB_CREATE_ACTIONS = ['CreateLoadBalancer', 'CreateTargetGroup', 'CreateListener', 'CreateRule'];

/**
 * Lets EKS Auto Mode put the IngressClassParams `tags` (the platform tags) on the load balancers it
 * creates. The Auto Mode managed policies do not allow user-defined tags
 * (https://docs.aws.amazon.com/eks/latest/userguide/auto-learn-iam.html#tag-prop, "Custom AWS tags for
 * EKS Auto resources"). Narrower than the documented example: load balancing only (NodeClasses carry
 * no custom tags), this account and region, security groups in the cluster's VPC, resources of this cluster only (request tag
 * `eks:eks-cluster-name`), and tags only at creation (`elasticloadbalancing:CreateAction`,
 * `ec2:CreateAction`) so nothing existing can be re-tagged.
 */
export class AutoModeTagPropagation extends Construct {
  constructor(scope: Construct, id: string, props: AutoModeTagPropagationProps) {
    super(scope, id);
    const stack = Stack.of(this);
    const arn = (partition: string, service: string, resource: string) => `arn:${partition}:${service}:${stack.region}:${stack.account}:${resource}`;
    const lbResources = (p: string) => ['loadbalancer/app/*', 'targetgroup/*', 'listener/app/*', 'listener-rule/app/*'].map((r) => arn(p, 'elasticloadbalancing', r));
    const sgResources = (p: string) => [arn(p, 'ec2', 'security-group/*'), arn(p, 'ec2', `vpc/${props.vpcId}`)];
    const ofThisCluster = { 'aws:RequestTag/eks:eks-cluster-name': props.clusterName };
    const partition = stack.partition;

    const policy = new iam.Policy(this, 'Policy', {
      roles: [props.clusterRole],
      statements: [
        new iam.PolicyStatement({
          sid: 'CreateTaggedLoadBalancing',
          actions: LB_CREATE_ACTIONS.map((a) => `elasticloadbalancing:${a}`),
          resources: lbResources(partition),
          conditions: { StringEquals: ofThisCluster },
        }),
        new iam.PolicyStatement({
          sid: 'TagLoadBalancingOnCreate',
          actions: ['elasticloadbalancing:AddTags'],
          resources: lbResources(partition),
          conditions: { StringEquals: { ...ofThisCluster, 'elasticloadbalancing:CreateAction': LB_CREATE_ACTIONS } },
        }),
        new iam.PolicyStatement({
          sid: 'CreateTaggedSecurityGroup',
          actions: ['ec2:CreateSecurityGroup'],
          resources: sgResources(partition),
          conditions: { StringEquals: ofThisCluster },
        }),
        new iam.PolicyStatement({
          sid: 'TagSecurityGroupOnCreate',
          actions: ['ec2:CreateTags'],
          resources: [arn(partition, 'ec2', 'security-group/*')],
          conditions: { StringEquals: { ...ofThisCluster, 'ec2:CreateAction': 'CreateSecurityGroup' } },
        }),
      ],
    });
    // cdk-nag shows an unresolved partition as <AWS::Partition>.
    const shown = Token.isUnresolved(partition) ? '<AWS::Partition>' : partition;
    for (const resource of [...lbResources(shown), arn(shown, 'ec2', 'security-group/*')]) {
      acknowledgeFinding(policy, `AwsSolutions-IAM5[Resource::${resource}]`,
        'Names of what Auto Mode creates are unknown in advance; limited to this account and region, to resources requested with this cluster\'s eks:eks-cluster-name tag, and to tagging at creation.');
    }
  }
}
