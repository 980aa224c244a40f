import { AZ_SUFFIXES } from '../contract/availability-zones';
import { ARGOCD_ROLE_PURPOSE, ARGOCD_SPOKE_PURPOSE, REGISTRATION_READER_PURPOSE } from '../contract/gitops-bridge';
import { CAPABILITY_TYPE, capabilityRolePurpose } from '../contract/managed-capabilities';
import { addonApplicationName, workloadApplicationName } from '../contract/names';
import { CLUSTER_ADMIN_PURPOSE } from '../contract/operator-access';
import { addressesNeeded } from '../contract/vpc-layout';
import { ADDONS } from '../catalog/registry';
import { parseCidr } from './cidr-range';
import type { ConfigProblem } from './config-error';
import type { ParsedConfig } from './schema';

/**
 * Rules on names the config derives (prefix + cluster + suffix) and on values that reach AWS or
 * Kubernetes verbatim: each checked against the target's documented limit at validate time, so a
 * deploy never fails 20 minutes in (or worse, half-applies).
 */

/** Every IAM role purpose a cluster can get (`roleName()` suffixes): the longest decides the limit. */
const ROLE_PURPOSES = [
  ARGOCD_ROLE_PURPOSE,
  ARGOCD_SPOKE_PURPOSE,
  REGISTRATION_READER_PURPOSE,
  CLUSTER_ADMIN_PURPOSE,
  ...(Object.keys(CAPABILITY_TYPE) as (keyof typeof CAPABILITY_TYPE)[]).map(capabilityRolePurpose),
  ...ADDONS.filter((a) => (a.identity?.iam?.length ?? 0) > 0).map((a) => a.id),
];
const LONGEST_PURPOSE = ROLE_PURPOSES.reduce((a, b) => (b.length > a.length ? b : a));
/** IAM role names: at most 64 characters (https://docs.aws.amazon.com/IAM/latest/APIReference/API_CreateRole.html). */
const IAM_ROLE_NAME_MAX = 64;
/** Argo CD Application and Kubernetes object names used as DNS-1123 labels: at most 63. */
const DNS_LABEL_MAX = 63;
const LONGEST_ADDON = ADDONS.map((a) => a.id).reduce((a, b) => (b.length > a.length ? b : a));
/** ECR repository names (https://docs.aws.amazon.com/AmazonECR/latest/APIReference/API_CreateRepository.html). */
const ECR_REPOSITORY = /^(?=.{2,256}$)(?:[a-z0-9]+(?:[._-][a-z0-9]+)*\/)*[a-z0-9]+(?:[._-][a-z0-9]+)*$/;
/** Kubernetes resource quantities (k8s.io/apimachinery/pkg/api/resource: <number><suffix>). */
const QUANTITY = /^(\d+(\.\d+)?|\.\d+)(m|k|M|G|T|P|E|Ki|Mi|Gi|Ti|Pi|Ei|[eE][+-]?\d+)?$/;
/** AWS tags (https://docs.aws.amazon.com/tag-editor/latest/userguide/tagging.html): keys 1–128, values ≤ 256, these characters; `aws:` is reserved. */
const TAG_TEXT = /^[\p{L}\p{Z}\p{N}_.:/=+\-@]*$/u;
/** URL characters of RFC 3986 (unreserved, reserved, "%"): no quotes, braces, backslashes, "<", ">" or spaces. */
const URL_CHARS = /^[A-Za-z0-9._~:/?#[\]@!$&'()*+,;=%-]+$/;
/** A branch or tag Argo CD may track: git ref-name characters only (git-check-ref-format), never options or template text. */
const GIT_REVISION = /^(?!-)(?!.*\.\.)(?!.*\/\/)(?!.*\.lock$)[A-Za-z0-9._/-]{1,200}(?<![./])$/;

const clustersOf = (c: ParsedConfig): [string, ParsedConfig['hub'] | ParsedConfig['spokes'][string], string][] => [
  ['hub', c.hub, c.hub.name],
  ...Object.entries(c.spokes).map(([n, s]): [string, ParsedConfig['spokes'][string], string] => [`spokes.${n}`, s, n]),
];

export function derivedNamesFit(c: ParsedConfig): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  const prefix = c.resourcePrefix ?? c.name;
  const prefixPath = c.resourcePrefix === undefined ? 'name' : 'resourcePrefix';
  for (const [path, , name] of clustersOf(c)) {
    const longest = `${prefix}-${name}-${LONGEST_PURPOSE}`;
    if (longest.length > IAM_ROLE_NAME_MAX) {
      const at = path === 'hub' ? 'hub.name' : path;
      problems.push({ path: at, value: name, fix: `the IAM role "${longest}" (<resourcePrefix>-<cluster>-${LONGEST_PURPOSE}) would have ${longest.length} characters, over IAM's ${IAM_ROLE_NAME_MAX}; shorten the cluster name or ${prefixPath} by ${longest.length - IAM_ROLE_NAME_MAX}` });
    }
    const app = addonApplicationName(LONGEST_ADDON, name);
    if (app.length > DNS_LABEL_MAX) problems.push({ path: path === 'hub' ? 'hub.name' : path, value: name, fix: `the Argo CD Application "${app}" (<add-on>-<cluster>) would exceed ${DNS_LABEL_MAX} characters; shorten the cluster name` });
    for (const appName of Object.keys(c.applications)) {
      if (workloadApplicationName(appName, name).length > DNS_LABEL_MAX) problems.push({ path: `applications.${appName}`, value: appName, fix: `the Argo CD Application "${workloadApplicationName(appName, name)}" (<app>-<cluster>) would exceed ${DNS_LABEL_MAX} characters; shorten the application or cluster name` });
    }
  }
  for (const [appName, app] of Object.entries(c.applications)) {
    // A derived image from a malformed name or prefix is reported there, not twice.
    if (app.image === undefined && !/^[a-z][a-z0-9-]*$/.test(prefix)) continue;
    const image = app.image ?? `${prefix}/${appName}`;
    if (!ECR_REPOSITORY.test(image)) problems.push({ path: app.image === undefined ? `applications.${appName}` : `applications.${appName}.image`, value: image, fix: 'use an ECR repository name: 2–256 lowercase letters, digits, "/", and single ".", "_" or "-" between them' });
  }
  return problems;
}

/** Each VPC has room for its subnets (a public /24 and a private /20 per AZ, as the CDK allocates them). */
export function vpcHasRoomForSubnets(c: ParsedConfig): ConfigProblem[] {
  return clustersOf(c).flatMap(([path, s]) => {
    const parsed = parseCidr(s.vpcCidr);
    if (typeof parsed === 'string' || !Object.hasOwn(AZ_SUFFIXES, s.region)) return [];
    const size = 2 ** (32 - parsed.range[1]);
    const needed = addressesNeeded(s.azCount);
    const maxPrefix = 32 - Math.ceil(Math.log2(needed));
    return size < needed ? [{ path: `${path}.vpcCidr`, value: s.vpcCidr, fix: `${s.azCount} AZs need ${needed} addresses (a public /24 and a private /20 each); use a /${maxPrefix} or larger` }] : [];
  });
}

/**
 * No NAT gateway means isolated private subnets, and the VPC has no interface endpoints (ECR, STS,
 * EKS, S3...) that Auto Mode nodes in them would need to pull images and join: nodes would never
 * become Ready. Rejected until the VPC carries those endpoints.
 */
export function natGatewaysGiveEgress(c: ParsedConfig): ConfigProblem[] {
  return clustersOf(c)
    .filter(([, s]) => s.natGateways === 0)
    .map(([path]) => ({ path: `${path}.natGateways`, value: 0, fix: 'use at least 1: without a NAT gateway the nodes have no route to ECR, STS and EKS (the VPC has no interface endpoints for them)' }));
}

/** Values copied verbatim into AWS tags, ResourceQuotas and Argo CD's targetRevision. */
export function verbatimValuesValid(c: ParsedConfig): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  for (const [key, value] of Object.entries(c.tags)) {
    if (key.length < 1 || key.length > 128 || !TAG_TEXT.test(key) || /^aws:/i.test(key)) problems.push({ path: `tags.${key}`, value: key, fix: 'use a tag key of 1–128 letters, digits, spaces and _ . : / = + - @, not starting with "aws:"' });
    if (typeof value === 'string' && (value.length > 256 || !TAG_TEXT.test(value))) problems.push({ path: `tags.${key}`, value, fix: 'use a tag value of at most 256 letters, digits, spaces and _ . : / = + - @' });
  }
  for (const [team, t] of Object.entries(c.teams)) {
    for (const k of ['cpu', 'memory'] as const) {
      if (!QUANTITY.test(t.quota[k])) problems.push({ path: `teams.${team}.quota.${k}`, value: t.quota[k], fix: 'use a Kubernetes quantity such as "8", "500m" or "16Gi"' });
    }
  }
  const urls: [string, unknown][] = [['git.url', c.git.url], ...Object.entries(c.teams).flatMap(([team, t]) => t.sourceRepos.map((u, i): [string, unknown] => [`teams.${team}.sourceRepos.${i}`, u]))];
  for (const [path, url] of urls) {
    if (typeof url === 'string' && !URL_CHARS.test(url)) problems.push({ path, value: url, fix: 'use only URL characters (RFC 3986): percent-encode quotes, braces, backslashes and "<", ">"' });
  }
  if (!GIT_REVISION.test(c.git.revision)) problems.push({ path: 'git.revision', value: c.git.revision, fix: 'use a branch or tag name: letters, digits, ".", "_", "-" and "/", not starting with "-"' });
  return problems;
}
