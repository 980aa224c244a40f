import { CfnElement } from 'aws-cdk-lib';
import { acknowledgeFinding } from './nag-acknowledge';
import type { ClusterStack } from './cluster-stack';

const EKS_MANAGED_POLICIES = [
  'AmazonEKSClusterPolicy', 'AmazonEKSComputePolicy', 'AmazonEKSBlockStoragePolicy', 'AmazonEKSLoadBalancingPolicy',
  'AmazonEKSNetworkingPolicy', 'AmazonEKSWorkerNodePolicy', 'AmazonEC2ContainerRegistryReadOnly',
];
const LAMBDA_MANAGED_POLICIES = ['service-role/AWSLambdaBasicExecutionRole', 'service-role/AWSLambdaVPCAccessExecutionRole'];

/**
 * cdk-nag AwsSolutions findings acknowledged on every cluster stack, each with its reason.
 * Findings about one resource are acknowledged next to that resource.
 */
export function acknowledgePlatformFindings(stack: ClusterStack): void {
  for (const p of EKS_MANAGED_POLICIES) {
    acknowledgeFinding(stack, `AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/${p}]`,
      'EKS Auto Mode requires these AWS-maintained policies on its cluster and node roles; AWS updates them as Auto Mode evolves.');
  }
  const kubectlProvider = stack.cluster.node.tryFindChild('KubectlProvider');
  if (kubectlProvider) {
    for (const p of LAMBDA_MANAGED_POLICIES) {
      acknowledgeFinding(kubectlProvider, `AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/${p}]`,
        'Execution role of the kubectl provider Lambda that aws-cdk-lib creates for the cluster: logging and VPC access only.');
    }
    acknowledgeFinding(kubectlProvider, 'AwsSolutions-L1', 'The kubectl provider Lambda runtime is chosen by aws-cdk-lib and upgraded with the pinned CDK version.');
    // The finding ids embed generated logical ids, so derive them from the constructs themselves.
    const handler = kubectlProvider.node.findChild('Handler');
    const handlerId = stack.getLogicalId(handler.node.defaultChild as CfnElement);
    const ecrPublic = stack.getLogicalId(handler.node.findChild('HasEcrPublic') as CfnElement);
    acknowledgeFinding(kubectlProvider, `AwsSolutions-IAM5[Resource::<${handlerId}.Arn>:*]`,
      'CDK provider framework of the kubectl provider: invokes any version of its own handler and nothing else.');
    const ecrPublicPolicy = { 'Fn::If': [ecrPublic, { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':iam::aws:policy/AmazonElasticContainerRegistryPublicReadOnly']] }, { Ref: 'AWS::NoValue' }] };
    acknowledgeFinding(kubectlProvider, `AwsSolutions-IAM4[Policy::${JSON.stringify(ecrPublicPolicy)}]`,
      'The kubectl provider pulls its public ECR layer only in partitions that have ECR Public (aws-cdk-lib condition).');
  }
  if (stack.endpointIsPublic) {
    acknowledgeFinding(stack.cluster, 'AwsSolutions-EKS1',
      'endpointAccess is "public" or "public-and-private" in the config so operators and the hub can reach the API; set it to "private" to close the public endpoint.');
  }
}
