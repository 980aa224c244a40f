import type { ResolvedCluster, ResolvedConfig } from '../config/resolved-config';
import { addonById } from '../catalog/registry';
import { METRICS_ENDPOINT_ANNOTATION } from '../catalog/addons/prometheus';

/**
 * The GitOps Bridge contract (DESIGN §4): the labels and annotations of each cluster's Argo CD
 * cluster secret, plus the AWS names both sides derive from the config. blueprints/ writes the
 * metadata; gitops/ selects on the labels and templates from the annotations. Nothing else spells
 * these keys.
 */

export const LABELS = {
  secretType: 'argocd.argoproj.io/secret-type',
  clusterName: 'cluster_name',
  environment: 'environment',
  fleetMember: 'fleet_member',
  tenant: 'tenant',
  kubernetesVersion: 'kubernetes_version',
} as const;

export const ANNOTATIONS = {
  awsClusterName: 'aws_cluster_name',
  awsRegion: 'aws_region',
  awsAccountId: 'aws_account_id',
  awsVpcId: 'aws_vpc_id',
  eksOidcIssuer: 'eks_oidc_issuer',
  addonsRepoUrl: 'addons_repo_url',
  addonsRepoBasepath: 'addons_repo_basepath',
  addonsRepoPath: 'addons_repo_path',
  addonsRepoRevision: 'addons_repo_revision',
  workloadRepoUrl: 'workload_repo_url',
  workloadRepoBasepath: 'workload_repo_basepath',
  workloadRepoPath: 'workload_repo_path',
  workloadRepoRevision: 'workload_repo_revision',
  ingressDomainName: 'ingress_domain_name',
  resourcePrefix: 'resource_prefix',
  /** ACM certificate of `<domain>` + `*.<domain>` for the cluster's ALB; empty on clusters without one (spokes). */
  ingressCertificateArn: 'ingress_certificate_arn',
  /** Auto Mode node role (name): the policy-enforcing NodeClass reuses it, so no new access entry is needed. */
  awsNodeRoleName: 'aws_node_role_name',
  /** The cluster security group EKS created: the policy-enforcing NodeClass puts nodes in it. */
  awsClusterSecurityGroupId: 'aws_cluster_security_group_id',
  /** Prometheus endpoint of the cluster's metrics workspace (contract/metrics-workspace.ts); only on clusters running Prometheus. */
  metricsEndpoint: METRICS_ENDPOINT_ANNOTATION,
} as const;

/** Keys of the registration record that are not metadata but connection facts. */
export const CONNECTION_KEYS = {
  server: 'server',
  clusterArn: 'cluster_arn',
  caData: 'ca_data',
  argocdRoleArn: 'argocd_role_arn',
} as const;

/** `fleet_member` of the hub; spokes carry `spoke`. */
export const FLEET_MEMBER = { hub: 'control-plane', spoke: 'spoke' } as const;

/** Secret type label value of Argo CD cluster secrets. */
export const CLUSTER_SECRET_TYPE = 'cluster';

const snake = (id: string) => id.replace(/-/g, '_');

/** `enable_<addon>` label of an add-on, e.g. `enable_argo_rollouts`. */
export function enableLabel(addonId: string): string {
  return `enable_${snake(addonId)}`;
}

/**
 * `capability_<id>` label of a cluster where an EKS managed capability replaces add-on charts, e.g.
 * `capability_kro`. Chart ApplicationSets never select it (the add-on's `enable_` label is absent there);
 * the ApplicationSets of the platform's objects for those add-ons do.
 */
export function capabilityLabel(capabilityId: string): string {
  return `capability_${snake(capabilityId)}`;
}

/** Whether a registration key is a label of the cluster secret (the rest are annotations or connection facts). */
export function isMetadataLabel(key: string): boolean {
  return (Object.values(LABELS) as string[]).includes(key) || key.startsWith('enable_') || key.startsWith('capability_');
}

export type AddonAnnotationKind = 'iam_role_arn' | 'namespace' | 'service_account';

/** `<addon>_iam_role_arn`, `<addon>_namespace`, `<addon>_service_account`. */
export function addonAnnotation(addonId: string, kind: AddonAnnotationKind): string {
  return `${snake(addonId)}_${kind}`;
}

/** Go-template reference to a label of the cluster secret (ApplicationSet cluster generator). */
export function labelRef(key: string): string {
  return `{{.metadata.labels.${key}}}`;
}

/** Go-template reference to an annotation of the cluster secret. */
export function annotationRef(key: string): string {
  return `{{.metadata.annotations.${key}}}`;
}

// ---- AWS names derived from the config; both stacks and the GitOps tree compute them the same way ----

/** CloudFormation stack of a cluster (also its CDK construct id: stable, renaming replaces resources). */
export function stackId(config: ResolvedConfig, clusterName: string): string {
  return `${config.resourcePrefix}-${clusterName}`;
}

/** Name of the Secrets Manager secret holding a cluster's registration (in the cluster's own account/region). */
export function registrationSecretName(config: ResolvedConfig, cluster: ResolvedCluster): string {
  return `${config.resourcePrefix}/gitops-bridge/${cluster.name}`;
}

/** Prefix under which all platform secrets live (External Secrets may read only these). */
export function platformSecretPrefix(config: ResolvedConfig): string {
  return `${config.resourcePrefix}/`;
}

/** IAM role name of a platform role for a cluster, e.g. `acme-hub-argocd`. */
export function roleName(config: ResolvedConfig, cluster: ResolvedCluster, purpose: string): string {
  return `${config.resourcePrefix}-${cluster.name}-${purpose}`;
}

export function roleArn(config: ResolvedConfig, cluster: ResolvedCluster, purpose: string, partition = 'aws'): string {
  return `arn:${partition}:iam::${cluster.account}:role/${roleName(config, cluster, purpose)}`;
}

/** Role of the hub's Argo CD: the spoke's EKS access entry grants it cluster admin. */
export const ARGOCD_ROLE_PURPOSE = 'argocd';
/** Role in each spoke's account that the hub's (self-managed) Argo CD assumes; an EKS access entry maps it to cluster admin. */
export const ARGOCD_SPOKE_PURPOSE = 'argocd-spoke';
/** Role in each cluster's account that the hub's External Secrets assumes to read that cluster's registration. */
export const REGISTRATION_READER_PURPOSE = 'gitops-bridge-reader';

/** Facts only known after deployment (CDK tokens on the CDK side). */
export interface DeployFacts {
  readonly vpcId: string;
  readonly oidcIssuer: string;
  /** add-on id → Pod Identity role ARN, for add-ons with IAM needs enabled on this cluster. */
  readonly addonRoleArns: Readonly<Record<string, string>>;
  /** Name of the Auto Mode node role. */
  readonly nodeRoleName: string;
  /** Id of the cluster security group. */
  readonly clusterSecurityGroupId: string;
  /** ARN of the ingress certificate, or '' when the cluster has none. */
  readonly certificateArn: string;
  /** Prometheus endpoint of the cluster's metrics workspace; absent when the cluster has none. */
  readonly metricsEndpoint?: string;
}

export interface ClusterMetadata {
  readonly labels: Readonly<Record<string, string>>;
  readonly annotations: Readonly<Record<string, string>>;
}

/** The GitOps Bridge metadata of a cluster. */
export function clusterMetadata(config: ResolvedConfig, cluster: ResolvedCluster, facts: DeployFacts): ClusterMetadata {
  const labels: Record<string, string> = {
    [LABELS.secretType]: CLUSTER_SECRET_TYPE,
    [LABELS.clusterName]: cluster.name,
    [LABELS.environment]: cluster.environment,
    [LABELS.fleetMember]: FLEET_MEMBER[cluster.role],
    [LABELS.kubernetesVersion]: cluster.kubernetesVersion,
  };
  if (cluster.tenant) labels[LABELS.tenant] = cluster.tenant;
  for (const id of cluster.addons) labels[enableLabel(id)] = 'true';
  for (const c of cluster.capabilities) labels[capabilityLabel(c.id)] = 'true';

  const annotations: Record<string, string> = {
    [ANNOTATIONS.awsClusterName]: cluster.clusterName,
    [ANNOTATIONS.awsRegion]: cluster.region,
    [ANNOTATIONS.awsAccountId]: cluster.account,
    [ANNOTATIONS.awsVpcId]: facts.vpcId,
    [ANNOTATIONS.eksOidcIssuer]: facts.oidcIssuer,
    [ANNOTATIONS.addonsRepoUrl]: config.git.url,
    [ANNOTATIONS.addonsRepoBasepath]: config.git.basePath,
    [ANNOTATIONS.addonsRepoPath]: 'addons',
    [ANNOTATIONS.addonsRepoRevision]: config.git.revision,
    [ANNOTATIONS.workloadRepoUrl]: config.git.url,
    [ANNOTATIONS.workloadRepoBasepath]: config.git.basePath,
    [ANNOTATIONS.workloadRepoPath]: 'workloads',
    [ANNOTATIONS.workloadRepoRevision]: config.git.revision,
    [ANNOTATIONS.ingressDomainName]: config.domain,
    [ANNOTATIONS.resourcePrefix]: config.resourcePrefix,
    [ANNOTATIONS.ingressCertificateArn]: facts.certificateArn,
    [ANNOTATIONS.awsNodeRoleName]: facts.nodeRoleName,
    [ANNOTATIONS.awsClusterSecurityGroupId]: facts.clusterSecurityGroupId,
  };
  if (facts.metricsEndpoint !== undefined) annotations[ANNOTATIONS.metricsEndpoint] = facts.metricsEndpoint;
  for (const id of cluster.addons) {
    const addon = addonById(id);
    annotations[addonAnnotation(id, 'namespace')] = addon.namespace;
    if (addon.identity) annotations[addonAnnotation(id, 'service_account')] = addon.identity.serviceAccount;
    const arn = facts.addonRoleArns[id];
    if (arn) annotations[addonAnnotation(id, 'iam_role_arn')] = arn;
  }
  return { labels, annotations };
}

/** Add-ons of a cluster that get a Pod Identity role (they call AWS). */
export function addonsWithIam(cluster: ResolvedCluster): string[] {
  return cluster.addons.filter((id) => (addonById(id).identity?.iam?.length ?? 0) > 0);
}
