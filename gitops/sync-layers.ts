import { AUTOMATED_SYNC } from './charts/file-chart';
import { LAYOUT } from './gitops-layout';

/**
 * API groups every platform cluster serves before any add-on is installed: Kubernetes' own
 * (https://kubernetes.io/docs/reference/generated/kubernetes-api/v1.34/) and EKS Auto Mode's
 * (NodePool `karpenter.sh`, NodeClass/IngressClassParams/TargetGroupBinding `eks.amazonaws.com`:
 * https://docs.aws.amazon.com/eks/latest/userguide/create-node-pool.html,
 * https://docs.aws.amazon.com/eks/latest/userguide/create-node-class.html,
 * https://docs.aws.amazon.com/eks/latest/userguide/auto-configure-alb.html). `''` is the core group.
 */
export const CLUSTER_API_GROUPS: readonly string[] = [
  '', 'apps', 'batch', 'autoscaling', 'policy', 'networking.k8s.io', 'rbac.authorization.k8s.io', 'storage.k8s.io',
  'coordination.k8s.io', 'discovery.k8s.io', 'scheduling.k8s.io', 'node.k8s.io', 'certificates.k8s.io',
  'admissionregistration.k8s.io', 'apiextensions.k8s.io', 'flowcontrol.apiserver.k8s.io',
  'karpenter.sh', 'eks.amazonaws.com',
];

/**
 * Kinds the hub serves once Argo CD runs (the bootstrap's helm install, or the EKS managed capability):
 * Argo CD's own CRDs. `argoproj.io` is shared with Rollouts, Workflows and Events, so these are kinds,
 * not a group. A test checks this list against the pinned argo-cd chart's CRDs.
 */
export const ARGO_CD_KINDS: readonly string[] = ['argoproj.io/Application', 'argoproj.io/ApplicationSet', 'argoproj.io/AppProject'];

/** `group/Kind` of an object (`/Kind` for the core group). */
export function groupKind(apiVersion: string, kind: string): string {
  return `${apiVersion.includes('/') ? apiVersion.split('/')[0] : ''}/${kind}`;
}

/** Whether the hub serves this kind before any add-on runs: else an add-on's chart must install its CRD first. */
export function servedBeforeAddons(apiVersion: string, kind: string): boolean {
  const gk = groupKind(apiVersion, kind);
  return CLUSTER_API_GROUPS.includes(gk.slice(0, gk.lastIndexOf('/'))) || ARGO_CD_KINDS.includes(gk);
}

/**
 * The sync policy of every Application whose objects need CRDs that an add-on installs concurrently
 * (ApplicationSets do not wait for the Applications they generate, and a parent does not wait for a
 * child Application's health: https://argo-cd.readthedocs.io/en/stable/operator-manual/health/#argocd-app).
 * - `SkipDryRunOnMissingResource=true`: otherwise the dry-run of the whole operation fails on the
 *   first unknown kind and nothing is applied
 *   (https://argo-cd.readthedocs.io/en/stable/user-guide/sync-options/#skip-dry-run-for-new-custom-resources-types).
 * - `retry.limit: -1`: the apply of such an object fails until its CRD arrives, and automated sync never
 *   re-attempts a failed sync of the same commit once retries are exhausted
 *   (https://argo-cd.readthedocs.io/en/stable/user-guide/auto_sync/#automated-sync-semantics), so a bounded
 *   budget shorter than the slowest add-on install would wedge the first sync until the next commit.
 *   Backoff stays capped at `maxDuration`, so a late CRD costs at most that long.
 */
export const AFTER_CRDS_SYNC = {
  ...AUTOMATED_SYNC,
  syncOptions: [...AUTOMATED_SYNC.syncOptions, 'SkipDryRunOnMissingResource=true'],
  retry: { ...AUTOMATED_SYNC.retry, limit: -1 },
} as const;

/** The same without namespace creation, for Applications whose objects carry their own namespaces. */
export const AFTER_CRDS_SYNC_NO_NAMESPACE = {
  ...AFTER_CRDS_SYNC,
  syncOptions: AFTER_CRDS_SYNC.syncOptions.filter((o) => o !== 'CreateNamespace=true'),
} as const;

/**
 * Folder of a rendered file of the hub's platform layer: `platform/` when every object in it is of a kind
 * served before add-ons (ApplicationSets, projects, namespaces…), else `platform-custom/` (secret stores,
 * ExternalSecrets, registrations, any other add-on kind). The two folders are synced by two Applications
 * so that no custom resource shares a sync with the ApplicationSet that installs its CRD.
 */
export function platformLayerPath(path: string, documents: readonly Record<string, unknown>[]): string {
  if (!path.startsWith(`${LAYOUT.platform}/`)) return path;
  const custom = documents.some((d) => typeof d.kind === 'string' && !servedBeforeAddons(String(d.apiVersion), d.kind));
  return custom ? `${LAYOUT.platformCustom}/${path.slice(LAYOUT.platform.length + 1)}` : path;
}
