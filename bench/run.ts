import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { $ } from 'zx';
import { availabilityZoneContext } from '../blueprints/availability-zones';
import { resolveConfig } from '../config/resolve-config';
import { renderGitOpsTree, toYaml } from '../gitops/render-gitops-tree';
import { parseCli } from '../scripts/lib/cli';
import { BASELINE_CLUSTERS, ensureBaselineApp } from './baseline-app';
import { interleaved, type Sample } from './process-times';
import { rawConfigWithSpokes } from '../test/support/test-config';

const USAGE = `
Usage: npx projen bench [--only SECTION[,SECTION…]] [--runs N]

Prints benchmark figures; asserts nothing (speed targets are measured here, never in tests).
Sections: regen (npx projen vs a bare projen awscdk-app-ts project), synth (npx projen synth per
cluster vs a bare eks-blueprints app's cdk synth, cdk-nag on in both; hub+20; per-spoke increment;
what projen adds; runs interleaved, wall and CPU time of the process tree), render (GitOps tree for 2/10/50 spokes), plan (modelled bootstrap duration),
tests (the test suite), size (node_modules vs the bare app's; packages over 20 MiB),
quickstart (cold ./quickstart demo in a fresh clone, with its phase breakdown).
The bare eks-blueprints app is installed once into .cache/bench-baseline-*/ (npm registry).
Report ratios: both sides run on the same machine in the same run, so contention cancels out.
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
const signed = (x: number) => `${x < 0 ? '−' : '+'}${s(Math.abs(x))}`;
const section = (name: string) => !only || only.split(',').includes(name);
function du(dir: string): number {
  let total = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) total += du(p);
    else if (e.isFile()) total += statSync(p).size;
  }
  return total;
}

/**
 * Writes a config with `n` spokes (and its AZ context) to a temp folder; returns the cdk synth flags.
 * A .ts module calling definePlatform(), as the fork's platform.config.ts is: synth loads it the same way.
 */
function spokesConfig(n: number): string[] {
  const dir = mkdtempSync(join(tmpdir(), 'pb-bench-'));
  const raw = rawConfigWithSpokes(n);
  const file = join(dir, 'platform.config.ts');
  writeFileSync(file, `import { definePlatform } from ${JSON.stringify(join(ROOT, 'config'))};\nexport default definePlatform(${JSON.stringify(raw, null, 2)});\n`);
  const ctx = availabilityZoneContext(resolveConfig(raw));
  return ['-c', `platformConfig=${file}`, ...Object.entries(ctx).flatMap(([k, v]) => ['-c', `${k}=${JSON.stringify(v)}`]), '-o', join(dir, 'cdk.out')];
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
    const cdkFlags = ['--quiet', '--no-notices', '--no-version-reporting'];
    const baseline = await ensureBaselineApp(console.log);
    // Interleaved (ours, hub+20, direct cdk, bare app; then again), so load changes hit all alike.
    const r = await interleaved(RUNS, {
      // What the user runs: `npx projen synth` (projen task → cdk → our app, cdk-nag on).
      ours: { argv: ['npx', 'projen', 'synth', ...two], cwd: ROOT },
      twenty: { argv: ['npx', 'projen', 'synth', ...twenty], cwd: ROOT },
      direct: { argv: ['npx', 'cdk', 'synth', ...cdkFlags, ...two], cwd: ROOT },
      // The bare app's cdk-nag findings are unacknowledged: the CLI reports them and, without --ignore-errors, exits 1 after the same work.
      bare: { argv: ['npx', 'cdk', 'synth', ...cdkFlags, '--ignore-errors', '-o', mkdtempSync(join(tmpdir(), 'pb-baseline-'))], cwd: baseline },
    });
    const f2 = stackFigures(two[two.length - 1]);
    const f20 = stackFigures(twenty[twenty.length - 1]);
    const both = (x: Sample, per = 1) => `${s(x.wall / per)} wall, ${s(x.cpu / per)} CPU`;
    const ratio = (a: Sample, b: Sample, pa = 1, pb = 1) => `${(a.wall / pa / (b.wall / pb)).toFixed(2)}× wall, ${(a.cpu / pa / (b.cpu / pb)).toFixed(2)}× CPU`;
    console.log(`synth: npx projen synth hub+2 ${both(r.ours)} → per cluster ${both(r.ours, 3)} | bare eks-blueprints app (cdk-nag on) ${BASELINE_CLUSTERS} clusters ${both(r.bare)} → per cluster ${both(r.bare, BASELINE_CLUSTERS)} | ratio ${ratio(r.ours, r.bare, 3, BASELINE_CLUSTERS)} (target ≤ 1.2×)`);
    console.log(`synth: projen task layer: npx projen synth ${both(r.ours)} vs npx cdk synth ${both(r.direct)} → ${signed(r.ours.wall - r.direct.wall)} wall, ${signed(r.ours.cpu - r.direct.cpu)} CPU`);
    console.log(`synth: hub+2 ${f2.count} stacks, max ${f2.maxResources} resources, max ${f2.maxKiB.toFixed(0)} KiB | hub+20 ${both(r.twenty)} (${f20.count} stacks) | ratio ${ratio(r.twenty, r.ours)} (target ≤ 4×) | per-spoke increment ${s((r.twenty.wall - r.ours.wall) / 18)} wall, ${s((r.twenty.cpu - r.ours.cpu) / 18)} CPU`);
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
    const { ClusterAccess } = await import('../scripts/platform/cluster-access');
    const model = (n: number) => {
      const config = resolveConfig(rawConfigWithSpokes(n));
      const tools = new Tools('/dev/null');
      return criticalPathMinutes(bootstrapSteps({ config, tools, wait: { pollSeconds: 0, timeoutMinutes: 0 }, log: () => {}, access: new ClusterAccess(config, tools) }));
    };
    const two = model(2);
    const ten = model(10);
    console.log(`plan: modelled bootstrap (critical path, typical AWS durations) hub+2 ${two.minutes.toFixed(0)} min | hub+10 ${ten.minutes.toFixed(0)} min (+${(((ten.minutes - two.minutes) / two.minutes) * 100).toFixed(0)}%, target ≤ 10%) | path: ${two.path.join(' → ')}`);
  }

  if (section('tests')) {
    const t = await time(() => $`npx jest`, 1);
    console.log(`tests: full jest suite ${s(t)}`);
  }

  if (section('size')) {
    const MiB = 1024 * 1024;
    const ours = du(join(ROOT, 'node_modules'));
    const baseline = await ensureBaselineApp(console.log);
    const theirs = du(join(baseline, 'node_modules'));
    console.log(`size: node_modules ${(ours / MiB).toFixed(0)} MiB | bare eks-blueprints app ${(theirs / MiB).toFixed(0)} MiB | ratio ${(ours / theirs).toFixed(2)}× (target ≤ 1.5×)`);
    // The portal backend is a separate app (own lockfile) that ./quickstart test installs for the portal and
    // golden-path tests: reported on its own line, never folded into (or hidden from) the root figure.
    const portalModules = join(ROOT, 'portal', 'packages', 'backend', 'node_modules');
    console.log(existsSync(portalModules)
      ? `size: portal/packages/backend/node_modules (separate app, npm ci --omit=dev) ${(du(portalModules) / MiB).toFixed(0)} MiB`
      : 'size: portal/packages/backend/node_modules is not installed (npm ci --omit=dev --prefix portal/packages/backend): not measured');
    const documented = readFileSync(join(ROOT, 'docs', 'dependencies.md'), 'utf8');
    for (const [name, bytes] of packageSizes(join(ROOT, 'node_modules')).filter(([, b]) => b > 20 * MiB)) {
      console.log(`size:   ${name.padEnd(40)} ${(bytes / MiB).toFixed(0).padStart(4)} MiB${documented.includes(`\`${name}\``) ? '' : '  ← not in docs/dependencies.md: say why it is needed'}`);
    }
  }

  if (section('quickstart')) {
    // A fresh clone of HEAD, no node_modules: what a new user's `./quickstart demo` costs (npm's cache may be warm).
    const clone = mkdtempSync(join(tmpdir(), 'pb-quickstart-'));
    await $`git clone -q --no-hardlinks ${ROOT} ${clone}`;
    const t = Date.now();
    const out = await $({ cwd: clone })`./quickstart demo`;
    const total = (Date.now() - t) / 1000;
    const phases = out.stdout.slice(out.stdout.indexOf('Phase timings:')).split('\n').slice(1).map((l) => l.trim()).filter(Boolean);
    console.log(`quickstart: cold ./quickstart demo ${s(total)} | ${phases.join(' | ')}`);
    rmSync(clone, { recursive: true, force: true });
  }
}

/** Size of each installed package (scoped ones by full name, nested node_modules included), largest first. */
function packageSizes(nodeModules: string): [string, number][] {
  const out: [string, number][] = [];
  for (const e of readdirSync(nodeModules, { withFileTypes: true })) {
    if (!e.isDirectory() || e.name.startsWith('.')) continue;
    const names = e.name.startsWith('@') ? readdirSync(join(nodeModules, e.name)).map((n) => `${e.name}/${n}`) : [e.name];
    for (const name of names) if (existsSync(join(nodeModules, name))) out.push([name, du(join(nodeModules, name))]);
  }
  return out.sort((a, b) => b[1] - a[1]);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
