/**
 * Subnet sizes of every cluster VPC (blueprints/constructs/cluster-vpc.ts): one public /24 and one
 * private /20 per AZ. The config validation checks the VPC CIDR has room for them.
 */
export const SUBNET_MASKS = { public: 24, private: 20 } as const;

/**
 * Addresses the subnets need, as the CDK Vpc allocates them (NetworkBuilder: subnet groups in order,
 * each subnet aligned to its own size): the public /24s, then the private /20s from the next /20 boundary.
 */
export function addressesNeeded(azCount: number): number {
  const pub = 2 ** (32 - SUBNET_MASKS.public);
  const priv = 2 ** (32 - SUBNET_MASKS.private);
  return Math.ceil((azCount * pub) / priv) * priv + azCount * priv;
}
