/**
 * A model of how an argo-events (v1.9) Sensor turns one event into triggered resources, for the parts
 * the platform's CI Sensor uses:
 * - data filters (pkg/sensors/dependencies/filter.go, filterData): every filter must hold ("and", the
 *   default dataLogicalOperator); a path that does not exist fails the filter; a `string` filter holds
 *   when ANY of its values, compiled as a Go regexp, matches (unanchored) the gjson String() of the
 *   value (JSON null → "");
 * - trigger conditions naming one dependency;
 * - trigger parameters (pkg/sensors/triggers/params.go): `src.dataKey` read from the event data, set at
 *   the dot path `dest` of the resource (sjson; numeric segments index arrays).
 * https://github.com/argoproj/argo-events/blob/master/pkg/sensors/dependencies/filter.go
 */

type Json = any;

/** gjson-style lookup of a dot path: `undefined` when the path does not exist. */
function lookup(data: Json, path: string): { exists: boolean; value: Json } {
  let cur = data;
  for (const seg of path.split('.')) {
    if (cur === null || typeof cur !== 'object' || !(seg in cur)) return { exists: false, value: undefined };
    cur = cur[seg];
  }
  return { exists: true, value: cur };
}

/** gjson Result.String(): strings as is, null as "", other JSON as its text. */
const gjsonString = (v: Json) => (v === null ? '' : typeof v === 'string' ? v : JSON.stringify(v));

function filterHolds(f: { path: string; type: string; value: string[]; comparator?: string }, data: Json): boolean {
  const r = lookup(data, f.path);
  if (!r.exists) return false;
  if (f.type !== 'string' || (f.comparator && f.comparator !== '=')) {
    throw new Error(`the model covers string filters with "=" only, not ${f.type} ${f.comparator ?? ''}`);
  }
  return f.value.some((re) => new RegExp(re).test(gjsonString(r.value)));
}

function setPath(obj: Json, path: string, value: string): void {
  const segs = path.split('.');
  let cur = obj;
  for (const seg of segs.slice(0, -1)) cur = cur[/^\d+$/.test(seg) ? Number(seg) : seg];
  cur[segs[segs.length - 1]] = value;
}

/** The resources the Sensor submits for an event from its (single) event source: the event's data is `payload`. */
export function sensorTriggers(sensor: Json, payload: Json): Json[] {
  const matched = new Set<string>(
    sensor.spec.dependencies
      .filter((d: Json) => (d.filters?.dataLogicalOperator ?? 'and') === 'and')
      .filter((d: Json) => (d.filters?.data ?? []).every((f: Json) => filterHolds(f, payload)))
      .map((d: Json) => d.name),
  );
  const out: Json[] = [];
  for (const t of sensor.spec.triggers) {
    const condition: string = t.template.conditions;
    if (!/^[A-Za-z0-9_-]+$/.test(condition)) throw new Error(`the model covers single-dependency conditions, not ${condition}`);
    if (!matched.has(condition)) continue;
    const resource = structuredClone(t.template.argoWorkflow.source.resource);
    for (const p of t.template.argoWorkflow.parameters) {
      const r = lookup(payload, p.src.dataKey);
      if (!r.exists) throw new Error(`${p.src.dataKey} missing: argo-events fails the trigger`);
      setPath(resource, p.dest, gjsonString(r.value));
    }
    out.push(resource);
  }
  return out;
}
