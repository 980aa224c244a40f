import { RemovalPolicy } from 'aws-cdk-lib';
import * as ecr from 'aws-cdk-lib/aws-ecr';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { acknowledgeFinding } from '../nag-acknowledge';

/** Properties of {@link PipelineRoles}. Every name comes from contract/platform-pipeline.ts. */
export interface PipelineRolesProps {
  /** OIDC issuer of the pipeline's ID tokens, e.g. `https://gitlab.example.com`. */
  readonly issuerUrl: string;
  /** Issuer host (the prefix of the IAM condition keys `<host>:sub` and `<host>:aud`). */
  readonly issuerHost: string;
  /** Audience of the ID tokens (`sts.amazonaws.com`). */
  readonly audience: string;
  /** `sub` patterns trusted by the read-only (diff) role: branches and merge requests of the platform project. */
  readonly readSubjects: readonly string[];
  /** `sub` values trusted by the deploy role: the protected tracked branch only. */
  readonly deploySubjects: readonly string[];
  readonly readRoleName: string;
  readonly deployRoleName: string;
  /** CDK lookup roles of every account/region (cdk diff reads deployed templates through them). */
  readonly lookupRoleArns: readonly string[];
  /** CDK deploy, file- and image-publishing roles of every account/region (cdk deploy assumes them). */
  readonly deployRoleArns: readonly string[];
  /** CloudFormation stack ARNs (may end in `/*`) the read role may describe directly when no lookup role applies. */
  readonly stackArns: readonly string[];
  /** ARN of the hub's EKS cluster and of its cluster-admin role: the deploy job waits for Argo CD's sync through them. */
  readonly hubClusterArn: string;
  readonly hubAdminRoleArn: string;
  /** ECR repository of the portal image, created here and pushed to by the deploy role. */
  readonly portalRepositoryName: string;
}

/**
 * The platform repository's pipeline identities in the hub account: the IAM OIDC provider of the
 * pipeline's issuer, a read-only role for `cdk diff` on merge requests and a deploy role for the
 * tracked branch. Neither holds permissions on resources: both only assume the CDK bootstrap roles,
 * which `cdk bootstrap` scoped per account/region (the CDK CLI's own model of least privilege).
 */
export class PipelineRoles extends Construct {
  readonly provider: iam.OidcProviderNative;
  readonly readRole: iam.Role;
  readonly deployRole: iam.Role;
  readonly portalRepository: ecr.Repository;

  constructor(scope: Construct, id: string, props: PipelineRolesProps) {
    super(scope, id);
    // The native provider (AWS::IAM::OIDCProvider) needs no custom-resource Lambda; IAM verifies the
    // issuer's TLS certificate against its trusted CAs, so no thumbprint is pinned here.
    this.provider = new iam.OidcProviderNative(this, 'Provider', { url: props.issuerUrl, clientIds: [props.audience] });

    const principal = (subjects: readonly string[]) => new iam.OpenIdConnectPrincipal(this.provider, {
      StringEquals: { [`${props.issuerHost}:aud`]: props.audience },
      StringLike: { [`${props.issuerHost}:sub`]: [...subjects] },
    });

    this.readRole = new iam.Role(this, 'ReadRole', {
      roleName: props.readRoleName,
      description: 'cdk diff of the platform stacks from merge-request pipelines (read-only)',
      assumedBy: principal(props.readSubjects),
    });
    this.readRole.addToPolicy(new iam.PolicyStatement({ actions: ['sts:AssumeRole'], resources: [...props.lookupRoleArns] }));
    // The CLI falls back to the job's own credentials for reading a deployed template when a lookup
    // role cannot be used (https://docs.aws.amazon.com/cdk/v2/guide/bootstrapping-env.html#bootstrapping-env-roles).
    this.readRole.addToPolicy(new iam.PolicyStatement({
      actions: ['cloudformation:DescribeStacks', 'cloudformation:GetTemplate', 'cloudformation:GetTemplateSummary', 'cloudformation:ListStackResources', 'cloudformation:DescribeStackResources'],
      resources: [...props.stackArns],
    }));

    this.deployRole = new iam.Role(this, 'DeployRole', {
      roleName: props.deployRoleName,
      description: 'cdk deploy of the platform stacks from the protected tracked branch',
      assumedBy: principal(props.deploySubjects),
    });
    this.deployRole.addToPolicy(new iam.PolicyStatement({ actions: ['sts:AssumeRole'], resources: [...props.deployRoleArns, ...props.lookupRoleArns] }));
    // Waiting for Argo CD's sync reads Applications on the hub as its cluster-admin role (which must
    // trust this role: list its ARN in admins.principals, README "The platform's own CI/CD").
    this.deployRole.addToPolicy(new iam.PolicyStatement({ actions: ['eks:DescribeCluster'], resources: [props.hubClusterArn] }));
    this.deployRole.addToPolicy(new iam.PolicyStatement({ actions: ['sts:AssumeRole'], resources: [props.hubAdminRoleArn] }));

    this.portalRepository = new ecr.Repository(this, 'PortalRepository', {
      repositoryName: props.portalRepositoryName,
      imageScanOnPush: true,
      imageTagMutability: ecr.TagMutability.IMMUTABLE,
      encryption: ecr.RepositoryEncryption.AES_256,
      lifecycleRules: [{ maxImageCount: 50, description: 'Keep the last 50 portal images' }],
      removalPolicy: RemovalPolicy.RETAIN,
    });
    this.portalRepository.grantPullPush(this.deployRole);
    // The portal-image job first asks whether its source tag is already pushed (tags are immutable).
    this.portalRepository.grant(this.deployRole, 'ecr:DescribeImages');

    // Granular acknowledgements: each wildcard named, so a new one still fails the synth.
    for (const stack of props.stackArns.filter((a) => a.includes('*'))) {
      acknowledgeFinding(this.readRole, `AwsSolutions-IAM5[Resource::${stack}]`, 'A stack ARN ends in the stack id, which CloudFormation assigns at creation; the stack name before it is exact.');
    }
    // ecr:GetAuthorizationToken has no resource-level permissions (https://docs.aws.amazon.com/AmazonECR/latest/userguide/security_iam_id-based-policy-examples.html).
    acknowledgeFinding(this.deployRole, 'AwsSolutions-IAM5[Resource::*]', 'ecr:GetAuthorizationToken (from grantPullPush) supports only resource "*"; every other action names its resources.');
  }
}
