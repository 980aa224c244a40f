#!/usr/bin/env tsx
// `npx projen charts:fetch`: helm-pulls exactly the pinned version of every add-on chart into
// .cache/charts/<chart>/<version>/ — the layout of ../shared/charts — so the chart checks of the test
// suite (values schema, values keys, CRDs) run on machines without ../shared/charts (a fork's CI).
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { $ } from 'zx';
import { parseAllDocuments, stringify } from 'yaml';
import type { AddonChart } from '../catalog/addon-definition';
import { ADDONS } from '../catalog/registry';
import { fetchedChartCache, PULLED_FROM_FILE } from './lib/chart-cache';
import { parseCli } from './lib/cli';

const USAGE = `
Usage: npx projen charts:fetch [--out DIR] [--force]

Runs \`helm pull\` of exactly the pinned version of every add-on chart (catalog/addons/*.ts; OCI
repositories as oci://…) and lays out <chart>/<version>/{Chart.yaml,values.yaml,values.schema.json,crds/*.yaml}
like ../shared/charts. CRDs come from the chart's crds/ folders (subcharts included) and from templates
under templates/crds/ (rendered offline with \`helm template --show-only\`).
Chart data is looked up in $PLATFORM_CHART_CACHE, ../shared/charts, then this cache.
Idempotent: a version already present is skipped.

  --out DIR   cache folder (default: .cache/charts)
  --force     pull again even when a version is present
  $HELM       helm binary to use (default: helm on PATH; 3.8+ for OCI)
`;

const { args } = parseCli(USAGE, { boolean: ['force'], string: ['out'] });
const out = resolve(args.out ?? fetchedChartCache());
const helm = process.env.HELM ?? 'helm';
$.verbose = false;
$.quiet = true;

/** `helm pull` arguments for a chart: OCI repositories by reference, HTTP ones with --repo. */
function pullRef(chart: AddonChart): string[] {
  return chart.repoURL.startsWith('http') ? [chart.chart, '--repo', chart.repoURL] : [`oci://${chart.repoURL}/${chart.chart}`];
}

const walk = (dir: string): string[] => (existsSync(dir) ? readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(join(dir, e.name)) : [join(dir, e.name)])) : []);

/** CRDs a chart installs: every crds/ folder (its own and its subcharts'), plus templates/crds rendered. */
async function chartCrds(chartDir: string): Promise<Record<string, unknown>[]> {
  const plain = walk(chartDir).filter((f) => /(^|\/)crds\/[^/]+\.ya?ml$/.test(relative(chartDir, f)) && !relative(chartDir, f).includes('templates/'));
  const docs = plain.flatMap((f) => parseAllDocuments(readFileSync(f, 'utf8')).map((d) => d.toJS()));
  const templated = walk(join(chartDir, 'templates', 'crds')).filter((f) => /\.ya?ml$/.test(f)).map((f) => relative(chartDir, f));
  if (templated.length > 0) {
    const rendered = await $`${helm} template crds ${chartDir} ${templated.flatMap((t) => ['--show-only', t])}`;
    docs.push(...parseAllDocuments(rendered.stdout).map((d) => d.toJS()));
  }
  return docs.filter((d) => d?.kind === 'CustomResourceDefinition');
}

async function fetchChart(chart: AddonChart): Promise<'present' | 'pulled'> {
  const dest = join(out, chart.chart, chart.version);
  if (!args.force && existsSync(join(dest, 'Chart.yaml'))) return 'present';
  const work = mkdtempSync(join(tmpdir(), 'charts-fetch-'));
  try {
    await $`${helm} pull ${pullRef(chart)} --version ${chart.version} --untar --untardir ${work}`;
    const chartDir = join(work, chart.chart);
    if (!existsSync(join(chartDir, 'Chart.yaml'))) throw new Error(`helm pull left no ${chart.chart}/Chart.yaml in ${work}`);
    // Assemble beside the destination, then swap in: an interrupted run never leaves half a version.
    const staging = `${dest}.partial`;
    rmSync(staging, { recursive: true, force: true });
    mkdirSync(join(staging, 'crds'), { recursive: true });
    for (const f of ['Chart.yaml', 'values.yaml', 'values.schema.json']) {
      if (existsSync(join(chartDir, f))) writeFileSync(join(staging, f), readFileSync(join(chartDir, f)));
    }
    for (const crd of await chartCrds(chartDir)) {
      const name = (crd.metadata as { name: string }).name;
      writeFileSync(join(staging, 'crds', `${name}.yaml`), stringify(crd, { lineWidth: 0 }));
    }
    writeFileSync(join(staging, PULLED_FROM_FILE), `${chart.repoURL}\n`);
    rmSync(dest, { recursive: true, force: true });
    renameSync(staging, dest);
    return 'pulled';
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  const charts = [...new Map(ADDONS.map((a) => [`${a.chart.chart}/${a.chart.version}`, a.chart])).values()];
  const started = Date.now();
  const failed: string[] = [];
  console.log(`charts:fetch → ${out} (${charts.length} pinned charts)`);
  for (const [i, chart] of charts.entries()) {
    const t0 = Date.now();
    const label = `[${i + 1}/${charts.length}] ${chart.chart} ${chart.version}`;
    try {
      const result = await fetchChart(chart);
      console.log(`${label}: ${result === 'present' ? 'already present' : `pulled from ${chart.repoURL}`} (${((Date.now() - t0) / 1000).toFixed(1)}s)`);
    } catch (err) {
      const e = err as { stderr?: string; message?: string };
      failed.push(chart.chart);
      console.error(`${label}: FAILED — ${(e.stderr || e.message || String(err)).trim()}`);
    }
  }
  console.log(`done in ${((Date.now() - started) / 1000).toFixed(1)}s: ${charts.length - failed.length} ok, ${failed.length} failed${failed.length ? ` (${failed.join(', ')})` : ''}`);
  if (failed.length) process.exitCode = 1;
}

void main();
