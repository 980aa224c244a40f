/**
 * What Argo CD's ApplicationSet controller does with our ApplicationSets: the cluster generator over
 * Argo CD cluster secrets, and Go templates (`goTemplate: true`, `missingkey=error`) over its parameters.
 * Only the template forms our tree uses are understood; anything else throws, so a new form cannot be
 * silently mis-rendered.
 * - cluster generator parameters and label selector:
 *   https://argo-cd.readthedocs.io/en/stable/operator-manual/applicationset/Generators-Cluster/
 * - Go templates, `missingkey=error`, sprig `dict`/`index`:
 *   https://argo-cd.readthedocs.io/en/stable/operator-manual/applicationset/GoTemplate/
 */

export interface ClusterSecret {
  metadata: { name: string; labels?: Record<string, string>; annotations?: Record<string, string> };
  /** `name` and `server` of the cluster (Argo CD's cluster secret data, here as plain strings). */
  data: Record<string, string>;
}

export interface LabelSelector {
  matchLabels?: Record<string, string>;
  matchExpressions?: { key: string; operator: 'In' | 'NotIn' | 'Exists' | 'DoesNotExist'; values?: string[] }[];
}

/** Kubernetes label-selector semantics (all terms ANDed). */
export function selects(selector: LabelSelector, labels: Record<string, string>): boolean {
  return Object.entries(selector.matchLabels ?? {}).every(([k, v]) => labels[k] === v) &&
    (selector.matchExpressions ?? []).every((e) => {
      switch (e.operator) {
        case 'In': return e.key in labels && (e.values ?? []).includes(labels[e.key]);
        case 'NotIn': return !(e.key in labels) || !(e.values ?? []).includes(labels[e.key]);
        case 'Exists': return e.key in labels;
        case 'DoesNotExist': return !(e.key in labels);
        default: throw new Error(`unsupported selector operator ${String((e as { operator: string }).operator)}`);
      }
    });
}

/** The cluster generator's parameters for one cluster secret. */
export function clusterParams(secret: ClusterSecret): Record<string, unknown> {
  const name = secret.data.name;
  return {
    name,
    nameNormalized: name.toLowerCase().replace(/[^a-z0-9.-]/g, '-'),
    server: secret.data.server,
    metadata: { labels: secret.metadata.labels ?? {}, annotations: secret.metadata.annotations ?? {} },
  };
}

function lookup(params: Record<string, unknown>, path: string): string {
  let v: unknown = params;
  for (const part of path.slice(1).split('.')) {
    if (v === null || typeof v !== 'object' || !(part in (v as object))) throw new Error(`map has no entry for key "${part}" (${path}, missingkey=error)`);
    v = (v as Record<string, unknown>)[part];
  }
  return String(v);
}

/** One `{{ … }}` action of the forms we render (field paths, and `index (dict "k" "v" …) .path`). */
function evaluate(action: string, params: Record<string, unknown>): string {
  const expr = action.trim();
  if (/^\.[\w.]+$/.test(expr)) return lookup(params, expr);
  const m = /^index \(dict ((?:"[^"]*" "[^"]*" ?)+)\) (\.[\w.]+)$/.exec(expr);
  if (m) {
    const pairs = [...m[1].matchAll(/"([^"]*)" "([^"]*)"/g)].map((p) => [p[1], p[2]] as const);
    // Go's `index` of a map returns the zero value for a missing key (missingkey applies to field access only).
    return Object.fromEntries(pairs)[lookup(params, m[2])] ?? '';
  }
  throw new Error(`template action not understood by the model: {{${action}}}`);
}

/** Renders every string of an Application template with the given parameters. */
export function renderTemplate<T>(template: T, params: Record<string, unknown>): T {
  const walk = (v: unknown): unknown => {
    if (typeof v === 'string') return v.replace(/\{\{([^}]*)\}\}/g, (_, a: string) => evaluate(a, params));
    if (Array.isArray(v)) return v.map(walk);
    if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, walk(x)]));
    return v;
  };
  return walk(template) as T;
}

export interface GeneratedApplication {
  apiVersion: 'argoproj.io/v1alpha1';
  kind: 'Application';
  metadata: { name: string; namespace: string; labels?: Record<string, string>; annotations?: Record<string, string> };
  spec: Record<string, any>;
}

/**
 * The Applications one ApplicationSet generates for the given cluster secrets (cluster generators only;
 * other generators throw). Throws on a template error, as the controller reports `ErrorOccurred`.
 */
export function generateApplications(appset: { metadata: { name: string; namespace?: string }; spec: any }, secrets: readonly ClusterSecret[]): GeneratedApplication[] {
  const out: GeneratedApplication[] = [];
  for (const generator of appset.spec.generators as Record<string, any>[]) {
    if (!generator.clusters) throw new Error(`ApplicationSet ${appset.metadata.name}: only cluster generators are modelled (got ${Object.keys(generator).join(', ')})`);
    if (!appset.spec.goTemplate) throw new Error(`ApplicationSet ${appset.metadata.name}: only goTemplate is modelled`);
    for (const secret of secrets) {
      if (!selects(generator.clusters.selector ?? {}, secret.metadata.labels ?? {})) continue;
      const t = renderTemplate(appset.spec.template, clusterParams(secret));
      out.push({ apiVersion: 'argoproj.io/v1alpha1', kind: 'Application', metadata: { ...t.metadata, namespace: appset.metadata.namespace ?? 'argocd' }, spec: t.spec });
    }
  }
  return out;
}
