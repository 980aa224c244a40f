import { ClusterSecret, generateApplications } from './applicationset-generator';
import { Obj, ResourceHealth, gk, healthOf, kindRank, worst } from './argocd-sync-model-health';
import { ExternalSecretsController } from './external-secrets-model';

/**
 * An executable model of how Argo CD brings a GitOps tree up on an empty hub, simulated in time steps.
 * Each rule cites the documentation or source it follows:
 * - S1 automated sync starts when an Application is OutOfSync, once per revision; a failed sync is not
 *   re-attempted for the same revision once retries are exhausted
 *   https://argo-cd.readthedocs.io/en/stable/user-guide/auto_sync/#automated-sync-semantics
 * - S2 the dry-run covers the whole operation: a kind the API server does not serve fails it, and nothing
 *   is applied, unless its CRD is part of the sync or `SkipDryRunOnMissingResource=true` (annotation or
 *   Application sync option) https://argo-cd.readthedocs.io/en/stable/user-guide/sync-options/#skip-dry-run-for-new-custom-resources-types,
 *   https://github.com/argoproj/gitops-engine/blob/master/pkg/sync/sync_context.go (`shouldSkipDryRunOnMissingResource`)
 * - S3 tasks run by phase (PreSync, Sync, PostSync), then wave, then kind, then name; each step starts at the
 *   first wave with a resource out of sync or unhealthy, and a wave waits for the previous one to be healthy
 *   https://argo-cd.readthedocs.io/en/stable/user-guide/sync-waves/, kind order from
 *   https://github.com/argoproj/gitops-engine/blob/master/pkg/sync/sync_tasks.go
 * - S4 a failed operation is retried after `duration * factor^n` capped at `maxDuration`, at most `limit`
 *   times (`-1`: without limit) https://argo-cd.readthedocs.io/en/stable/user-guide/auto_sync/#automatic-retry-with-a-limit,
 *   `RetryStrategy.NextRetryAt` in https://github.com/argoproj/argo-cd/blob/master/pkg/apis/application/v1alpha1/types.go
 * - S5 an Application's health is the worst of its resources' (health.md); an `argoproj.io/Application`
 *   resource has no health unless `resource.customizations.health.argoproj.io_Application` is configured
 *   https://argo-cd.readthedocs.io/en/stable/operator-manual/health/#argocd-app
 * - S6 ApplicationSets generate an Application per matching cluster secret and do not wait for them
 *   https://argo-cd.readthedocs.io/en/stable/operator-manual/applicationset/Generators-Cluster/
 * - S7 a Helm chart source applies the chart's CRDs, which the API server serves from then on; its
 *   workload becomes healthy `readySeconds` later (an assumption of the model, per chart)
 * - S8 an Application whose destination cluster or project is unknown does not sync (InvalidSpecError)
 *   https://argo-cd.readthedocs.io/en/stable/user-guide/projects/
 * External Secrets' behaviour is in external-secrets-model.ts.
 */

/** One file of the repository as Argo CD reads it: path relative to the repository root. */
export interface RepoFile {
  readonly path: string;
  readonly documents: readonly Record<string, unknown>[];
}

export interface ChartFacts {
  /** `group/Kind` of the CRDs the chart version installs. */
  readonly crds: readonly string[];
  /** Seconds from apply until its workload is healthy. */
  readonly readySeconds: number;
}

export interface SyncModelInput {
  readonly repoUrl: string;
  readonly files: readonly RepoFile[];
  /** Objects the bootstrap applied on the hub with kubectl (root Applications, the seeded cluster secret). */
  readonly applied: readonly Obj[];
  /** Argo CD name of the hub (its cluster secret's `name`); the in-cluster server maps to it too. */
  readonly hub: string;
  /** What every cluster serves at the start: API groups (all their kinds) and single `group/Kind`s. */
  readonly clusterApi: { readonly groups: readonly string[]; readonly kinds: readonly string[] };
  /** `group/Kind`s the hub serves in addition (Argo CD's CRDs). */
  readonly hubKinds: readonly string[];
  /** Facts of a Helm chart version; throws for an unknown chart. */
  readonly chart: (chart: string, version: string) => ChartFacts;
  /** Whether `resource.customizations.health.argoproj.io_Application` is configured (S5). */
  readonly applicationHealth: boolean;
  /** Argo CD names of the clusters that must be registered for convergence. */
  readonly expectClusters: readonly string[];
  readonly maxSeconds: number;
  readonly tickSeconds?: number;
}

interface Operation {
  phase: 'Running' | 'Failed' | 'Succeeded';
  retryCount: number;
  nextRetryAt: number;
  message: string;
  /** Keys of the tasks applied by this operation (for "out of sync" within it). */
  applied: Set<string>;
}

export interface AppState {
  obj: Obj;
  op?: Operation;
  synced: boolean;
  health: ResourceHealth;
  condition?: string;
}

interface Task { obj: Obj; phase: number; wave: number }

const IN_CLUSTER = 'https://kubernetes.default.svc';
const PHASES: Record<string, number> = { PreSync: 0, Sync: 1, PostSync: 2 };
const key = (o: Obj) => `${gk(o)}/${o.metadata.namespace ?? ''}/${o.metadata.name}`;
const options = (o: Obj) => (o.metadata.annotations?.['argocd.argoproj.io/sync-options'] ?? '').split(',').map((s) => s.trim());

/** A live cluster: the kinds its API serves and its objects. */
export class ClusterState {
  private readonly kinds: Set<string>;
  readonly objects = new Map<string, { obj: Obj; appliedAt: number; readyAt?: number }>();
  private readonly byKind = new Map<string, Map<string, Obj>>();
  /** Bumped on every write, so derived views can be cached. */
  version = 0;
  constructor(private readonly groups: readonly string[], kinds: readonly string[]) {
    this.kinds = new Set(kinds);
  }
  /** Whether the API server serves this `group/Kind`. */
  serves(groupKind: string): boolean {
    return this.kinds.has(groupKind) || this.groups.includes(groupKind.slice(0, groupKind.lastIndexOf('/')));
  }
  get(k: string) {
    return this.objects.get(k)?.obj;
  }
  put(obj: Obj, now: number, readyAt?: number): void {
    const prev = this.objects.get(key(obj));
    // Applying a manifest never touches the live status (controllers own it).
    if (prev?.obj.status !== undefined && obj.status === undefined) obj.status = prev.obj.status;
    this.objects.set(key(obj), { obj, appliedAt: prev?.appliedAt ?? now, readyAt: prev?.readyAt ?? readyAt });
    if (!this.byKind.has(gk(obj))) this.byKind.set(gk(obj), new Map());
    this.byKind.get(gk(obj))!.set(key(obj), obj);
    this.version++;
    if (gk(obj) === 'apiextensions.k8s.io/CustomResourceDefinition') this.kinds.add(obj.metadata.name);
  }
  ofKind(groupKind: string): Obj[] {
    return [...(this.byKind.get(groupKind)?.values() ?? [])];
  }
}

export interface SyncModelResult {
  readonly converged: boolean;
  readonly seconds: number;
  readonly apps: readonly AppState[];
  readonly registered: readonly string[];
  /** Why each Application that is not Synced and Healthy is not. */
  readonly stuck: readonly string[];
  /** The Applications' states each time they changed (for stand-in CLIs). */
  readonly timeline: readonly { seconds: number; apps: { name: string; wave: number; sync: string; health: string; message: string }[] }[];
}

/** Runs the model until every Application is Synced and Healthy and every cluster registered, or nothing more can happen. */
export function simulateFirstSync(input: SyncModelInput): SyncModelResult {
  const tick = input.tickSeconds ?? 5;
  const newCluster = (extra: readonly string[]) => new ClusterState(input.clusterApi.groups, [...input.clusterApi.kinds, ...extra]);
  const clusters = new Map<string, ClusterState>([[input.hub, newCluster(input.hubKinds)]]);
  const hub = clusters.get(input.hub)!;
  const apps = new Map<string, AppState>();
  const eso = new ExternalSecretsController();
  const timeline: { seconds: number; apps: { name: string; wave: number; sync: string; health: string; message: string }[] }[] = [];
  for (const o of input.applied) hub.put(o, 0);

  let secretsCache: { version: number; secrets: ClusterSecret[] } | undefined;
  const clusterSecrets = (): ClusterSecret[] => {
    if (secretsCache?.version !== hub.version) secretsCache = { version: hub.version, secrets: readClusterSecrets() };
    return secretsCache.secrets;
  };
  const readClusterSecrets = (): ClusterSecret[] => hub.ofKind('/Secret')
    .filter((s) => s.metadata.namespace === 'argocd' && s.metadata.labels?.['argocd.argoproj.io/secret-type'] === 'cluster')
    .map((s) => ({ metadata: s.metadata as ClusterSecret['metadata'], data: { ...(s.stringData as Record<string, string>), ...(s.data as Record<string, string>) } }));
  const destination = (app: Obj): ClusterState | undefined => {
    const d = app.spec.destination as { name?: string; server?: string };
    const secret = clusterSecrets().find((s) => (d.name ? s.data.name === d.name : s.data.server === d.server));
    const name = d.server === IN_CLUSTER && !d.name ? input.hub : secret?.data.name;
    if (!name || (!secret && d.server !== IN_CLUSTER)) return undefined;
    if (!clusters.has(name)) clusters.set(name, newCluster([]));
    return clusters.get(name);
  };
  const controllerRunning = (c: ClusterState, groupKind: string, now: number) =>
    c.ofKind('apps/Deployment').map((d) => c.objects.get(key(d))!).some((e) => (e.obj.metadata.annotations?.['model/crds'] ?? '').split(',').includes(groupKind) && (e.readyAt ?? Infinity) <= now);

  /** Desired objects of an Application (S7 for charts; directories read from the repository). */
  const manifestCache = new Map<string, Obj[]>();
  const manifests = (app: Obj): Obj[] => {
    const cacheKey = JSON.stringify([app.spec.source, app.spec.sources, app.spec.destination]);
    if (!manifestCache.has(cacheKey)) manifestCache.set(cacheKey, readManifests(app));
    return manifestCache.get(cacheKey)!;
  };
  const readManifests = (app: Obj): Obj[] => {
    const spec = app.spec as { source?: any; sources?: any[]; destination: { namespace?: string } };
    const out: Obj[] = [];
    for (const source of spec.sources ?? [spec.source]) {
      if (source.ref) continue; // a values-only source
      if (source.chart) {
        const facts = input.chart(source.chart, source.targetRevision);
        for (const crd of facts.crds) out.push({ apiVersion: 'apiextensions.k8s.io/v1', kind: 'CustomResourceDefinition', metadata: { name: crd } });
        out.push({ apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: source.helm?.releaseName ?? source.chart, namespace: spec.destination.namespace, annotations: { 'model/crds': facts.crds.join(','), 'model/ready-seconds': String(facts.readySeconds) } } });
        continue;
      }
      if (source.repoURL !== input.repoUrl) throw new Error(`Application ${app.metadata.name}: source ${source.repoURL} is not the modelled repository`);
      const dir = `${source.path}/`;
      const recurse = !!source.directory?.recurse;
      for (const f of input.files) {
        if (!f.path.startsWith(dir) || (!recurse && f.path.slice(dir.length).includes('/'))) continue;
        // A kustomization is rendered by kustomize; its resources are the other files of the folder.
        if (f.path.endsWith('/kustomization.yaml') || f.path.endsWith('/values.yaml')) continue;
        for (const d of f.documents) out.push(d as unknown as Obj);
      }
    }
    return out;
  };

  const retryOrFail = (state: AppState, message: string, now: number) => {
    const policy = (state.obj.spec.syncPolicy?.retry ?? { limit: 0 }) as { limit?: number; backoff?: { duration?: string; factor?: number; maxDuration?: string } };
    const op = state.op!;
    op.message = message;
    const limit = policy.limit ?? 0;
    if (limit >= 0 && op.retryCount >= limit) {
      op.phase = 'Failed';
      op.nextRetryAt = Infinity; // S1: no new automated sync for the same revision
      return;
    }
    const seconds = (d: string | undefined, dflt: number) => (d ? Number(/^(\d+)(s|m)?$/.exec(d)![1]) * (d.endsWith('m') ? 60 : 1) : dflt);
    const wait = Math.min(seconds(policy.backoff?.maxDuration, 180), seconds(policy.backoff?.duration, 5) * Math.pow(policy.backoff?.factor ?? 2, op.retryCount));
    op.phase = 'Failed';
    op.nextRetryAt = now + wait;
    op.retryCount++;
  };

  const stepApp = (state: AppState, now: number) => {
    const app = state.obj;
    const dest = destination(app);
    const project = hub.get(`argoproj.io/AppProject/argocd/${app.spec.project}`);
    if (!dest) return void (state.condition = `InvalidSpecError: cluster "${app.spec.destination.name ?? app.spec.destination.server}" is not registered`);
    if (!project) return void (state.condition = `InvalidSpecError: project "${app.spec.project}" does not exist`);
    state.condition = undefined;
    const desired = manifests(app);
    const appOptions = (app.spec.syncPolicy?.syncOptions ?? []) as string[];
    const health = (o: Obj): ResourceHealth | undefined => {
      const live = dest.objects.get(key(o));
      return live ? healthOf(live.obj, live.readyAt, now, { apps, applicationHealth: input.applicationHealth }) : 'Missing';
    };
    state.health = worst(desired.map(health));
    if (state.synced) return;
    const op = state.op;
    if (op?.phase === 'Failed' && now < op.nextRetryAt) return;
    if (!op || op.phase !== 'Running') {
      // S2: dry-run of the whole operation.
      const crdsInSync = new Set(desired.filter((o) => o.kind === 'CustomResourceDefinition').map((o) => o.metadata.name));
      const unknown = desired.find((o) => !dest.serves(gk(o)) && !crdsInSync.has(gk(o)) && !appOptions.includes('SkipDryRunOnMissingResource=true') && !options(o).includes('SkipDryRunOnMissingResource=true'));
      state.op = { phase: 'Running', retryCount: op?.retryCount ?? 0, nextRetryAt: 0, message: '', applied: new Set() };
      if (unknown) return retryOrFail(state, `The Kubernetes API could not find ${gk(unknown)} for requested resource ${unknown.metadata.namespace ?? ''}/${unknown.metadata.name}. Make sure the "${unknown.kind}" CRD is installed on the destination cluster.`, now);
    }
    const running = state.op!;
    // S3: the first (phase, wave) with a task not applied by this operation or not healthy.
    const tasks: Task[] = desired.map((obj) => ({ obj, phase: PHASES[obj.metadata.annotations?.['argocd.argoproj.io/hook'] ?? 'Sync'] ?? 1, wave: Number(obj.metadata.annotations?.['argocd.argoproj.io/sync-wave'] ?? 0) }))
      .sort((a, b) => a.phase - b.phase || a.wave - b.wave || kindRank(a.obj.kind) - kindRank(b.obj.kind) || a.obj.metadata.name.localeCompare(b.obj.metadata.name));
    const settled = (t: Task) => running.applied.has(key(t.obj)) && [undefined, 'Healthy'].includes(health(t.obj));
    const pending = tasks.find((t) => !settled(t));
    if (!pending) {
      running.phase = 'Succeeded';
      running.message = 'successfully synced (all tasks run)';
      state.synced = true;
      return;
    }
    const step = tasks.filter((t) => t.phase === pending.phase && t.wave === pending.wave);
    if (step.every((t) => running.applied.has(key(t.obj)))) {
      running.message = `waiting for healthy state of wave ${pending.wave}: ${step.filter((t) => !settled(t)).map((t) => `${t.obj.kind}/${t.obj.metadata.name} (${health(t.obj)})`).join(', ')}`;
      return;
    }
    for (const t of step) {
      if (!dest.serves(gk(t.obj))) return retryOrFail(state, `one or more objects failed to apply, reason: the server could not find the requested resource (${gk(t.obj)} ${t.obj.metadata.name})`, now);
      const ready = t.obj.kind === 'Deployment' ? now + Number(t.obj.metadata.annotations?.['model/ready-seconds'] ?? 0) : undefined;
      dest.put(structuredClone(t.obj), now, ready);
      running.applied.add(key(t.obj));
    }
    running.message = `applied wave ${pending.wave}`;
  };

  let now = 0;
  for (; now <= input.maxSeconds; now += tick) {
    // S6: the ApplicationSet controller on the hub; generated Applications are not waited for.
    for (const appset of hub.ofKind('argoproj.io/ApplicationSet')) {
      try {
        for (const gen of generateApplications(appset as Parameters<typeof generateApplications>[0], clusterSecrets())) hub.put(gen as Obj, now);
        appset.status = { conditions: [{ type: 'ResourcesUpToDate', status: 'True' }] };
      } catch (err) {
        appset.status = { conditions: [{ type: 'ErrorOccurred', status: 'True', message: String(err) }] };
      }
    }
    for (const a of hub.ofKind('argoproj.io/Application')) {
      if (!apps.has(a.metadata.name)) apps.set(a.metadata.name, { obj: a, synced: false, health: 'Missing' });
      else apps.get(a.metadata.name)!.obj = a;
    }
    for (const state of [...apps.values()].sort((x, y) => x.obj.metadata.name.localeCompare(y.obj.metadata.name))) stepApp(state, now);
    for (const c of clusters.values()) eso.reconcile(c, now, (groupKind) => controllerRunning(c, groupKind, now));

    const snapshot = [...apps.values()].map((s) => ({
      name: s.obj.metadata.name,
      wave: Number(s.obj.metadata.annotations?.['argocd.argoproj.io/sync-wave'] ?? 0),
      sync: s.synced ? 'Synced' : 'OutOfSync',
      health: s.health,
      message: s.condition ?? s.op?.message ?? '',
    }));
    if (JSON.stringify(timeline.at(-1)?.apps) !== JSON.stringify(snapshot)) timeline.push({ seconds: now, apps: snapshot });
    if (converged()) break;
  }

  function registered(): string[] {
    return clusterSecrets().map((s) => s.data.name).sort();
  }
  function converged(): boolean {
    return apps.size > 0 && [...apps.values()].every((s) => s.synced && s.health === 'Healthy') && input.expectClusters.every((c) => registered().includes(c));
  }
  const states = [...apps.values()];
  return {
    converged: converged(),
    seconds: Math.min(now, input.maxSeconds),
    apps: states,
    registered: registered(),
    stuck: [
      ...states.filter((s) => !s.synced || s.health !== 'Healthy').map((s) => `${s.obj.metadata.name}: ${s.synced ? 'Synced' : 'OutOfSync'}/${s.health} — ${s.condition ?? s.op?.message ?? 'never synced'}${s.op?.phase === 'Failed' && s.op.nextRetryAt === Infinity ? ' (retries exhausted)' : ''}`),
      ...input.expectClusters.filter((c) => !registered().includes(c)).map((c) => `cluster ${c}: not registered`),
    ],
    timeline,
  };
}
