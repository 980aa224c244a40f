/** A Kubernetes object as the model holds it. */
export interface Obj {
  apiVersion: string;
  kind: string;
  metadata: {
    name: string;
    namespace?: string;
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
    ownerReferences?: { kind: string; name: string }[];
  };
  spec?: any;
  data?: Record<string, string>;
  stringData?: Record<string, string>;
  status?: any;
}

/** Argo CD health statuses, most to least healthy (https://argo-cd.readthedocs.io/en/stable/operator-manual/health/). */
export type ResourceHealth = 'Healthy' | 'Suspended' | 'Progressing' | 'Missing' | 'Degraded' | 'Unknown';
const ORDER: ResourceHealth[] = ['Healthy', 'Suspended', 'Progressing', 'Missing', 'Degraded', 'Unknown'];

/** An Application's health: the worst of its resources' (resources without a health check do not count). */
export function worst(healths: readonly (ResourceHealth | undefined)[]): ResourceHealth {
  return healths.reduce<ResourceHealth>((w, h) => (h && ORDER.indexOf(h) > ORDER.indexOf(w) ? h : w), 'Healthy');
}

/** `group/Kind` (`/Kind` for the core group). */
export function gk(o: { apiVersion: string; kind: string }): string {
  return `${o.apiVersion.includes('/') ? o.apiVersion.split('/')[0] : ''}/${o.kind}`;
}

/**
 * Order of kinds within a wave: https://github.com/argoproj/gitops-engine/blob/master/pkg/sync/sync_tasks.go
 * (`kindOrder`); kinds not listed (custom resources) come after all listed ones.
 */
const KIND_ORDER = ['Namespace', 'NetworkPolicy', 'ResourceQuota', 'LimitRange', 'PodSecurityPolicy', 'PodDisruptionBudget', 'ServiceAccount', 'Secret', 'SecretList', 'ConfigMap', 'StorageClass', 'PersistentVolume', 'PersistentVolumeClaim', 'CustomResourceDefinition', 'ClusterRole', 'ClusterRoleList', 'ClusterRoleBinding', 'ClusterRoleBindingList', 'Role', 'RoleList', 'RoleBinding', 'RoleBindingList', 'Service', 'DaemonSet', 'Pod', 'ReplicationController', 'ReplicaSet', 'Deployment', 'HorizontalPodAutoscaler', 'StatefulSet', 'Job', 'CronJob', 'IngressClass', 'Ingress', 'APIService'];
export function kindRank(kind: string): number {
  const i = KIND_ORDER.indexOf(kind);
  return i < 0 ? 0 : i - KIND_ORDER.length;
}

/** A `Ready` condition as External Secrets and Argo CD's Lua checks read it. */
function readyCondition(o: Obj): ResourceHealth {
  const ready = (o.status?.conditions ?? []).find((c: { type: string }) => c.type === 'Ready');
  if (ready?.status === 'False') return 'Degraded';
  if (ready?.status === 'True') return 'Healthy';
  return 'Progressing';
}

export interface HealthContext {
  /** Health of Applications by name (for the optional Application health customization). */
  readonly apps: ReadonlyMap<string, { health: ResourceHealth }>;
  readonly applicationHealth: boolean;
}

/**
 * Health of a live resource, or undefined when Argo CD has no health check for it (it then never
 * holds a wave). Built-in checks follow https://github.com/argoproj/argo-cd/tree/master/resource_customizations
 * (external-secrets.io/*, argoproj.io/ApplicationSet) and gitops-engine's Deployment check.
 */
export function healthOf(o: Obj, readyAt: number | undefined, now: number, ctx: HealthContext): ResourceHealth | undefined {
  switch (gk(o)) {
    case 'apps/Deployment':
      return readyAt === undefined || readyAt <= now ? 'Healthy' : 'Progressing';
    case 'argoproj.io/Application':
      // Removed in Argo CD 1.8; restored only by resource.customizations.health.argoproj.io_Application.
      return ctx.applicationHealth ? (ctx.apps.get(o.metadata.name)?.health ?? 'Progressing') : undefined;
    case 'argoproj.io/ApplicationSet': {
      const conditions = (o.status?.conditions ?? []) as { type: string; status: string }[];
      if (conditions.some((c) => c.type === 'ErrorOccurred' && c.status === 'True')) return 'Degraded';
      return conditions.some((c) => c.type === 'ResourcesUpToDate' && c.status === 'True') ? 'Healthy' : 'Progressing';
    }
    case 'external-secrets.io/ExternalSecret':
    case 'external-secrets.io/ClusterSecretStore':
    case 'external-secrets.io/SecretStore':
      return readyCondition(o);
    default:
      return undefined;
  }
}
