import { z } from 'zod';
import { dnsLabel } from './dns-label';

/**
 * The platform config schema: the ONE place where config fields, their documentation and their
 * static defaults live. Derived defaults (those computed from other fields) are applied by
 * `resolveConfig()` and documented here in the field's description.
 *
 * Every `.describe()` text feeds the generated config reference (docs/config-reference.md).
 * Messages passed to checks are the "how to fix" part of an error.
 */

/** Kubernetes versions this release of the blueprint supports (kubectl layers and Auto Mode exist for them). */
export const SUPPORTED_KUBERNETES_VERSIONS = ['1.32', '1.33', '1.34', '1.35'] as const;
export type KubernetesVersion = (typeof SUPPORTED_KUBERNETES_VERSIONS)[number];

/** An IAM role or user ARN; `*` wildcards allowed in the name (trust uses ArnLike on aws:PrincipalArn). */
const IAM_PRINCIPAL_ARN = /^arn:aws[a-z-]*:iam::\d{12}:(role|user)\/[\w+=,.@*/-]+$/;

/**
 * Keycloak group names reach Argo CD's policy.csv (CSV), the Keycloak realm JSON, Grafana's JMESPath
 * role expression and Kubernetes RBAC subjects: only characters that are inert in all of them.
 */
const GROUP_NAME = /^[A-Za-z0-9]([A-Za-z0-9._-]{0,126}[A-Za-z0-9])?$/;
const groupName = z
  .string()
  .regex(GROUP_NAME, 'use letters, digits, ".", "_" and "-", starting and ending with a letter or digit (at most 128): group names reach Argo CD policy.csv, Keycloak and Kubernetes RBAC, where commas, quotes, "#", spaces and newlines break them');

const accountId = z
  .string()
  .regex(/^\d{12}$/, 'use the 12-digit AWS account ID as a string, e.g. "123456789012"')
  .describe('AWS account ID (12 digits, as a string)');

const region = z
  .string()
  .regex(/^[a-z]{2}(-gov|-iso[a-z]?)?-[a-z]+-\d{1,2}$/, 'use an AWS region code such as "eu-west-1" or "us-east-2"')
  .describe('AWS region code, e.g. eu-west-1');

const kubernetesVersion = z
  .enum(SUPPORTED_KUBERNETES_VERSIONS, { message: `use one of the supported Kubernetes versions: ${SUPPORTED_KUBERNETES_VERSIONS.join(', ')}` })
  .default('1.34')
  .describe('EKS Kubernetes version');

const cidr = z
  .string()
  .regex(/^(\d{1,3}\.){3}\d{1,3}\/\d{1,2}$/, 'use an IPv4 CIDR such as "10.0.0.0/16"')
  .describe('IPv4 CIDR of the cluster VPC; must not overlap any other cluster of the platform');

const endpointAccess = z
  .enum(['public', 'private', 'public-and-private'], { message: 'use "public", "private" or "public-and-private"' })
  .default('public-and-private')
  .describe('Kubernetes API endpoint access');

const nodePools = z
  .array(z.enum(['system', 'general-purpose'], { message: 'use the Auto Mode built-in node pool "system"' }))
  .min(1, 'keep the built-in "system" node pool')
  .default(['system'])
  .describe(
    'EKS Auto Mode built-in node pools. General workloads run on the platform\'s own NodePool `platform`, whose NodeClass enforces NetworkPolicies; ' +
      'the built-in `general-purpose` pool cannot enforce them and is rejected',
  );

const addonSwitches = z
  .record(z.string(), z.boolean())
  .default({})
  .describe('Per-cluster add-on switches (add-on id → on/off); win over role defaults and `addons.<id>.hub|spoke`');

const capabilitySwitches = z
  .strictObject({
    ack: z
      .boolean()
      .default(false)
      .describe('Run ACK as the EKS managed ACK capability instead of the enabled `ack-*` add-on charts: AWS runs the controllers off-cluster under a capability role with the same prefix-scoped permissions, and no Pod Identity role is created'),
    kro: z
      .boolean()
      .default(false)
      .describe('Run kro as the EKS managed kro capability instead of the `kro` chart; the platform\'s ResourceGraphDefinitions are deployed either way'),
  })
  .default({ ack: false, kro: false })
  .describe('EKS managed capabilities that replace add-on charts on this cluster (the add-ons stay enabled in `addons`; not available in GovCloud, ISO or China regions). Argo CD is switched by `argocd.mode`');

const clusterFields = {
  account: accountId,
  region,
  kubernetesVersion,
  vpcCidr: cidr,
  azCount: z.number().int().min(2, 'use 2 or 3 availability zones').max(3, 'use 2 or 3 availability zones').default(3).describe('Number of availability zones'),
  natGateways: z.number().int().min(0, 'use 0 to 3 NAT gateways').max(3, 'use 0 to 3 NAT gateways').default(1).describe('NAT gateways (1 is cheap, one per AZ is resilient)'),
  endpointAccess,
  nodePools,
  addons: addonSwitches,
  capabilities: capabilitySwitches,
};

export const hubSchema = z
  .strictObject({
    name: dnsLabel('cluster name').default('hub').describe('Hub cluster short name; the EKS cluster is named `<resourcePrefix>-<name>`'),
    ...clusterFields,
  })
  .describe('The hub (management plane) cluster; never runs tenant workloads');

export const spokeSchema = z
  .strictObject({
    environment: dnsLabel('environment name').describe('Environment this spoke serves (e.g. dev, prod); several spokes may share one. Spokes declare environments in promotion order unless `applications.<name>.promotion` says otherwise'),
    ...clusterFields,
    deletionProtection: z
      .boolean()
      .optional()
      .describe('Retain data and protect the cluster from deletion. Default: true for the last environment in promotion order (e.g. prod), else false'),
    tenant: dnsLabel('tenant name').optional().describe('Restrict this spoke to one team (GitOps Bridge `tenant` label). Default: shared by all teams'),
  })
  .describe('A workload cluster');

export const addonSettingsSchema = z
  .strictObject({
    hub: z.boolean().optional().describe('Enable on the hub. Default: the add-on registry default'),
    spoke: z.boolean().optional().describe('Enable on spokes. Default: the add-on registry default'),
    values: z.record(z.string(), z.unknown()).default({}).describe('Helm values merged over the registry defaults (before the overrides folder)'),
  })
  .describe('Switches and values for one add-on');

export const teamSchema = z
  .strictObject({
    keycloakGroup: groupName.optional().describe('Keycloak group of the team. Default: `team-<name>`'),
    namespaces: z
      .record(z.string(), z.array(dnsLabel('namespace')).min(1, 'list at least one namespace or remove the environment'))
      .optional()
      .describe('Namespaces per environment. Default: `<team>` in every environment'),
    sourceRepos: z
      .array(z.string().regex(/^(https:\/\/|ssh:\/\/|git@)\S+$/, 'use a git URL (https://…, ssh://… or git@…)'))
      .default([])
      .describe('Git repositories the team may deploy from (Argo CD AppProject sourceRepos). The GitOps repository is always allowed'),
    quota: z
      .strictObject({
        cpu: z.string().default('8').describe('requests.cpu per namespace'),
        memory: z.string().default('16Gi').describe('requests.memory per namespace'),
      })
      .default({ cpu: '8', memory: '16Gi' })
      .describe('ResourceQuota per tenant namespace'),
  })
  .describe('A team (tenant)');

export const applicationSchema = z
  .strictObject({
    team: dnsLabel('team name').describe('Owning team (must exist in `teams`)'),
    image: z.string().min(1).optional().describe('ECR repository name of the image. Default: `<resourcePrefix>/<app>`'),
    port: z.number().int().min(1).max(65535).default(8080).describe('Container port'),
    promotion: z
      .array(dnsLabel('environment name'))
      .min(1)
      .optional()
      .describe(
        'Environments in promotion order; the first auto-promotes from the warehouse. Default: every environment, in the platform\'s promotion order. ' +
          'That order (the one golden paths, docs and assistant context list environments in) merges every application\'s `promotion`; environments they leave unordered follow the order spokes first declare them. ' +
          'Promotions that contradict each other (qa before live in one application, live before qa in another) are rejected',
      ),
    autoPromoteProd: z.boolean().default(false).describe('Auto-promote into the last environment (default: manual approval)'),
  })
  .describe('An onboarded application (delivery: Argo CD Applications, Rollout, Kargo pipeline)');

export const platformSchema = z
  .strictObject({
    name: dnsLabel('platform name').describe('Platform name, used in tags and titles'),
    resourcePrefix: z
      .string()
      .regex(/^[a-z][a-z0-9-]{1,18}[a-z0-9]$/, 'use 3–20 lowercase letters, digits or "-" (it prefixes AWS resource names)')
      .optional()
      .describe('Prefix of every AWS resource name. Default: the platform name'),
    domain: z
      .string()
      .regex(/^(?=.{4,253}$)([a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/, 'use a lowercase DNS domain such as "platform.example.com"')
      .describe('Base DNS domain; tools are served at <tool>.<domain>'),
    ingress: z
      .strictObject({
        scheme: z
          .enum(['internet-facing', 'internal'], { message: 'use "internet-facing" or "internal"' })
          .default('internet-facing')
          .describe('Scheme of each cluster\'s ALB (IngressClassParams): reachable from the internet, or from the VPC and its peers only'),
        hostedZoneId: z
          .string()
          .regex(/^Z[A-Z0-9]{4,31}$/, 'use the id of a Route 53 hosted zone, e.g. "Z0123456789ABCDEFGHIJ" (without "/hostedzone/")')
          .optional()
          .describe('Existing public Route 53 hosted zone of `domain`, in the hub\'s account (imported by id, never looked up). Set this or `createHostedZone`'),
        createHostedZone: z
          .boolean()
          .optional()
          .describe('Create the hosted zone of `domain` in the hub\'s account; the hub stack outputs its name servers, to delegate `domain` to. Set this or `hostedZoneId`'),
      })
      .default({ scheme: 'internet-facing' })
      .describe('How tools are reached at https://<tool>.<domain>: one ALB per cluster, an ACM certificate and Route 53 records'),
    git: z
      .strictObject({
        provider: z.enum(['hub-gitlab', 'external']).default('hub-gitlab').describe('Where the GitOps repository lives'),
        url: z.string().regex(/^(https:\/\/|ssh:\/\/|git@)\S+$/, 'use a git URL (https://…, ssh://… or git@…)').optional().describe(
          'GitOps repository URL. Required when provider is "external". Default for hub-gitlab: https://gitlab.<domain>/platform/<name>.git',
        ),
        revision: z.string().min(1).default('main').describe('Branch or tag Argo CD tracks'),
        basePath: z
          .string()
          .regex(/^[^/].*[^/]$|^[^/]$/, 'use a relative path without leading or trailing "/"')
          .refine((p) => !p.split('/').some((seg) => seg === '..' || seg === '.' || seg === '') && !p.includes('\\'), 'use a path inside the repository: "/"-separated folder names, no ".", ".." or empty segments')
          .default('gitops/manifests')
          .describe('Folder of the rendered tree in the repository'),
      })
      .default({ provider: 'hub-gitlab', revision: 'main', basePath: 'gitops/manifests' })
      .describe('The GitOps repository'),
    hub: hubSchema,
    spokes: z.record(z.string(), spokeSchema).describe('Workload clusters by name (e.g. dev, prod)'),
    addons: z.record(z.string(), addonSettingsSchema).default({}).describe('Per-add-on switches per role and Helm values'),
    argocd: z
      .strictObject({
        mode: z.enum(['self-managed', 'eks-capability']).default('self-managed').describe('Self-managed Argo CD on the hub (Keycloak OIDC) or the EKS managed Argo CD capability (IAM Identity Center sign-in; every cluster, hub included, registered by its EKS cluster ARN)'),
        identityCenterInstanceArn: z
          .string()
          .regex(/^arn:aws[a-z-]*:sso:::instance\/ssoins-[0-9a-f]{16}$/, 'use an IAM Identity Center instance ARN (arn:aws:sso:::instance/ssoins-…)')
          .optional()
          .describe('IAM Identity Center instance; required by the EKS managed capability'),
      })
      .default({ mode: 'self-managed' })
      .describe('How Argo CD runs'),
    sso: z
      .strictObject({
        realm: dnsLabel('Keycloak realm').default('platform').describe('Keycloak realm'),
        adminGroup: groupName.default('platform-admins').describe('Keycloak group with admin rights on every tool'),
        groupRoles: z
          .record(groupName, z.enum(['admin', 'editor', 'viewer']))
          .default({})
          .describe('Extra Keycloak group → platform role mappings (the admin group is always admin; team groups are editors of their own projects)'),
      })
      .default({ realm: 'platform', adminGroup: 'platform-admins', groupRoles: {} })
      .describe('Single sign-on (Keycloak)'),
    teams: z.record(z.string(), teamSchema).default({}).describe('Teams (tenants) by name'),
    applications: z.record(z.string(), applicationSchema).default({}).describe('Onboarded applications by name'),
    tags: z.record(z.string(), z.string()).default({}).describe('Extra tags on every AWS resource'),
    admins: z
      .strictObject({
        principals: z
          .array(z.string().regex(IAM_PRINCIPAL_ARN, 'use an IAM role or user ARN such as "arn:aws:iam::111111111111:role/PlatformAdmin" (* wildcards allowed in the name, e.g. for IAM Identity Center roles "arn:aws:iam::111111111111:role/aws-reserved/sso.amazonaws.com/*/AWSReservedSSO_AdministratorAccess_*")'))
          .min(1, 'list at least one IAM role or user ARN that may administer the clusters (bootstrap, status and destroy run as one of them)')
          .describe('IAM roles/users allowed to assume each cluster\'s cluster-admin role `<resourcePrefix>-<cluster>-cluster-admin` (EKS access entry, AmazonEKSClusterAdminPolicy). Required: no principal is trusted by default, never the whole account'),
        requireMfa: z
          .boolean()
          .default(false)
          .describe('Require MFA (aws:MultiFactorAuthPresent) to assume the cluster-admin roles. Default: false (IAM Identity Center role sessions carry no MFA key; use true for IAM users with MFA)'),
      })
      .describe('Who may administer the clusters (the operators running bootstrap, status and destroy)'),
  })
  .describe('The platform');

/** What a fork writes in platform.config.ts (optional fields may be omitted). */
export type PlatformConfig = z.input<typeof platformSchema>;
/** The schema's output: static defaults applied, derived defaults not yet. */
export type ParsedConfig = z.output<typeof platformSchema>;
