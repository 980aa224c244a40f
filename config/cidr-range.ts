import * as ipaddr from 'ipaddr.js';

/** An IPv4 network parsed from CIDR notation. */
export interface CidrRange {
  readonly cidr: string;
  readonly range: [ipaddr.IPv4, number];
}

/** Private IPv4 ranges a VPC may use: RFC 1918 and the shared address space 100.64.0.0/10 (RFC 6598), per
 * https://docs.aws.amazon.com/vpc/latest/userguide/vpc-cidr-blocks.html. */
export const PRIVATE_RANGES = ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16', '100.64.0.0/10'] as const;

/** Parses an IPv4 CIDR; returns an error text when it is not a network address of a valid prefix. */
export function parseCidr(cidr: string): CidrRange | string {
  let range: [ipaddr.IPv4 | ipaddr.IPv6, number];
  try {
    range = ipaddr.parseCIDR(cidr);
  } catch {
    return 'use an IPv4 CIDR such as "10.0.0.0/16"';
  }
  const [addr, bits] = range;
  if (addr.kind() !== 'ipv4') return 'use an IPv4 CIDR';
  // ipaddr.js also reads octal and hex octets ("010.0.0.0" is 8.0.0.0): only the canonical spelling is
  // accepted, so the VPC gets exactly the range the config shows.
  if (cidr !== `${addr.toString()}/${bits}`) return `write the CIDR in canonical form: "${addr.toString()}/${bits}" (no leading zeros)`;
  const privateRange = PRIVATE_RANGES.find((r) => (addr as ipaddr.IPv4).match(ipaddr.IPv4.parseCIDR(r)));
  if (!privateRange) return `use a private range (${PRIVATE_RANGES.join(', ')}): a public range would shadow real internet addresses for the cluster`;
  if (bits < 16 || bits > 24) return 'use a prefix between /16 and /24 so the VPC has room for its subnets';
  const network = ipaddr.IPv4.networkAddressFromCIDR(cidr).toString();
  if (network !== addr.toString()) return `use the network address: "${network}/${bits}"`;
  return { cidr, range: [addr as ipaddr.IPv4, bits] };
}

/** Two networks overlap exactly when one contains the other's network address. */
export function cidrsOverlap(a: CidrRange, b: CidrRange): boolean {
  return a.range[0].match(b.range) || b.range[0].match(a.range);
}
