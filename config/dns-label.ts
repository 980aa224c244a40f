import { z } from 'zod';

/**
 * A DNS label (RFC 1123, starting with a letter): what Kubernetes namespaces and object names, ECR, GitLab
 * and host names all accept. The one spelling of the rule: the schema, the cross-field rules (keys of maps)
 * and the golden paths' parameter patterns read it.
 */
export const DNS_LABEL = /^[a-z]([-a-z0-9]{0,61}[a-z0-9])?$/;

/** A config string that must be a DNS label; `what` names it in the error. */
export function dnsLabel(what: string) {
  return z.string().regex(DNS_LABEL, `use a DNS-safe ${what}: lowercase letters, digits and '-', starting with a letter, at most 63 characters`);
}
