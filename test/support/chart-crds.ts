import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';

/**
 * Where pinned chart data is read from (DESIGN §6): `$PLATFORM_CHART_CACHE`, then `../shared/charts`
 * beside the repository, each holding `<chart>/<version>/` (Chart.yaml, values, `crds/`).
 */
export function chartCacheDirs(): string[] {
  return [process.env.PLATFORM_CHART_CACHE, join(__dirname, '..', '..', '..', 'shared', 'charts')].filter((d): d is string => !!d);
}

/**
 * `group/Kind` of every CRD that exactly this chart version installs (its `crds/` folder). Throws,
 * naming the command that fills the cache, when no cache holds the version: never an empty guess.
 */
export function chartCrdKinds(chart: string, version: string): string[] {
  const dir = chartCacheDirs().map((d) => join(d, chart, version)).find((d) => existsSync(join(d, 'Chart.yaml')));
  if (!dir) {
    throw new Error(`chart ${chart} ${version} is in no chart cache (${chartCacheDirs().join(', ')}); fill one with \`helm pull <repo>/${chart} --version ${version} --untar --untardir $PLATFORM_CHART_CACHE/${chart}/${version}\``);
  }
  const crds = join(dir, 'crds');
  if (!existsSync(crds)) return [];
  const kinds = new Set<string>();
  for (const file of readdirSync(crds).filter((f) => /\.ya?ml$/.test(f))) {
    // Only group and kind are needed: parse each document up to its schemas (`spec.versions`), which
    // are most of the text (megabytes for some charts); a document without them there is parsed whole.
    for (const text of readFileSync(join(crds, file), 'utf8').split(/^---\s*$/m)) {
      const head = text.split(/^ {2}versions:/m)[0];
      for (const t of [head, text]) {
        const crd = parseAllDocuments(t)[0]?.toJS() as { kind?: string; spec?: { group?: string; names?: { kind?: string } } } | null | undefined;
        if (crd?.kind !== 'CustomResourceDefinition') break;
        if (crd.spec?.group && crd.spec.names?.kind) {
          kinds.add(`${crd.spec.group}/${crd.spec.names.kind}`);
          break;
        }
      }
    }
  }
  return [...kinds].sort();
}
