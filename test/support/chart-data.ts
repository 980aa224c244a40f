import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse, parseAllDocuments } from 'yaml';
import { ChartDataMissingError, findChartData } from '../../scripts/lib/chart-cache';
import type { AddonDefinition } from '../../catalog/addon-definition';

/**
 * Add-ons whose pinned chart data may be absent from every cache, each with the reason. Anything not
 * listed here and missing from the caches FAILS the checks that need it (never a silent skip). When
 * the data of an excepted chart is present (a fork ran `npx projen charts:fetch`), it is checked too.
 */
export const CHART_DATA_EXCEPTIONS: Readonly<Record<string, string>> = {
  gitlab: 'the chart source (gitlab-org/charts/gitlab) is on GitLab.com, which no tool of this repository\'s CI can read, so ../shared/charts has no gitlab folder',
};

export interface CustomResourceDefinition {
  readonly kind: 'CustomResourceDefinition';
  readonly spec: {
    readonly group: string;
    readonly names: { readonly kind: string };
    readonly versions: readonly { readonly name: string; readonly served: boolean; readonly schema?: { readonly openAPIV3Schema: Record<string, unknown> } }[];
  };
}

/** The data of exactly one pinned chart version. */
export interface ChartData {
  readonly dir: string;
  readonly values: Record<string, unknown>;
  /** Absent when the chart ships no values.schema.json. */
  readonly valuesSchema?: Record<string, unknown>;
  readonly crds: readonly CustomResourceDefinition[];
}

/**
 * The pinned chart data of an add-on; undefined only for an add-on in CHART_DATA_EXCEPTIONS whose data
 * is in no cache. Throws ChartDataMissingError (naming `npx projen charts:fetch`) for any other.
 */
export function pinnedChartData(addon: AddonDefinition, env: NodeJS.ProcessEnv = process.env): ChartData | undefined {
  let dir: string;
  try {
    dir = findChartData(addon.chart, env);
  } catch (err) {
    if (err instanceof ChartDataMissingError && addon.id in CHART_DATA_EXCEPTIONS) return undefined;
    throw err;
  }
  const schemaFile = join(dir, 'values.schema.json');
  const crdDir = join(dir, 'crds');
  const crds = existsSync(crdDir)
    ? readdirSync(crdDir).filter((f) => /\.ya?ml$/.test(f)).sort().flatMap((f) =>
      parseAllDocuments(readFileSync(join(crdDir, f), 'utf8')).map((d) => d.toJS() as CustomResourceDefinition).filter((d) => d?.kind === 'CustomResourceDefinition'))
    : [];
  return {
    dir,
    values: (parse(readFileSync(join(dir, 'values.yaml'), 'utf8')) ?? {}) as Record<string, unknown>,
    valuesSchema: existsSync(schemaFile) ? JSON.parse(readFileSync(schemaFile, 'utf8')) : undefined,
    crds,
  };
}
