/** Where an add-on's Helm chart comes from. Versions are pinned and upgraded deliberately. */
export interface AddonChart {
  /** Helm repository URL, or an OCI registry host/path without the `oci://` scheme (Argo CD convention). */
  readonly repoURL: string;
  /** Chart name in that repository. */
  readonly chart: string;
  /** Exact chart version. */
  readonly version: string;
}

/** One AWS permission an add-on's workload needs, with resources scoped to the platform. */
export interface AddonIamStatement {
  readonly actions: readonly string[];
  /**
   * Resource ARN patterns. Placeholders: `{partition}`, `{account}`, `{region}`, `{prefix}`, `{cluster}`.
   * `*` alone is only allowed for actions that do not support resource-level permissions.
   */
  readonly resources: readonly string[];
  /**
   * Granted on the hub only. On spokes tenants share the add-on, so it reaches AWS only through the
   * per-team roles it assumes there (contract/tenant-isolation.ts, docs/security.md C1/H2).
   */
  readonly hubOnly?: boolean;
}

/** An add-on's workload identity: AWS permissions come only with the service account that carries them. */
export interface AddonIdentity {
  /** Kubernetes service account (GitOps Bridge `<addon>_service_account`); with `iam`, it carries the Pod Identity association. */
  readonly serviceAccount: string;
  /** AWS permissions for that service account (least privilege, scoped to the platform prefix); none: it does not call AWS. */
  readonly iam?: readonly AddonIamStatement[];
}

/** Another add-on this one needs, and where it must run. */
export interface AddonDependency {
  readonly addon: string;
  /** `same-cluster`: enabled on the same cluster; `hub`: enabled on the hub. */
  readonly on: 'same-cluster' | 'hub';
}

/**
 * The add-on's single sign-on client in the platform's Keycloak realm: the realm's clients, and the
 * `oidc/<client>` secret of each confidential one, are derived from these (contract/sso.ts `SSO_CLIENTS`).
 */
export interface AddonOidc {
  /** Client id; also the tool's host name (`<client>.<domain>`) and the namespace its client secret goes to. */
  readonly client: string;
  /**
   * `public`: a browser or CLI with PKCE and no secret; `confidential`: server-side, with a client secret
   * generated in Secrets Manager (contract/platform-secrets.ts `oidc/<client>`).
   */
  readonly type: 'public' | 'confidential';
  /** Callback paths on the tool's own host (its web origin is then that host). */
  readonly redirectPaths: readonly string[];
  /** Callback URIs off the tool's host (its CLI on the user's machine). */
  readonly extraRedirectUris?: readonly string[];
  /** Keycloak `serviceAccountsEnabled`: the tool reads users and groups through the admin API. */
  readonly serviceAccount?: boolean;
}

/**
 * EKS managed capabilities (AWS runs the controller off-cluster): `argocd`, `ack` (every ACK service
 * controller) and `kro`. See https://docs.aws.amazon.com/eks/latest/userguide/capabilities.html
 */
export const MANAGED_CAPABILITY_IDS = ['argocd', 'ack', 'kro'] as const;
export type ManagedCapabilityId = (typeof MANAGED_CAPABILITY_IDS)[number];

/**
 * Everything static the platform knows about one add-on: plain data, one file per add-on under catalog/addons/.
 * Helm values that depend on the platform config live in gitops/addon-config/<id>.ts.
 */
export interface AddonDefinition {
  /** kebab-case id; the GitOps Bridge label is `enable_<id with _>`. */
  readonly id: string;
  readonly description: string;
  readonly chart: AddonChart;
  /** Namespace the add-on is installed into. */
  readonly namespace: string;
  /** Argo CD sync wave of its Application; lower waves come first (secrets → certificates → ingress → identity → git → portal → rest). */
  readonly syncWave: number;
  /** Whether the add-on is on by default for each role. Overridable per role and per cluster in the config. */
  readonly defaultOn: { readonly hub: boolean; readonly spoke: boolean };
  readonly dependsOn?: readonly AddonDependency[];
  /** Who the add-on is in Kubernetes and AWS: its service account and that account's AWS permissions. */
  readonly identity?: AddonIdentity;
  /** Default Helm values; cluster facts are passed separately from the GitOps Bridge annotations. */
  readonly values?: Record<string, unknown>;
  /**
   * Helm values templated from the cluster secret (Go template over the GitOps Bridge metadata),
   * e.g. `{ region: '{{.metadata.annotations.aws_region}}' }`.
   */
  readonly clusterValues?: Record<string, unknown>;
  /**
   * The EKS managed capability that can replace this add-on's chart on a cluster (config
   * `<cluster>.capabilities`, or `argocd.mode` for Argo CD). Default: none, the chart is the only way.
   */
  readonly capability?: ManagedCapabilityId;
  /** Its single sign-on client in the platform realm; none: the tool does not sign people in through Keycloak. */
  readonly oidc?: AddonOidc;
  /** Known to be slow or best-effort during bootstrap (reported, not waited on forever). */
  readonly slow?: boolean;
}

/** Identity helper that type-checks an add-on definition and keeps its id's literal type (catalog/registry.ts `AddonId`). */
export function defineAddon<Id extends string>(def: AddonDefinition & { readonly id: Id }): AddonDefinition & { readonly id: Id } {
  return def;
}
