import * as blueprints from '@aws-quickstart/eks-blueprints';
import { CfnOutput, Duration, RemovalPolicy, SecretValue, Stack, StackProps, Tags } from 'aws-cdk-lib';
import * as eksv1 from 'aws-cdk-lib/aws-eks';
import * as eks from 'aws-cdk-lib/aws-eks-v2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import { acknowledgeFinding } from './nag-acknowledge';
import type { ResolvedCluster, ResolvedConfig } from '../config/resolved-config';
import {
  addonsWithIam,
  ARGOCD_ROLE_PURPOSE,
  clusterMetadata,
  CONNECTION_KEYS,
  REGISTRATION_READER_PURPOSE,
  registrationSecretName,
  roleArn,
  roleName,
} from '../contract/gitops-bridge';
import { CLUSTER_ADMIN_ACCESS_POLICY, clusterAdminRoleName, kubeContext, PORTAL_ACCESS_POLICY, PORTAL_ADDON, portalReaderRoleArn } from '../contract/operator-access';
import { PLATFORM_TAG_KEYS } from '../contract/platform-tags';
import { addonById } from '../catalog/registry';
import { acknowledgeScopedWildcards, addonPolicyStatements, needsOn } from './addon-iam';
import { availabilityZones } from './availability-zones';
import { addManagedCapabilities } from './cluster-capabilities';
import { AutoModeTagPropagation } from './constructs/auto-mode-tag-propagation';
import { ClusterVpc } from './constructs/cluster-vpc';
import { ManagedCapability } from './constructs/managed-capability';
import { PodIdentityRole } from './constructs/pod-identity-role';
import { MetricsWorkspace } from './constructs/metrics-workspace';
import { hasMetricsWorkspace, METRICS_READER_PURPOSE } from '../contract/metrics-workspace';

export interface ClusterStackProps extends StackProps {
  readonly config: ResolvedConfig;
  readonly cluster: ResolvedCluster;
}

const ENDPOINT_ACCESS: Record<ResolvedCluster['endpointAccess'], eks.EndpointAccess> = {
  'public': eks.EndpointAccess.PUBLIC,
  'private': eks.EndpointAccess.PRIVATE,
  'public-and-private': eks.EndpointAccess.PUBLIC_AND_PRIVATE,
};

/**
 * One EKS Auto Mode cluster with its VPC, Pod Identity roles for the add-ons that call AWS, and its
 * GitOps Bridge registration (a Secrets Manager secret the hub's External Secrets turns into the Argo CD
 * cluster secret). The hub and spoke stacks add their role-specific parts.
 */
export class ClusterStack extends Stack {
  readonly cluster: eks.Cluster;
  readonly vpc: ClusterVpc;
  readonly addonRoles: Record<string, iam.IRole> = {};
  /** EKS managed capabilities of this cluster (config `capabilities`; the hub's Argo CD with `argocd.mode`), by id. */
  readonly capabilities: Record<string, ManagedCapability>;
  /** The operators' cluster-admin role (EKS access entry with AmazonEKSClusterAdminPolicy). */
  readonly adminRole: iam.Role;
  /** The Kubernetes API has a public endpoint (config endpointAccess public or public-and-private). */
  readonly endpointIsPublic: boolean;
  /** The cluster's metrics workspace and its roles (clusters running Prometheus; docs/observability.md). */
  readonly metrics?: MetricsWorkspace;
  /** ARN of the certificate of this cluster's ALB (GitOps Bridge registration); none unless a subclass sets it. */
  protected ingressCertificateArn = '';

  constructor(scope: Construct, id: string, protected readonly props: ClusterStackProps) {
    super(scope, id, {
      ...props,
      env: { account: props.cluster.account, region: props.cluster.region },
      terminationProtection: props.cluster.deletionProtection,
      description: `${props.config.name} platform: ${props.cluster.role} cluster ${props.cluster.clusterName} (${props.cluster.environment})`,
    });
    const { config, cluster } = props;
    this.endpointIsPublic = cluster.endpointAccess !== 'private';
    for (const [k, v] of Object.entries(config.tags)) Tags.of(this).add(k, v);
    Tags.of(this).add(PLATFORM_TAG_KEYS.environment, cluster.environment);
    Tags.of(this).add(PLATFORM_TAG_KEYS.cluster, cluster.name);

    this.vpc = new ClusterVpc(this, 'Network', {
      cidr: cluster.vpcCidr,
      availabilityZones: availabilityZones(cluster),
      natGateways: cluster.natGateways,
      retainLogs: cluster.deletionProtection,
    });

    this.adminRole = clusterAdminRole(this, config, cluster);

    // eks-blueprints builds the Auto Mode cluster (its AutomodeClusterProvider on aws-eks-v2).
    // Add-ons are NOT installed by CDK: everything inside the cluster is the GitOps tree's job.
    const version = eksv1.KubernetesVersion.of(cluster.kubernetesVersion);
    const blueprint = new blueprints.EksBlueprintConstruct(this, {
      id: cluster.clusterName,
      name: cluster.clusterName,
      version,
      clusterProvider: new blueprints.AutomodeClusterProvider({
        version: eks.KubernetesVersion.of(cluster.kubernetesVersion),
        clusterName: cluster.clusterName,
        nodePools: [...cluster.nodePools],
        endpointAccess: ENDPOINT_ACCESS[cluster.endpointAccess],
        tags: { ...config.tags },
        // Replaces the provider's default masters role (trusted by the whole account): aws-eks-v2 maps
        // this role to AmazonEKSClusterAdminPolicy through an access entry, and only admins.principals may assume it.
        mastersRole: this.adminRole,
      }),
      resourceProviders: new Map<string, blueprints.ResourceProvider>([
        [blueprints.GlobalResources.Vpc, new blueprints.DirectVpcProvider(this.vpc.vpc)],
        // Envelope encryption of Kubernetes secrets with a rotating key.
        [blueprints.GlobalResources.KmsKey, new blueprints.CreateKmsKeyProvider(`alias/${cluster.clusterName}-secrets`, { enableKeyRotation: true })],
      ]),
      enableControlPlaneLogTypes: [
        blueprints.ControlPlaneLogType.API,
        blueprints.ControlPlaneLogType.AUDIT,
        blueprints.ControlPlaneLogType.AUTHENTICATOR,
        blueprints.ControlPlaneLogType.CONTROLLER_MANAGER,
        blueprints.ControlPlaneLogType.SCHEDULER,
      ],
      compatibilityMode: false,
    });
    const info = blueprint.getClusterInfo();
    // The Auto Mode provider builds an aws-eks-v2 Cluster.
    this.cluster = info.clusterv2 as eks.Cluster;
    // aws-eks-v2 outputs ConfigCommand/GetTokenCommand for the masters role (the provider's props do not pass
    // `outputConfigCommand`); KubeconfigCommand below is the one command, with our context alias.
    for (const id of ['ConfigCommand', 'GetTokenCommand']) {
      if (!this.cluster.node.tryRemoveChild(id)) throw new Error(`${this.cluster.node.path}: aws-eks-v2 no longer creates the output ${id}; drop this removal`);
    }
    if (cluster.deletionProtection) this.retainCluster();
    // The ALB carries the platform tags (IngressClassParams `tags`, gitops/cluster-base).
    new AutoModeTagPropagation(this, 'AutoModeTagPropagation', { clusterRole: this.cluster.role, clusterName: cluster.clusterName, vpcId: this.vpc.vpc.vpcId });

    for (const id of addonsWithIam(cluster)) {
      const addon = addonById(id);
      const needs = needsOn(cluster, addon.identity!.iam!);
      const pod = new PodIdentityRole(this, `PodIdentity-${id}`, {
        clusterName: cluster.clusterName,
        roleName: roleName(config, cluster, id),
        namespace: addon.namespace,
        serviceAccounts: [addon.identity!.serviceAccount],
        statements: addonPolicyStatements(config, cluster, needs, this.partition),
      });
      acknowledgeScopedWildcards(pod, config, cluster, needs);
      pod.node.addDependency(this.cluster);
      this.addonRoles[id] = pod.role;
    }
    if (hasMetricsWorkspace(cluster)) this.metrics = new MetricsWorkspace(this, 'Metrics', { config, cluster, partition: this.partition });
    // The hub's Grafana reads every cluster's workspace through that cluster's reader role.
    const readable = config.clusters.filter(hasMetricsWorkspace);
    if (cluster.role === 'hub' && this.addonRoles.grafana && readable.length > 0) {
      this.addonRoles.grafana.addToPrincipalPolicy(new iam.PolicyStatement({ actions: ['sts:AssumeRole'], resources: readable.map((c) => roleArn(config, c, METRICS_READER_PURPOSE, this.partition)) }));
    }
    this.capabilities = addManagedCapabilities(this, config, cluster, this.cluster);
    // The portal's Kubernetes views read this cluster, view-only (contract/operator-access.ts). On the hub the
    // role is this stack's (its token orders the entry after the role); spokes name it (the hub deploys first).
    const portalRole = portalReaderRoleArn(config, this.partition);
    if (portalRole) {
      new eks.AccessEntry(this, 'PortalAccessEntry', {
        cluster: this.cluster,
        principal: this.addonRoles[PORTAL_ADDON]?.roleArn ?? portalRole,
        accessEntryType: eks.AccessEntryType.STANDARD,
        accessPolicies: [eks.AccessPolicy.fromAccessPolicyName(PORTAL_ACCESS_POLICY, { accessScopeType: eks.AccessScopeType.CLUSTER })],
      });
    }
  }

  /**
   * Writes this cluster's GitOps Bridge registration. The hub's External Secrets reads it through the
   * reader role below (trusted by the hub account, limited to the hub's External Secrets role), so it
   * works across accounts and regions. It holds metadata and connection facts, never a credential.
   */
  protected registerWithHub(extraConnection: Record<string, string>): void {
    const { config, cluster } = this.props;
    const metadata = clusterMetadata(config, cluster, {
      vpcId: this.vpc.vpc.vpcId,
      oidcIssuer: this.cluster.clusterOpenIdConnectIssuerUrl,
      addonRoleArns: Object.fromEntries(Object.entries(this.addonRoles).map(([id, r]) => [id, r.roleArn])),
      nodeRoleName: this.autoModeNodeRole().roleName,
      clusterSecurityGroupId: this.cluster.clusterSecurityGroupId,
      certificateArn: this.ingressCertificateArn,
      ...(this.metrics ? { metricsEndpoint: this.metrics.prometheusEndpoint } : {}),
    });
    const secret = new secretsmanager.Secret(this, 'GitOpsBridgeRegistration', {
      secretName: registrationSecretName(config, cluster),
      description: `GitOps Bridge registration of ${cluster.clusterName} (metadata, no credentials)`,
      secretObjectValue: Object.fromEntries(
        Object.entries({
          ...metadata.labels,
          ...metadata.annotations,
          [CONNECTION_KEYS.server]: this.cluster.clusterEndpoint,
          [CONNECTION_KEYS.clusterArn]: this.cluster.clusterArn,
          [CONNECTION_KEYS.caData]: this.cluster.clusterCertificateAuthorityData,
          ...extraConnection,
        }).map(([k, v]) => [k, SecretValue.unsafePlainText(v)]),
      ),
    });
    acknowledgeFinding(secret, 'AwsSolutions-SMG4', 'Holds cluster metadata (names, ARNs, endpoint, CA), not a credential: nothing to rotate.');

    const hub = config.hub;
    const hubExternalSecrets = roleArn(config, hub, 'external-secrets', this.partition);
    const reader = new iam.Role(this, 'RegistrationReader', {
      roleName: roleName(config, cluster, REGISTRATION_READER_PURPOSE),
      description: `Lets the hub's External Secrets read the GitOps Bridge registration of ${cluster.clusterName}`,
      // Trust the hub account, narrowed to the one role: the principal need not exist yet (spokes deploy in parallel).
      assumedBy: new iam.AccountPrincipal(hub.account).withConditions({ ArnEquals: { 'aws:PrincipalArn': hubExternalSecrets } }),
    });
    secret.grantRead(reader);
  }

  /**
   * Stack output with a stable export-free name. Outputs exist only for a reader: a script
   * (`describe-stacks --query`) or an operator the README sends to them; names the scripts derive
   * from the config (contract/) are not output.
   */
  protected output(id: string, value: string, description: string): void {
    new CfnOutput(this, id, { value, description });
  }

  protected standardOutputs(): void {
    const { cluster } = this.props;
    this.output('ClusterAdminRoleArn', this.adminRole.roleArn, `Cluster-admin role (${CLUSTER_ADMIN_ACCESS_POLICY}); only admins.principals may assume it`);
    const context = kubeContext(this.props.config, cluster);
    this.output('KubeconfigCommand', `aws eks update-kubeconfig --name ${cluster.clusterName} --region ${cluster.region} --role-arn ${this.adminRole.roleArn} --alias ${context} --user-alias ${context}`, 'kubeconfig command');
  }

  /** ARN of the hub's Argo CD role (deterministic from the config; may be in another account). */
  protected hubArgoCdRoleArn(): string {
    return roleArn(this.props.config, this.props.config.hub, ARGOCD_ROLE_PURPOSE, this.partition);
  }

  /** The node role aws-eks-v2 creates for Auto Mode (`<id>nodePoolRole`); the policy-enforcing NodeClass reuses it. */
  private autoModeNodeRole(): iam.IRole {
    const role = this.cluster.node.children.find((c): c is iam.Role => c instanceof iam.Role && c.node.id.endsWith('nodePoolRole'));
    if (!role) throw new Error(`${this.cluster.node.path}: no Auto Mode node role found (aws-eks-v2 creates one as <id>nodePoolRole)`);
    return role;
  }

  private retainCluster(): void {
    const cfn = this.cluster.node.defaultChild;
    if (cfn && 'applyRemovalPolicy' in cfn) (cfn as { applyRemovalPolicy(p: RemovalPolicy): void }).applyRemovalPolicy(RemovalPolicy.RETAIN);
  }
}

/**
 * The operators' way in: a role trusted only by `admins.principals` (per account, narrowed with ArnLike on
 * aws:PrincipalArn so that principals need not exist yet and Identity Center role names may use wildcards),
 * with MFA when `admins.requireMfa`. The cluster maps it to cluster admin (see `mastersRole` above).
 */
function clusterAdminRole(scope: Construct, config: ResolvedConfig, cluster: ResolvedCluster): iam.Role {
  const byAccount = new Map<string, string[]>();
  for (const p of config.admins.principals) {
    const account = p.split(':')[4];
    byAccount.set(account, [...(byAccount.get(account) ?? []), p]);
  }
  const conditions = (arns: string[]) => ({
    ArnLike: { 'aws:PrincipalArn': arns },
    ...(config.admins.requireMfa ? { Bool: { 'aws:MultiFactorAuthPresent': 'true' } } : {}),
  });
  const [[firstAccount, firstArns], ...rest] = [...byAccount.entries()];
  const role = new iam.Role(scope, 'ClusterAdminRole', {
    roleName: clusterAdminRoleName(config, cluster),
    description: `Cluster admin of ${cluster.clusterName} for the platform operators (admins.principals)`,
    assumedBy: new iam.AccountPrincipal(firstAccount).withConditions(conditions(firstArns)),
    maxSessionDuration: Duration.hours(1),
  });
  for (const [account, arns] of rest) {
    role.assumeRolePolicy!.addStatements(new iam.PolicyStatement({ actions: ['sts:AssumeRole'], principals: [new iam.AccountPrincipal(account)], conditions: conditions(arns) }));
  }
  return role;
}
