import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as logs from 'aws-cdk-lib/aws-logs';
import { RemovalPolicy } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { SUBNET_MASKS } from '../../contract/vpc-layout';
import { PRIVATE_SUBNET_TAG, PUBLIC_SUBNET_TAG } from '../../contract/ingress';

export interface ClusterVpcProps {
  /** IPv4 CIDR of the VPC. */
  readonly cidr: string;
  /** Explicit availability zones (no lookup at synth: cdk.context.json holds them). */
  readonly availabilityZones: readonly string[];
  /** NAT gateways; 0 means private subnets have no internet egress. */
  readonly natGateways: number;
  /** Keep flow logs when the stack is deleted. */
  readonly retainLogs: boolean;
}

/** VPC of one cluster: public + private subnets over explicit AZs, flow logs on, tagged for EKS load balancers. */
export class ClusterVpc extends Construct {
  readonly vpc: ec2.Vpc;

  constructor(scope: Construct, id: string, props: ClusterVpcProps) {
    super(scope, id);
    this.vpc = new ec2.Vpc(this, 'Vpc', {
      ipAddresses: ec2.IpAddresses.cidr(props.cidr),
      availabilityZones: [...props.availabilityZones],
      natGateways: props.natGateways,
      subnetConfiguration: [
        { name: 'public', subnetType: ec2.SubnetType.PUBLIC, cidrMask: SUBNET_MASKS.public },
        {
          name: 'private',
          subnetType: props.natGateways > 0 ? ec2.SubnetType.PRIVATE_WITH_EGRESS : ec2.SubnetType.PRIVATE_ISOLATED,
          cidrMask: SUBNET_MASKS.private,
        },
      ],
      restrictDefaultSecurityGroup: false, // a custom resource Lambda otherwise; the default SG is unused by EKS Auto Mode
    });
    const logGroup = new logs.LogGroup(this, 'FlowLogs', {
      retention: logs.RetentionDays.THREE_MONTHS,
      removalPolicy: props.retainLogs ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
    });
    this.vpc.addFlowLog('FlowLog', { destination: ec2.FlowLogDestination.toCloudWatchLogs(logGroup) });
    // Auto Mode's load balancing discovers subnets by these tags.
    for (const s of this.vpc.publicSubnets) (s.node.defaultChild as ec2.CfnSubnet).tags.setTag(PUBLIC_SUBNET_TAG.key, PUBLIC_SUBNET_TAG.value);
    for (const s of [...this.vpc.privateSubnets, ...this.vpc.isolatedSubnets]) (s.node.defaultChild as ec2.CfnSubnet).tags.setTag(PRIVATE_SUBNET_TAG.key, PRIVATE_SUBNET_TAG.value);
  }
}
