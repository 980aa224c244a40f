import { LabelSelector, selects } from './applicationset-generator';

/**
 * Kubernetes NetworkPolicy ingress semantics, for the peers our policies use
 * (https://kubernetes.io/docs/concepts/services-networking/network-policies/): a pod that no Ingress
 * policy of its namespace selects accepts everything; otherwise a connection is allowed when any rule of
 * any selecting policy matches both its source (`from` absent or empty: anyone; a peer with only
 * `podSelector`: pods of the policy's namespace; only `namespaceSelector`: every pod of the selected
 * namespaces; both: those pods of those namespaces) and its port (`ports` absent: any; a named port is
 * the destination container's port of that name; protocol defaults to TCP). `ipBlock` is not modelled
 * and throws, so a policy using it cannot be judged silently.
 */
export interface NetworkPolicy {
  metadata: { name: string; namespace: string };
  spec: {
    podSelector: LabelSelector;
    policyTypes?: string[];
    ingress?: { from?: Peer[]; ports?: { protocol?: string; port?: number | string }[] }[];
  };
}
interface Peer { podSelector?: LabelSelector; namespaceSelector?: LabelSelector; ipBlock?: unknown }

export interface Endpoint {
  readonly namespace: string;
  readonly namespaceLabels: Record<string, string>;
  readonly podLabels: Record<string, string>;
}
export interface Destination extends Endpoint {
  readonly containerPorts: readonly { name?: string; containerPort: number; protocol?: string }[];
}

function peerMatches(peer: Peer, policyNamespace: string, source: Endpoint): boolean {
  if (peer.ipBlock) throw new Error('ipBlock peers are not modelled');
  const nsOk = peer.namespaceSelector ? selects(peer.namespaceSelector, source.namespaceLabels) : source.namespace === policyNamespace;
  const podOk = peer.podSelector ? selects(peer.podSelector, source.podLabels) : true;
  return nsOk && podOk;
}

function portMatches(ports: { protocol?: string; port?: number | string }[] | undefined, dest: Destination, port: number, protocol: string): boolean {
  if (!ports || ports.length === 0) return true;
  return ports.some((p) => {
    if ((p.protocol ?? 'TCP') !== protocol) return false;
    if (p.port === undefined) return true;
    if (typeof p.port === 'number') return p.port === port;
    return dest.containerPorts.some((c) => c.name === p.port && c.containerPort === port && (c.protocol ?? 'TCP') === protocol);
  });
}

/** Whether `source` may open a connection to `dest` on `port`/`protocol`, given every policy in the cluster. */
export function ingressAllowed(policies: readonly NetworkPolicy[], source: Endpoint, dest: Destination, port: number, protocol = 'TCP'): boolean {
  const selecting = policies.filter((p) => p.metadata.namespace === dest.namespace && selects(p.spec.podSelector, dest.podLabels) &&
    (p.spec.policyTypes ?? ['Ingress']).includes('Ingress'));
  if (selecting.length === 0) return true;
  return selecting.some((p) => (p.spec.ingress ?? []).some((rule) =>
    (!rule.from || rule.from.length === 0 || rule.from.some((peer) => peerMatches(peer, p.metadata.namespace, source))) &&
    portMatches(rule.ports, dest, port, protocol)));
}
