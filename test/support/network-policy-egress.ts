import { LabelSelector, selects } from './applicationset-generator';

/**
 * Kubernetes NetworkPolicy egress semantics for destinations given by IPv4 address (and, when the address is
 * a pod's, that pod's namespace and labels), after https://kubernetes.io/docs/concepts/services-networking/network-policies/
 * and the API reference (https://kubernetes.io/docs/reference/kubernetes-api/policy-resources/network-policy-v1/):
 * - a pod that no policy with `Egress` in `policyTypes` selects may connect anywhere; otherwise a connection is
 *   allowed when any egress rule of any selecting policy matches it (policies are additive, never subtractive);
 * - a rule matches when its `to` is absent or empty (any destination) or one peer matches, and its `ports` are
 *   absent or empty (any port) or one entry matches (protocol defaults to TCP; `port` absent: every port;
 *   `endPort`: a range);
 * - `ipBlock`: the address is inside `cidr` and inside none of `except`;
 * - `namespaceSelector`/`podSelector` peers match pods only (never a plain address outside the cluster).
 * Named ports are not modelled and throw, so a policy using one is never judged silently.
 */
export interface EgressPolicy {
  metadata: { name: string; namespace: string };
  spec: { podSelector: LabelSelector; policyTypes?: string[]; egress?: EgressRule[]; ingress?: unknown[] };
}
interface EgressRule { to?: Peer[]; ports?: { protocol?: string; port?: number | string; endPort?: number }[] }
interface Peer { ipBlock?: { cidr: string; except?: string[] }; namespaceSelector?: LabelSelector; podSelector?: LabelSelector }

export interface Source { readonly namespace: string; readonly podLabels: Record<string, string> }
export interface EgressDestination {
  readonly ip: string;
  /** Set when the address is a pod's. */
  readonly pod?: { readonly namespace: string; readonly namespaceLabels: Record<string, string>; readonly podLabels: Record<string, string> };
}

function ipv4(ip: string): number {
  const parts = ip.split('.').map(Number);
  if (parts.length !== 4 || parts.some((p) => !Number.isInteger(p) || p < 0 || p > 255)) throw new Error(`not an IPv4 address: ${ip}`);
  return parts.reduce((n, p) => n * 256 + p, 0);
}

/** Whether an IPv4 address lies in a CIDR block. */
export function inCidr(ip: string, cidr: string): boolean {
  const [base, bits] = cidr.split('/');
  const size = 2 ** (32 - Number(bits));
  const start = Math.floor(ipv4(base) / size) * size;
  const n = ipv4(ip);
  return n >= start && n < start + size;
}

function peerMatches(peer: Peer, policyNamespace: string, dest: EgressDestination): boolean {
  if (peer.ipBlock) return inCidr(dest.ip, peer.ipBlock.cidr) && !(peer.ipBlock.except ?? []).some((e) => inCidr(dest.ip, e));
  if (!dest.pod) return false;
  const nsOk = peer.namespaceSelector ? selects(peer.namespaceSelector, dest.pod.namespaceLabels) : dest.pod.namespace === policyNamespace;
  const podOk = peer.podSelector ? selects(peer.podSelector, dest.pod.podLabels) : true;
  return nsOk && podOk;
}

function portMatches(ports: EgressRule['ports'], port: number, protocol: string): boolean {
  if (!ports || ports.length === 0) return true;
  return ports.some((p) => {
    if ((p.protocol ?? 'TCP') !== protocol) return false;
    if (p.port === undefined) return true;
    if (typeof p.port === 'string') throw new Error(`named port "${p.port}" is not modelled`);
    return p.endPort === undefined ? p.port === port : port >= p.port && port <= p.endPort;
  });
}

/** Whether a pod (`source`) may open a connection to `dest` on `port`/`protocol`, given every policy in the cluster. */
export function egressAllowed(policies: readonly EgressPolicy[], source: Source, dest: EgressDestination, port: number, protocol = 'TCP'): boolean {
  const selecting = policies.filter((p) => p.metadata.namespace === source.namespace && selects(p.spec.podSelector, source.podLabels) &&
    (p.spec.policyTypes ?? (p.spec.egress ? ['Ingress', 'Egress'] : ['Ingress'])).includes('Egress'));
  if (selecting.length === 0) return true;
  return selecting.some((p) => (p.spec.egress ?? []).some((rule) =>
    (!rule.to || rule.to.length === 0 || rule.to.some((peer) => peerMatches(peer, p.metadata.namespace, dest))) && portMatches(rule.ports, port, protocol)));
}
