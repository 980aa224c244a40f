import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { $ } from 'zx';
import { availabilityZoneContext } from '../blueprints/availability-zones';
import { resolveConfig } from '../config/resolve-config';
import { renderGitOpsTree, toYaml } from '../gitops/render-gitops-tree';
import { parseCli } from '../scripts/lib/cli';
import { rawConfigWithSpokes } from '../test/support/test-config';

const USAGE = `
Usage: npx projen bench [--only SECTION] [--runs N]

Prints benchmark figures; asserts nothing (speed targets are measured here, never in tests).
Sections: regen (npx projen vs a bare projen awscdk-app-ts project), synth (hub+2, hub+20,
per-spoke increment, vs a bare eks-blueprints app), render (GitOps tree for 2/10/50 spokes),
plan (modelled bootstrap duration), tests (the test suite), size (node_modules).
`;
const { args } = parseCli(USAGE, { string: ['only', 'runs'] });
const RUNS = Number(args.runs ?? 3);
const only = args.only as string | undefined;
const ROOT = join(__dirname, '..');
$.quiet = true;
$.cwd = ROOT;

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
async function time(fn: () => Promise<unknown>, runs = RUNS): Promise<number> {
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = process.hrtime.bigint();
    await fn();
    samples.push(Number(process.hrtime.bigint() - t) / 1e9);
  }
  return median(samples);
}
const s = (x: number) => `${x.toFixed(2)} s`;
const section = (name: string) => !only || only === name;
function du(dir: string): number {
  let total = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) total += du(p);
    else if (e.isFile()) total += statSync(p).size;
  }
  return total;
}

/** Writes a config with `n` spokes (and its AZ context) to a temp folder; returns the cdk synth flags. */
function spokesConfig(n: number): string[] {
  const dir = mkdtempSync(join(tmpdir(), 'pb-bench-'));
  const raw = rawConfigWithSpokes(n);
  writeFileSync(join(dir, 'config.json'), JSON.stringify(raw));
  const ctx = availabilityZoneContext(resolveConfig(raw));
  return ['-c', `platformConfig=${join(dir, 'config.json')}`, ...Object.entries(ctx).flatMap(([k, v]) => ['-c', `${k}=${JSON.stringify(v)}`]), '-o', join(dir, 'cdk.out')];
}

function stackFigures(outdir: string): { count: number; maxResources: number; maxKiB: number } {
  const templates = readdirSync(outdir).filter((f) => f.endsWith('.template.json'));
  const resources = templates.map((f) => Object.keys(JSON.parse(readFileSync(join(outdir, f), 'utf8')).Resources).length);
  const sizes = templates.map((f) => statSync(join(outdir, f)).size / 1024);
  return { count: templates.length, maxResources: Math.max(...resources), maxKiB: Math.max(...sizes) };
}

async function main(): Promise<void> {
  console.log(`# Platform Blueprint benchmarks (median of ${RUNS} runs, node ${process.version}, ${new Date().toISOString()})\n`);

  if (section('regen')) {
    const ours = await time(() => $`npx projen`);
    const bare = mkdtempSync(join(tmpdir(), 'pb-bare-'));
    console.log('regen: creating a bare `projen new awscdk-app-ts` project for comparison (npm install)…');
    await $({ cwd: bare })`npx --yes projen@0.103.25 new awscdk-app-ts --no-git`;
    const theirs = await time(() => $({ cwd: bare })`npx projen`);
    rmSync(bare, { recursive: true, force: true });
    console.log(`regen: npx projen (ours, full regeneration) ${s(ours)} | bare awscdk-app-ts ${s(theirs)} | ratio ${(ours / theirs).toFixed(2)}× (target ≤ 1.5×)`);
  }

  if (section('synth')) {
    const two = spokesConfig(2);
    const twenty = spokesConfig(20);
    const t2 = await time(() => $`npx cdk synth --quiet --no-notices --no-version-reporting ${two}`);
    const t20 = await time(() => $`npx cdk synth --quiet --no-notices --no-version-reporting ${twenty}`);
    const f2 = stackFigures(two[two.length - 1]);
    const f20 = stackFigures(twenty[twenty.length - 1]);
    const baselineOut = mkdtempSync(join(tmpdir(), 'pb-baseline-'));
    const azs = ['-c', 'availability-zones:account=111111111111:region=eu-west-1=["eu-west-1a","eu-west-1b","eu-west-1c"]', '-c', 'availability-zones:account=222222222222:region=eu-west-1=["eu-west-1a","eu-west-1b","eu-west-1c"]'];
    const tb = await time(() => $`npx cdk synth --quiet --no-notices --no-version-reporting --app ${'npx tsx bench/baseline-eks-blueprints-app.ts'} ${azs} -o ${baselineOut}`);
    const perSpoke = (t20 - t2) / 18;
    console.log(`synth: hub+2 ${s(t2)} (${f2.count} stacks, max ${f2.maxResources} resources, max ${f2.maxKiB.toFixed(0)} KiB) | hub+20 ${s(t20)} (${f20.count} stacks) | ratio ${(t20 / t2).toFixed(2)}× (target ≤ 4×)`);
    console.log(`synth: per-spoke increment ${s(perSpoke)} | bare eks-blueprints 2-cluster app ${s(tb)} → ${s(tb / 2)} per cluster | ours per cluster ${s(t2 / 3)} = ${((t2 / 3) / (tb / 2)).toFixed(2)}× (target ≤ 1.5×)`);
    console.log(`synth: margins — resources ${500 - f20.maxResources} under 500, size ${(1024 - f20.maxKiB).toFixed(0)} KiB under 1 MiB`);
  }

  if (section('render')) {
    for (const n of [2, 10, 50]) {
      const config = resolveConfig(rawConfigWithSpokes(n));
      let files = 0;
      const t = await time(async () => { files = renderGitOpsTree(config).map(toYaml).length; }, 5);
      console.log(`render: ${n} spokes → ${files} files in ${(t * 1000).toFixed(0)} ms`);
    }
    const a = new Map(renderGitOpsTree(resolveConfig(rawConfigWithSpokes(10))).map((f) => [f.path, toYaml(f)]));
    const b = new Map(renderGitOpsTree(resolveConfig(rawConfigWithSpokes(11))).map((f) => [f.path, toYaml(f)]));
    const added = [...b.keys()].filter((p) => !a.has(p));
    const changed = [...b.keys()].filter((p) => a.has(p) && a.get(p) !== b.get(p));
    console.log(`render: adding an 11th spoke adds ${added.length} file (${added.join(', ')}) and changes ${changed.length} (${changed.join(', ')})`);
  }

  if (section('plan')) {
    const { bootstrapSteps } = await import('../scripts/platform/bootstrap-steps');
    const { criticalPathMinutes } = await import('../scripts/lib/plan');
    const { Tools } = await import('../scripts/lib/tools');
    const model = (n: number) => criticalPathMinutes(bootstrapSteps({ config: resolveConfig(rawConfigWithSpokes(n)), tools: new Tools('/dev/null'), wait: { pollSeconds: 0, timeoutMinutes: 0 }, log: () => {} }));
    const two = model(2);
    const ten = model(10);
    console.log(`plan: modelled bootstrap (critical path, typical AWS durations) hub+2 ${two.minutes.toFixed(0)} min | hub+10 ${ten.minutes.toFixed(0)} min (+${(((ten.minutes - two.minutes) / two.minutes) * 100).toFixed(0)}%, target ≤ 10%) | path: ${two.path.join(' → ')}`);
  }

  if (section('tests')) {
    const t = await time(() => $`npx jest`, 1);
    console.log(`tests: full jest suite ${s(t)}`);
  }

  if (section('size')) {
    console.log(`size: node_modules ${(du(join(ROOT, 'node_modules')) / 1024 / 1024).toFixed(0)} MiB`);
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
