import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';

/**
 * The layering of docs/architecture.md, checked by dependency-cruiser 18 (a maintained import-graph tool) with
 * the rule set in .dependency-cruiser.cjs: no cycles, no upward imports, the generators never import each
 * other, nothing imports scripts/, projenrc/, bench/ or an entry point.
 */
const ROOT = resolve(__dirname, '..');
const RULES = join(ROOT, '.dependency-cruiser.cjs');
const CRUISER = join(ROOT, 'node_modules', 'dependency-cruiser');
const SOURCE_DIRS = ['catalog', 'config', 'contract', 'blueprints', 'gitops', 'golden-paths', 'scripts', 'projenrc', 'bench'];

interface Edge { readonly from: string; readonly to: string; readonly typeOnly: boolean }
interface CruiseResult {
  readonly cruised: number;
  readonly violations: readonly { rule: string; from: string; to: string; cycle?: string[] }[];
  readonly unresolved: readonly string[];
  readonly edges: readonly Edge[];
}

function cruiseTree(root: string, paths: readonly string[]): CruiseResult {
  const out = execFileSync(process.execPath, [join(__dirname, 'support', 'cruise-layers.mjs'), CRUISER, RULES, 'tsconfig.json', ...paths], {
    cwd: root, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024,
  });
  return JSON.parse(out) as CruiseResult;
}

/** The folder of a file, or `entry points` for the executables nothing may import. */
function folderOf(file: string): string {
  return /^(blueprints\/main\.ts|\.projenrc\.ts)$/.test(file) ? 'entry points' : file.split('/')[0];
}

/** The floor of a file: the generators share one, and so do the folders on top (they may import each other). */
function floorOf(file: string): string {
  const folder = folderOf(file);
  if (['blueprints', 'gitops', 'golden-paths'].includes(folder)) return 'generators';
  if (['scripts', 'projenrc', 'bench', 'entry points'].includes(folder)) return 'top';
  return folder;
}

/** Floors in the longest chain of run-time imports between top folders (type-only imports are erased). */
function floorCount(edges: readonly Edge[]): { floors: number; chain: string[] } {
  const next = new Map<string, Set<string>>();
  // test/ may import anything (bench/ reuses its fixtures); it is not a floor.
  for (const e of edges.filter((x) => !x.typeOnly && folderOf(x.from) !== 'test' && folderOf(x.to) !== 'test')) {
    const [a, b] = [floorOf(e.from), floorOf(e.to)];
    if (a !== b) next.set(a, new Set([...(next.get(a) ?? []), b]));
  }
  const memo = new Map<string, string[]>();
  const longest = (node: string, path: string[]): string[] => {
    if (path.includes(node)) throw new Error(`folder cycle: ${[...path, node].join(' → ')}`);
    if (!memo.has(node)) {
      const below = [...(next.get(node) ?? [])].map((n) => longest(n, [...path, node]));
      memo.set(node, [node, ...below.reduce((best, c) => (c.length > best.length ? c : best), [] as string[])]);
    }
    return memo.get(node)!;
  };
  const chains = [...next.keys()].map((n) => longest(n, []));
  const chain = chains.reduce((best, c) => (c.length > best.length ? c : best), [] as string[]);
  return { floors: chain.length, chain: chain.reverse() };
}

describe('architecture', () => {
  let result: CruiseResult;
  beforeAll(() => {
    result = cruiseTree(ROOT, [...SOURCE_DIRS, '.projenrc.ts']);
  });

  test('the rule set cruised the whole source tree, every import resolved', () => {
    // A rule set that saw nothing would report no violations: check it saw each floor and resolved every import.
    const seen = new Set(result.edges.map((e) => folderOf(e.from)));
    expect([...seen]).toEqual(expect.arrayContaining([...SOURCE_DIRS, 'entry points']));
    expect(result.cruised).toBeGreaterThan(150);
    expect(result.unresolved).toEqual([]);
  });

  test('no cycles, no upward imports, generators side by side, nothing imports the top', () => {
    expect(result.violations).toEqual([]);
  });

  test('the floors, bottom up, are at most 6: catalog → contract → config → generators → top', () => {
    const { floors, chain } = floorCount(result.edges);
    // Reported for the measure (≤ 6 floors).
    console.log(`import floors: ${floors} (${chain.join(' → ')})`);
    expect(floors).toBeLessThanOrEqual(6);
    expect(chain).toEqual(['catalog', 'contract', 'config', 'generators', 'top']);
  });
});

describe('architecture rules on a fixture tree', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'layers-'));
    const files: Record<string, string> = {
      'tsconfig.json': JSON.stringify({ compilerOptions: { module: 'NodeNext', moduleResolution: 'nodenext', strict: true, noEmit: true }, include: ['**/*.ts'] }),
      'catalog/data.ts': "import { P } from '../contract/p';\nexport const D = P;\n",
      'contract/p.ts': "import { Q } from './q';\nexport const P = 1;\nexport const P2 = Q;\n",
      'contract/q.ts': "import { P } from './p';\nexport const Q = 2;\nexport const Q2 = P;\n",
      'contract/reads-shape.ts': "import type { Shape } from '../config/resolved-config';\nexport const s = (x: Shape) => x;\n",
      'contract/reads-code.ts': "import { DEFAULT } from '../config/resolved-config';\nexport const d = DEFAULT;\n",
      'config/resolved-config.ts': 'export interface Shape { readonly a: number }\nexport const DEFAULT = 1;\n',
      'config/upward.ts': "import { R } from '../gitops/render';\nexport const U = R;\n",
      'gitops/render.ts': "import { S } from '../blueprints/stack';\nexport const R = S;\n",
      'blueprints/stack.ts': "import { T } from '../scripts/tool';\nexport const S = T;\n",
      'scripts/tool.ts': 'export const T = 1;\n',
    };
    for (const [file, text] of Object.entries(files)) {
      mkdirSync(dirname(join(dir, file)), { recursive: true });
      writeFileSync(join(dir, file), text);
    }
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  test('fails when a module imports across the layers: every broken rule is reported at its import', () => {
    const found = cruiseTree(dir, ['catalog', 'contract', 'config', 'gitops', 'blueprints', 'scripts']).violations.map((v) => `${v.rule}: ${v.from} -> ${v.to}`);
    expect(found.sort()).toEqual([
      'catalog-imports-nothing-of-ours: catalog/data.ts -> contract/p.ts',
      'config-below-generators: config/upward.ts -> gitops/render.ts',
      'contract-reads-config-types-only: contract/reads-code.ts -> config/resolved-config.ts',
      'generators-below-the-top: blueprints/stack.ts -> scripts/tool.ts',
      'gitops-imports-no-other-generator: gitops/render.ts -> blueprints/stack.ts',
      'no-circular: contract/p.ts -> contract/q.ts',
      'nothing-imports-the-top: blueprints/stack.ts -> scripts/tool.ts',
    ].sort());
  });
});
