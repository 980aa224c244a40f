#!/usr/bin/env tsx
// `npx projen crds:import`: generates typed constructs (gitops/imports/<group>.ts) with `cdk8s import`
// from the CRDs of exactly the pinned chart versions, so gitops/charts/*.ts get a compile error when
// they use an apiVersion the pinned chart does not serve or a field its schema does not have.
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { $ } from 'zx';
import { parseAllDocuments, stringify } from 'yaml';
import { addonById } from '../catalog/registry';
import { findChartData } from './lib/chart-cache';
import { parseCli } from './lib/cli';
import { CDK8S_CLI, CRD_IMPORTS, importHeader, ImportableCrd, importSources, IMPORTS_DIR, parseImportHeader, servedCrd } from './lib/crd-imports';

const USAGE = `
Usage: npx projen crds:import [--out DIR]

For each kind of CRD_IMPORTS (scripts/lib/crd-imports.ts: the custom resources gitops/charts render),
reads the CRD of the add-on's pinned chart version (chart data from $PLATFORM_CHART_CACHE,
../shared/charts or .cache/charts), keeps only that kind at the versions we render — failing when the
pinned chart does not serve one — and runs \`npx --yes ${CDK8S_CLI} import\` on the filtered CRDs of
each API group. Writes <out>/<group>.ts with a header naming chart@version of every kind.
Idempotent: the same pins give the same files. Needs the npm registry the first time; later runs use the npx cache without asking the registry (--prefer-offline).

  --out DIR   output folder (default: ${IMPORTS_DIR})
`;

const { args } = parseCli(USAGE, { string: ['out'] });
const root = resolve(__dirname, '..');
const out = resolve(root, args.out ?? IMPORTS_DIR);
$.verbose = false;
$.quiet = true;

/** The CRDs of a pinned chart version, as the chart data holds them (crds/*.yaml, any number per file). */
function pinnedCrds(addonId: string): ImportableCrd[] {
  const crdDir = join(findChartData(addonById(addonId).chart), 'crds');
  return readdirSync(crdDir).filter((f) => /\.ya?ml$/.test(f)).sort()
    .flatMap((f) => parseAllDocuments(readFileSync(join(crdDir, f), 'utf8')).map((d) => d.toJS() as ImportableCrd))
    .filter((d) => d?.kind === 'CustomResourceDefinition');
}

async function main(): Promise<void> {
  const work = mkdtempSync(join(tmpdir(), 'crds-import-'));
  try {
    const groups = [...new Set(CRD_IMPORTS.map((i) => i.group))];
    mkdirSync(out, { recursive: true });
    // A module of a group no longer listed would otherwise keep compiling from stale types (only our
    // own generated files are removed, recognised by their header).
    for (const f of readdirSync(out).filter((n) => n.endsWith('.ts') && !groups.includes(n.slice(0, -3)))) {
      if (parseImportHeader(readFileSync(join(out, f), 'utf8')).length > 0) rmSync(join(out, f));
    }
    for (const group of groups) {
      const entries = CRD_IMPORTS.filter((i) => i.group === group);
      const crds = entries.map((e) => servedCrd(pinnedCrds(e.addon), addonById(e.addon).chart, e.kind, e.versions));
      const wrong = crds.find((c) => c.spec.group !== group);
      if (wrong) throw new Error(`CRD_IMPORTS lists ${wrong.spec.names.kind} under ${group}, but its CRD is in group ${wrong.spec.group}`);
      const input = join(work, `${group}.yaml`);
      writeFileSync(input, crds.map((c) => stringify(c, { lineWidth: 0 })).join('---\n'));
      const dir = join(work, 'out');
      rmSync(dir, { recursive: true, force: true });
      // cwd = the temp folder: cdk8s reads a cdk8s.yaml in its working directory. --no-save: record no
      // import in one; --no-check-upgrade: no registry call beyond the pinned download.
      await $({ cwd: work })`npx --yes --prefer-offline ${CDK8S_CLI} import ${input} --language typescript --output ${dir} --no-save --no-check-upgrade`;
      const generated = join(dir, `${group}.ts`);
      const code = readFileSync(generated, 'utf8');
      const sources = importSources(entries, (id) => addonById(id).chart);
      writeFileSync(join(out, `${group}.ts`), importHeader(sources) + code);
      const lines = code.split('\n').length;
      console.log(`${relative(root, join(out, `${group}.ts`))}: ${entries.map((e) => e.kind).join(', ')} (${lines} lines)`);
    }
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

main().catch((err) => {
  console.error(`crds:import failed: ${(err as { stderr?: string }).stderr || (err as Error).message}`);
  process.exitCode = 1;
});
