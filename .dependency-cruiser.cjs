/**
 * The layering rules of docs/architecture.md, in one file: run by test/architecture.test.ts (dependency-cruiser's
 * JS API, https://github.com/sverweij/dependency-cruiser/blob/main/doc/api.md) and usable as-is by the CLI
 * (`npx depcruise --config .dependency-cruiser.cjs catalog config contract blueprints gitops golden-paths scripts projenrc bench`).
 * Rule syntax: https://github.com/sverweij/dependency-cruiser/blob/main/doc/rules-reference.md
 *
 * Floors, bottom up (an arrow is "may import"):
 *   catalog/ → contract/ → config/ → { blueprints/, gitops/, golden-paths/ } → { scripts/, projenrc/, bench/, entry points }
 * contract/ reads the *type* of the resolved config (config/resolved-config.ts, type-only, erased at run time);
 * config/ validates the names contract/ derives, so it imports contract/ values.
 */
/** Every folder of ours above the catalog. */
const OURS = '^(config|contract|blueprints|gitops|golden-paths|scripts|projenrc|bench|test)/';
/** Executables nothing may import: the CDK app's entry (cdk.json runs it) and projen's. */
const ENTRY_POINTS = '^(blueprints/main\\.ts|\\.projenrc\\.ts)$';
const TOP = `^(scripts|projenrc|bench)/|${ENTRY_POINTS}`;
const GENERATORS = ['blueprints', 'gitops', 'golden-paths'];

/** @type {import('dependency-cruiser').IConfiguration['forbidden']} */
const forbidden = [
  {
    name: 'no-circular',
    severity: 'error',
    comment: 'No import cycle, type-only imports included: a cycle makes load order and ownership ambiguous.',
    from: {},
    to: { circular: true },
  },
  {
    name: 'catalog-imports-nothing-of-ours',
    severity: 'error',
    comment: 'catalog/ is the ground floor: plain data about add-ons, read by every other layer.',
    from: { path: '^catalog/' },
    to: { path: OURS },
  },
  {
    name: 'contract-only-on-catalog',
    severity: 'error',
    comment: 'contract/ (names, endpoints, derived AWS names) stands on catalog/; of config/ it reads only the resolved shape.',
    from: { path: '^contract/' },
    to: { path: '^(config|blueprints|gitops|golden-paths|scripts|projenrc|bench|test)/', pathNot: '^config/resolved-config\\.ts$' },
  },
  {
    name: 'contract-reads-config-types-only',
    severity: 'error',
    comment: 'contract/ may name the ResolvedConfig type, never import config/ code: config/ validates contract names, so a value import would be a cycle.',
    from: { path: '^contract/' },
    to: { path: '^config/resolved-config\\.ts$', dependencyTypesNot: ['type-only'] },
  },
  {
    name: 'config-below-generators',
    severity: 'error',
    comment: 'config/ stands on catalog/ and contract/; it never reads what is generated from it.',
    from: { path: '^config/' },
    to: { path: '^(blueprints|gitops|golden-paths|scripts|projenrc|bench|test)/' },
  },
  ...GENERATORS.map((g) => ({
    name: `${g}-imports-no-other-generator`,
    severity: 'error',
    comment: 'blueprints/, gitops/ and golden-paths/ stand side by side: what two of them share moves down into contract/.',
    from: { path: `^${g}/`, pathNot: ENTRY_POINTS },
    to: { path: `^(${GENERATORS.filter((o) => o !== g).join('|')})/` },
  })),
  {
    name: 'generators-below-the-top',
    severity: 'error',
    comment: 'Generators never import scripts, projen generators or the bench.',
    from: { path: `^(${GENERATORS.join('|')})/`, pathNot: ENTRY_POINTS },
    to: { path: TOP },
  },
  {
    name: 'nothing-imports-the-top',
    severity: 'error',
    comment: 'scripts/, projenrc/, bench/ and the entry points are on top: only they (among themselves) and test/ import them.',
    from: { pathNot: `${TOP}|^test/` },
    to: { path: TOP },
  },
  {
    name: 'no-entry-point-imports',
    severity: 'error',
    comment: 'An entry point runs on import (the CDK app synthesizes, .projenrc.ts writes files): nothing imports it.',
    from: {},
    to: { path: ENTRY_POINTS },
  },
];

module.exports = {
  forbidden,
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^(node_modules|cdk\\.out|gitops/manifests|golden-paths/templates|\\.cache)/' },
    // Type-only imports are edges too (cycles through types still tangle the layers), told apart by the rules above.
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    // Packages' `exports` maps (e.g. `tsx/cjs/api`), resolved the way Node's require does.
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['require', 'node', 'default', 'types'] },
  },
};
