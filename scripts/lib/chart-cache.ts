import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { AddonChart } from '../../catalog/addon-definition';

/**
 * Where the data of a pinned chart version lives (values.yaml, values.schema.json, crds/), looked
 * up in this order (DESIGN §6): `$PLATFORM_CHART_CACHE`, `../shared/charts` beside the repository (its
 * CI and development machines), then `.cache/charts` that `npx projen charts:fetch` fills with
 * `helm pull` of exactly the pinned versions (a fork's CI, which has internet).
 * Every cache has the same layout: `<chart>/<version>/{Chart.yaml,values.yaml,values.schema.json,crds/*.yaml}`.
 */

/** Environment variable naming a chart cache that takes precedence over the others. */
export const CHART_CACHE_ENV = 'PLATFORM_CHART_CACHE';

/** The command that fills the last cache; every "missing chart data" message names it. */
export const CHARTS_FETCH_COMMAND = 'npx projen charts:fetch';

/**
 * File beside a pulled chart's data recording where `charts:fetch` pulled it from (the add-on's
 * repoURL, Argo CD style), so a test can prove the pin is published there.
 */
export const PULLED_FROM_FILE = 'pulled-from.txt';

const REPO_ROOT = resolve(__dirname, '..', '..');

/** `.cache/charts` of the repository (git-ignored), written by `charts:fetch`. */
export function fetchedChartCache(root = REPO_ROOT): string {
  return join(root, '.cache', 'charts');
}

/** One place chart data is looked up, in lookup order. */
export interface ChartCache {
  readonly label: string;
  /** Absent when the environment variable is unset. */
  readonly dir?: string;
}

/** The caches in lookup order; `env` defaults to the process environment. */
export function chartCaches(env: NodeJS.ProcessEnv = process.env, root = REPO_ROOT): ChartCache[] {
  return [
    { label: `$${CHART_CACHE_ENV}`, dir: env[CHART_CACHE_ENV] ? resolve(env[CHART_CACHE_ENV]!) : undefined },
    { label: '../shared/charts', dir: join(root, '..', 'shared', 'charts') },
    { label: '.cache/charts', dir: fetchedChartCache(root) },
  ];
}

/** Thrown when a pinned chart version is in none of the caches. */
export class ChartDataMissingError extends Error {
  constructor(chart: Pick<AddonChart, 'chart' | 'version'>, caches: ChartCache[]) {
    const tried = caches.map((c, i) => `${i + 1}. ${c.label}${c.dir ? ` (${join(c.dir, chart.chart, chart.version)})` : ' (unset)'}`).join('; ');
    super(`chart data of ${chart.chart} ${chart.version} (the pinned version) is in no chart cache; looked in ${tried}. ` +
      `Run \`${CHARTS_FETCH_COMMAND}\` to helm-pull every pinned chart into .cache/charts, or point $${CHART_CACHE_ENV} at a cache with this layout.`);
    this.name = 'ChartDataMissingError';
  }
}

/**
 * The folder holding the data of exactly this chart version: the first cache with
 * `<chart>/<version>/Chart.yaml`. Throws ChartDataMissingError (naming the fetch command) otherwise.
 */
export function findChartData(chart: Pick<AddonChart, 'chart' | 'version'>, env: NodeJS.ProcessEnv = process.env, root = REPO_ROOT): string {
  const caches = chartCaches(env, root);
  for (const cache of caches) {
    if (!cache.dir) continue;
    const dir = join(cache.dir, chart.chart, chart.version);
    if (existsSync(join(dir, 'Chart.yaml'))) return dir;
  }
  throw new ChartDataMissingError(chart, caches);
}
