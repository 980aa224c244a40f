import * as ipaddr from 'ipaddr.js';

/** An IPv4 network parsed from CIDR notation. */
export interface CidrRange {
  readonly cidr: string;
  readonly range: [ipaddr.IPv4, number];
}

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
  if (bits < 16 || bits > 24) return 'use a prefix between /16 and /24 so the VPC has room for its subnets';
  const network = ipaddr.IPv4.networkAddressFromCIDR(cidr).toString();
  if (network !== addr.toString()) return `use the network address: "${network}/${bits}"`;
  return { cidr, range: [addr as ipaddr.IPv4, bits] };
}

/** Two networks overlap exactly when one contains the other's network address. */
export function cidrsOverlap(a: CidrRange, b: CidrRange): boolean {
  return a.range[0].match(b.range) || b.range[0].match(a.range);
}
