import type { ResolvedConfig } from '../config/resolved-config';

/**
 * Folders of the rendered tree, relative to `git.basePath` (where Argo CD reads). One place, so
 * the renderer, the ApplicationSets that point at folders and the docs agree.
 */
export const LAYOUT = {
  /** Applied once on the hub by the bootstrap; everything else follows from git. */
  bootstrap: 'bootstrap',
  /** What the `<name>-platform` Application syncs (recursively): objects of kinds served before any add-on (ApplicationSets, projects). */
  platform: 'platform',
  /**
   * What the `<name>-platform-custom` Application syncs (recursively), after `platform/`: hub objects whose
   * CRDs add-ons install (secret stores, ExternalSecrets, cluster registrations). See gitops/sync-layers.ts.
   */
  platformCustom: 'platform-custom',
  /** Generated default Helm values per add-on (registry defaults + config values). */
  addonValues: 'addons',
  /** Tenant namespaces, quotas, policies and RBAC per environment. */
  tenants: 'tenants',
  /** Applications' manifests per environment (Rollouts, Services, analysis). */
  workloads: 'workloads',
  /**
   * The platform's objects whose kinds an add-on provides, per add-on (`<addon>/`): deployed wherever
   * that add-on is enabled — analysis templates, kro compositions, KubeVela definitions, the Keycloak
   * realm, CI templates and event sources, Kargo pipelines, dashboards.
   */
  addonObjects: 'addon-objects',
} as const;

/**
 * The platform's ExternalSecrets, rendered under `platform/` and routed to `platform-custom/` (their kind
 * needs External Secrets' CRDs: gitops/sync-layers.ts). The bootstrap reads them there to seed, before
 * External Secrets runs, the Secrets that must exist first (scripts/platform/seed-secrets.ts).
 */
export const PLATFORM_SECRETS_FILE = 'secrets/platform-secrets.yaml';

/** Path in the repository of a folder of the rendered tree. */
export function repoPath(config: ResolvedConfig, ...parts: string[]): string {
  return [config.git.basePath, ...parts].join('/');
}

/**
 * The local Helm chart of every cluster's base objects (ingress class, storage class, policy-enforcing
 * nodes), repository root. Template-owned: per-cluster values come from the ApplicationSet.
 */
export const CLUSTER_BASE_CHART_DIR = 'gitops/cluster-base';

/** The fork-owned folder of teams' resources added by merge request (`<team>/<env>/`), repository root. */
export const TEAM_RESOURCES_DIR = 'team-resources';

/** The fork-owned Helm overrides folder (DESIGN §5), relative to the repository root. */
export const OVERRIDES_DIR = 'overrides';

/** Argo CD's address of the cluster it runs in (the hub). */
export const IN_CLUSTER_SERVER = 'https://kubernetes.default.svc';
