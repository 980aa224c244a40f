import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { resolveConfig } from '../../config/resolve-config';
import { appContext, synthPlatform } from '../support/synth-platform';
import { rawConfigWithSpokes } from '../support/test-config';

// cdk.json runs the CDK app as a cached esbuild bundle with plain node (blueprints/run-app.cjs), not
// through tsx: these tests hold the bundle to the TypeScript source it stands for, and the cache to
// the content of the sources.
const ROOT = join(__dirname, '..', '..');
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { bundledApp } = require('../../blueprints/app-bundle.cjs') as { bundledApp: (o: { root: string; entry: string; cacheDir: string }) => string };

/** Runs the app the way the CDK CLI does (context and output folder in the environment; https://github.com/aws/aws-cdk-cli, cx-api CDK_CONTEXT_JSON / CDK_OUTDIR). */
function runApp(context: Record<string, unknown>): { status: number | null; stderr: string; outdir: string } {
  const outdir = mkdtempSync(join(tmpdir(), 'pb-app-bundle-out-'));
  const r = spawnSync(process.execPath, [join(ROOT, 'blueprints', 'run-app.cjs')], {
    cwd: ROOT,
    encoding: 'utf8',
    env: { ...process.env, CDK_CONTEXT_JSON: JSON.stringify(context), CDK_OUTDIR: outdir },
  });
  return { status: r.status, stderr: r.stderr, outdir };
}

/** A platform.config.ts-like module: definePlatform() around `body`, imported the way the fork's file does. */
function configModule(body: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'pb-app-bundle-config-'));
  const file = join(dir, 'platform.config.ts');
  writeFileSync(file, `import { definePlatform } from ${JSON.stringify(join(ROOT, 'config'))};\nexport default definePlatform(${body});\n`);
  return file;
}

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const templates = (outdir: string) => Object.fromEntries(
  readdirSync(outdir).filter((f) => f.endsWith('.template.json')).map((f) => [f, readFileSync(join(outdir, f), 'utf8')]),
);

describe('the CDK app as cdk.json runs it (bundled, plain node)', () => {
  test('synthesizes byte for byte the templates of the TypeScript source, from a .ts config module', () => {
    const raw = rawConfigWithSpokes(1);
    const config = resolveConfig(raw);
    const bundled = runApp({ ...appContext(config), platformConfig: configModule(JSON.stringify(raw)) });
    expect(bundled.stderr.trim()).toBe(''); // CDK's policy validation prints an empty line when all checks pass
    expect(bundled.status).toBe(0);
    const source = templates(synthPlatform(config).outdir);
    expect(Object.keys(source).sort()).toEqual(['test-hub.template.json', 'test-spoke1.template.json']);
    expect(templates(bundled.outdir)).toEqual(source);
  }, 180_000);

  test('fails when the config module has a syntax error: file:line:column and the hint, as before the bundle', () => {
    const file = configModule("{ name: 'acme' domain: 'x' }");
    const r = runApp({ platformConfig: file });
    // Line 2 is `export default definePlatform({ name: 'acme' domain: 'x' });`: `domain` starts at column 46.
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(new RegExp(`^${escapeRegExp(file)}:2:46: Expected "}" but found "domain"\n {2}hint: fix the TypeScript syntax[^\n]*\n$`));
  }, 60_000);

  test('fails when the config module throws while loading: file:line:column of the throwing call', () => {
    const file = configModule('{}');
    writeFileSync(file, `${readFileSync(file, 'utf8')}undefinedHelper();\n`);
    const r = runApp({ platformConfig: file });
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(new RegExp(`^${escapeRegExp(file)}:3:1: ReferenceError: undefinedHelper is not defined\n {2}hint: [^\n]+\n$`));
  }, 60_000);
});

describe('bundledApp() cache', () => {
  const root = mkdtempSync(join(tmpdir(), 'pb-app-bundle-src-'));
  const cacheDir = join(root, '.cache');
  const entry = join(root, 'main.ts');
  writeFileSync(entry, "import { answer } from './dep';\nconsole.log(answer);\n");
  writeFileSync(join(root, 'dep.ts'), 'export const answer: number = 41;\n');

  test('reuses the build while no source changed and rebuilds when one did', () => {
    const first = bundledApp({ root, entry, cacheDir });
    expect(readFileSync(first, 'utf8')).toContain('41');
    expect(bundledApp({ root, entry, cacheDir })).toBe(first);
    writeFileSync(join(root, 'dep.ts'), 'export const answer: number = 42;\n');
    const second = bundledApp({ root, entry, cacheDir });
    expect(second).not.toBe(first);
    expect(readFileSync(second, 'utf8')).toContain('42');
    // Back to the first content: the first build is found again by its content hash.
    writeFileSync(join(root, 'dep.ts'), 'export const answer: number = 41;\n');
    expect(bundledApp({ root, entry, cacheDir })).toBe(first);
  });

  test('fails when a source does not compile: esbuild names file, line and column', () => {
    writeFileSync(join(root, 'dep.ts'), 'export const answer: number = ;\n');
    expect(() => bundledApp({ root, entry, cacheDir })).toThrow(/^The CDK app does not compile:\ndep\.ts:1:31: Unexpected ";"/);
  });
});
