import type { ManagedCapabilityId } from '../catalog/addon-definition';
import type { KubernetesVersion } from './schema';

/** Role of a cluster in the platform. */
export type ClusterRole = 'hub' | 'spoke';

/** A cluster with every default applied. */
export interface ResolvedCluster {
  /** Short name from the config (`hub`, `dev`, `prod`…). */
  readonly name: string;
  readonly role: ClusterRole;
  /** The spoke's environment; `control-plane` for the hub. */
  readonly environment: string;
  /** EKS cluster name: `<resourcePrefix>-<name>`. */
  readonly clusterName: string;
  readonly account: string;
  readonly region: string;
  readonly kubernetesVersion: KubernetesVersion;
  readonly vpcCidr: string;
  readonly azCount: number;
  readonly natGateways: number;
  readonly endpointAccess: 'public' | 'private' | 'public-and-private';
  readonly nodePools: readonly ('system' | 'general-purpose')[];
  readonly deletionProtection: boolean;
  /** Team this spoke is dedicated to, or null when shared. */
  readonly tenant: string | null;
  /** Enabled add-on ids whose chart the GitOps tree installs, in registry order (never those a capability replaces). */
  readonly addons: readonly string[];
  /** EKS managed capabilities on this cluster (`argocd` only on the hub), in MANAGED_CAPABILITY_IDS order. */
  readonly capabilities: readonly ResolvedCapability[];
}

/** An EKS managed capability on a cluster. */
export interface ResolvedCapability {
  readonly id: ManagedCapabilityId;
  /** The enabled add-ons it replaces on this cluster (their charts and Pod Identity roles are not created). */
  readonly replaces: readonly string[];
}

export interface ResolvedTeam {
  readonly name: string;
  readonly keycloakGroup: string;
  /** environment → namespaces */
  readonly namespaces: Readonly<Record<string, readonly string[]>>;
  readonly sourceRepos: readonly string[];
  readonly quota: { readonly cpu: string; readonly memory: string };
}

export interface ResolvedApplication {
  readonly name: string;
  readonly team: string;
  /** ECR repository name. */
  readonly image: string;
  readonly port: number;
  /** Environments in promotion order; default: every environment (`ResolvedConfig.environments`). */
  readonly promotion: readonly string[];
  readonly autoPromoteProd: boolean;
}

/** The config every generator and script reads. No optionals: resolveConfig() decided everything. */
export interface ResolvedConfig {
  readonly name: string;
  readonly resourcePrefix: string;
  readonly domain: string;
  /** Reachability: ALB scheme and the Route 53 zone of `domain` (in the hub's account). */
  readonly ingress: {
    readonly scheme: 'internet-facing' | 'internal';
    /** The zone: imported by id, or created by the hub stack. */
    readonly hostedZone: { readonly create: false; readonly id: string } | { readonly create: true };
  };
  readonly git: {
    readonly provider: 'hub-gitlab' | 'external';
    readonly url: string;
    readonly revision: string;
    readonly basePath: string;
  };
  readonly hub: ResolvedCluster;
  /** Spokes sorted by name. */
  readonly spokes: readonly ResolvedCluster[];
  /** Hub first, then spokes. */
  readonly clusters: readonly ResolvedCluster[];
  /** Environments served by spokes, in promotion order (config/promotion-order.ts). */
  readonly environments: readonly string[];
  /** Helm values per add-on id from the config (empty object when none). */
  readonly addonValues: Readonly<Record<string, Readonly<Record<string, unknown>>>>;
  readonly argocd: { readonly mode: 'self-managed' | 'eks-capability'; readonly identityCenterInstanceArn: string | null };
  readonly sso: { readonly realm: string; readonly adminGroup: string; readonly groupRoles: Readonly<Record<string, 'admin' | 'editor' | 'viewer'>> };
  readonly teams: readonly ResolvedTeam[];
  readonly applications: readonly ResolvedApplication[];
  /** Principals that may assume each cluster's cluster-admin role (see contract/operator-access.ts). */
  readonly admins: { readonly principals: readonly string[]; readonly requireMfa: boolean };
  /** Tags on every AWS resource, platform tags included. */
  readonly tags: Readonly<Record<string, string>>;
}
