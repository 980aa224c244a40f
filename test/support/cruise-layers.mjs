// Runs dependency-cruiser (ESM-only, so in its own Node process) over a tree with a rule file, and prints
// what test/architecture.test.ts asserts on: the violations and the import edges between our files.
// Usage: node cruise-layers.mjs <dependency-cruiser package dir> <rule file> <tsconfig> <path>... (cwd: the tree's root)
// API: https://github.com/sverweij/dependency-cruiser/blob/main/doc/api.md
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const [pkgDir, ruleFile, tsConfigFile, ...paths] = process.argv.slice(2);
const load = (rel) => import(pathToFileURL(join(pkgDir, rel)).href);
const { cruise } = await load('src/main/index.mjs');
const { default: extractTSConfig } = await load('src/config-utl/extract-ts-config.mjs');
const rules = createRequire(import.meta.url)(resolve(ruleFile));

const result = await cruise(
  paths,
  { ...rules.options, tsConfig: { fileName: tsConfigFile }, ruleSet: { forbidden: rules.forbidden }, validate: true },
  {},
  { tsConfig: extractTSConfig(tsConfigFile) },
);
const { modules, summary } = result.output;
// Our files only: node_modules is a symlink here, so packages resolve to paths like ../main/node_modules/….
const ours = (path) => !/(^|\/)node_modules\//.test(path);
process.stdout.write(JSON.stringify({
  cruised: summary.totalCruised,
  violations: summary.violations.map((v) => ({ rule: v.rule.name, from: v.from, to: v.to, cycle: v.cycle?.map((c) => c.name ?? c) })),
  unresolved: modules.flatMap((m) => m.dependencies.filter((d) => d.couldNotResolve).map((d) => `${m.source} -> ${d.module}`)),
  edges: modules.filter((m) => ours(m.source)).flatMap((m) => m.dependencies.filter((d) => !d.coreModule && !d.couldNotResolve && ours(d.resolved)).map((d) => ({
    from: m.source, to: d.resolved, typeOnly: d.dependencyTypes.includes('type-only'),
  }))),
}));
