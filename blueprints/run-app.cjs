'use strict';
// The CDK app command (cdk.json "app"): runs blueprints/main.ts as a cached esbuild bundle with plain
// node, without a TypeScript loader hooked into every require (why: app-bundle.cjs).
const { join } = require('node:path');
const { bundledApp } = require('./app-bundle.cjs');

let app;
try {
  app = bundledApp({ root: join(__dirname, '..'), entry: join(__dirname, 'main.ts'), cacheDir: join(__dirname, '..', '.cache', 'cdk-app') });
} catch (err) {
  process.stderr.write(`${err.message}\n`);
  process.exit(1);
}
// Errors and CDK's creationStack metadata name the .ts sources (the bundle has a source map).
process.setSourceMapsEnabled(true);
require(app);
