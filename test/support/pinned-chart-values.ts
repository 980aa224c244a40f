import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';

/**
 * Upstream chart data of exactly the pinned versions (DESIGN §6): `$PLATFORM_CHART_CACHE`, then
 * `../shared/charts` beside the repository. A missing version fails the test that needs it, naming the fix.
 */
export function pinnedChartDir(chart: string, version: string): string {
  const roots = [process.env.PLATFORM_CHART_CACHE, join(__dirname, '..', '..', '..', 'shared', 'charts')].filter((r): r is string => !!r);
  for (const root of roots) {
    const dir = join(root, chart, version);
    if (existsSync(join(dir, 'values.yaml'))) return dir;
  }
  throw new Error(`chart ${chart} ${version} is in no chart cache (${roots.join(', ')}): run \`helm pull <repo>/${chart} --version ${version} --untar\` into $PLATFORM_CHART_CACHE/${chart}/${version}`);
}

/** The chart's default values (values.yaml) at the pinned version. */
export function pinnedChartValues(chart: string, version: string): Record<string, unknown> {
  return parse(readFileSync(join(pinnedChartDir(chart, version), 'values.yaml'), 'utf8')) as Record<string, unknown>;
}

/** The raw values.yaml text (for keys the chart documents only in comments). */
export function pinnedChartValuesText(chart: string, version: string): string {
  return readFileSync(join(pinnedChartDir(chart, version), 'values.yaml'), 'utf8');
}

const isMap = (v: unknown): v is Record<string, unknown> => !!v && typeof v === 'object' && !Array.isArray(v);

/**
 * Paths of `ours` that the chart's values.yaml does not have. A key under an empty map of the chart
 * (annotations, appConfig…) or under a path listed in `freeForm` is accepted: the chart documents those as free-form.
 */
export function keysMissingFromChart(ours: unknown, chart: unknown, freeForm: readonly string[] = [], path = ''): string[] {
  if (!isMap(ours) || !isMap(chart) || freeForm.includes(path)) return [];
  if (Object.keys(chart).length === 0) return [];
  return Object.entries(ours).flatMap(([k, v]) => {
    const p = path ? `${path}.${k}` : k;
    if (!(k in chart)) return freeForm.includes(p) ? [] : [p];
    return keysMissingFromChart(v, chart[k], freeForm, p);
  });
}
