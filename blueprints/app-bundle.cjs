'use strict';
// The CDK app as one pre-bundled CommonJS file, cached by the content hash of its sources.
//
// Why: `cdk synth` used to run `node --require tsx/cjs blueprints/main.ts`. tsx's require hook then
// sits on EVERY require of the process, including the thousands inside aws-cdk-lib, eks-blueprints
// and cdk-nag: ~0.9 s of CPU per synth (profiled with `node --cpu-prof`; bench: README Benchmarks),
// while the transform of our own ~70 files is cached and cheap. Bundling our sources once with
// esbuild (the transformer tsx itself uses) and running the bundle with plain node removes the hook;
// packages stay external, so aws-cdk-lib & co. load exactly as in any CDK app.
//
// Plain JavaScript on purpose: node runs it with no TypeScript loader at all.
const { createHash } = require('node:crypto');
const { existsSync, mkdirSync, readdirSync, readFileSync, realpathSync, renameSync, rmSync, statSync, writeFileSync } = require('node:fs');
const { dirname, join, relative } = require('node:path');

const sha256 = (data) => createHash('sha256').update(data).digest('hex');

/**
 * esbuild as tsx resolves it (a dependency of tsx, our pinned devDependency): the same transformer
 * that ran our TypeScript before, without adding a package.
 */
function loadEsbuild() {
  const tsxDir = dirname(require.resolve('tsx/package.json'));
  return require(require.resolve('esbuild', { paths: [tsxDir] }));
}

/** Options that shape the bundle; part of the cache key, so changing them rebuilds. */
function buildOptions(root, entry, outfile) {
  return {
    absWorkingDir: root,
    entryPoints: [relative(root, entry)],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node22',
    // Packages load from node_modules as in any CDK app (and as the bare eks-blueprints app does);
    // only the project's own TypeScript is bundled.
    packages: 'external',
    // Stack traces (error output, CDK's creationStack metadata) point at the .ts sources.
    sourcemap: true,
    sourcesContent: false,
    metafile: true,
    write: false,
    logLevel: 'silent',
  };
}

/** True when every source recorded in `manifest` still has the recorded content hash. */
function upToDate(root, cacheDir, manifest) {
  if (!manifest || !existsSync(join(cacheDir, manifest.dir, 'app.cjs'))) return false;
  return Object.entries(manifest.inputs).every(([file, hash]) => {
    try {
      return sha256(readFileSync(join(root, file))) === hash;
    } catch {
      return false;
    }
  });
}

function readManifest(path) {
  try {
    return JSON.parse(readFileSync(path, 'utf8'));
  } catch {
    return undefined;
  }
}

/**
 * Returns the path of the bundled `entry` (a .ts file under `root`), building it when any of its
 * sources changed since the cached build. Concurrent synths are safe: each build goes to a fresh
 * folder renamed into place, named by the hash of its inputs, and the manifest is replaced atomically.
 */
function bundledApp({ root, entry, cacheDir: cacheFolder }) {
  const esbuild = loadEsbuild();
  // The source map's paths are relative to where the bundle really is (node reads it by its real
  // path), and each checkout has its own manifest even when the cache folder is shared.
  mkdirSync(cacheFolder, { recursive: true });
  const cacheDir = realpathSync(cacheFolder);
  const key = sha256(JSON.stringify({ esbuild: esbuild.version, options: buildOptions(root, entry, 'app.cjs'), root }));
  const manifestPath = join(cacheDir, `manifest-${key.slice(0, 16)}.json`);
  const cached = readManifest(manifestPath);
  if (upToDate(root, cacheDir, cached)) return join(cacheDir, cached.dir, 'app.cjs');

  const tmp = join(cacheDir, `.build-${process.pid}-${Date.now()}`);
  let result;
  try {
    result = esbuild.buildSync(buildOptions(root, entry, join(tmp, 'app.cjs')));
  } catch (err) {
    // esbuild's own report (file:line:column: message) is what the author needs, not our stack.
    const errors = (err && err.errors) || [];
    const lines = errors.map((e) => (e.location ? `${e.location.file}:${e.location.line}:${e.location.column + 1}: ${e.text}` : e.text));
    throw new Error(`The CDK app does not compile:\n${lines.length ? lines.join('\n') : String(err)}`);
  }
  const inputs = {};
  for (const [file, { bytes }] of Object.entries(result.metafile.inputs)) {
    const content = readFileSync(join(root, file));
    // A file edited while esbuild read it: run what was built, but do not cache it under the new hash.
    if (content.length !== bytes) return writeBuild(tmp, result, undefined);
    inputs[file] = sha256(content);
  }
  const dir = sha256(JSON.stringify([key, inputs])).slice(0, 16);
  const final = join(cacheDir, dir);
  if (!existsSync(join(final, 'app.cjs'))) {
    writeBuild(tmp, result, final);
  }
  rmSync(tmp, { recursive: true, force: true });
  const manifestTmp = `${manifestPath}.${process.pid}`;
  writeFileSync(manifestTmp, JSON.stringify({ dir, inputs }, null, 1));
  renameSync(manifestTmp, manifestPath);
  prune(cacheDir);
  return join(final, 'app.cjs');
}

/** Removes builds no manifest points at any more (an hour old, so a synth still starting from one keeps it). */
function prune(cacheDir) {
  const entries = readdirSync(cacheDir);
  const live = new Set(entries.filter((f) => f.startsWith('manifest-') && f.endsWith('.json')).map((f) => readManifest(join(cacheDir, f))?.dir));
  for (const f of entries) {
    const path = join(cacheDir, f);
    if (f.startsWith('manifest-') || live.has(f)) continue;
    try {
      if (Date.now() - statSync(path).mtimeMs > 3600_000) rmSync(path, { recursive: true, force: true });
    } catch {
      // Removed by a concurrent synth.
    }
  }
}

/** Writes esbuild's output files into `tmp`, then renames `tmp` to `final` (when given); returns the bundle's path. */
function writeBuild(tmp, result, final) {
  mkdirSync(tmp, { recursive: true });
  for (const file of result.outputFiles) writeFileSync(file.path, file.contents);
  if (!final) return join(tmp, 'app.cjs');
  try {
    renameSync(tmp, final);
  } catch (err) {
    // Another synth renamed the same build into place first: identical content, keep theirs.
    if (!existsSync(join(final, 'app.cjs'))) throw err;
  }
  return join(final, 'app.cjs');
}

module.exports = { bundledApp };
