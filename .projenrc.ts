import { awscdk, javascript, JsonFile, typescript } from 'projen';
import { PlatformArtifacts } from './projenrc/platform-artifacts';
import { FORK_OWNED_PATHS } from './projenrc/fork-owned-paths';
import { TemplateSyncWorkflows } from './projenrc/template-sync-workflows';
import { PlatformPipeline } from './projenrc/platform-pipeline';

// Versions are pinned exactly and upgraded deliberately (DESIGN §7, §8).
const CDK_VERSION = '2.261.0'; // pinned by @aws-quickstart/eks-blueprints 1.19.0
const CDK_CLI_VERSION = '2.1129.0';
const NODE22 = '22.23.3'; // the Node the project runs on; .ci/run and ./quickstart provide it

const project = new awscdk.AwsCdkTypeScriptApp({
  name: 'platform-blueprint',
  description: 'A forkable Internal Developer Platform on Amazon EKS: one typed config drives CDK, GitOps and Backstage golden paths.',
  license: 'Apache-2.0',
  copyrightOwner: 'Platform Blueprint authors',
  defaultReleaseBranch: 'main',
  packageManager: javascript.NodePackageManager.NPM,
  projenrcTs: true,
  projenrcTsOptions: { runner: typescript.TypeScriptRunner.tsx() },
  minNodeVersion: '22.0.0',
  workflowNodeVersion: NODE22,
  typescriptVersion: '~5.9.3',
  cdkVersion: CDK_VERSION,
  cdkVersionPinning: true,
  cdkCliVersion: CDK_CLI_VERSION,
  constructsVersion: '10.8.1',
  projenVersion: '0.103.25',
  // The CDK app lives in blueprints/; the other generators sit beside it at the top level.
  srcdir: 'blueprints',
  testdir: 'test',
  // Plain node on a cached esbuild bundle of blueprints/main.ts (blueprints/app-bundle.cjs says why:
  // tsx's require hook on every aws-cdk-lib require cost ~0.9 s CPU per synth, bench).
  app: 'node blueprints/run-app.cjs',
  requireApproval: awscdk.ApprovalLevel.NEVER,
  lambdaAutoDiscover: false,
  edgeLambdaAutoDiscover: false,
  integrationTestAutoDiscover: false,
  featureFlags: awscdk.CdkFeatureFlags.V2.ALL,
  context: {
    // Synth must be offline and deterministic: never look anything up.
    'aws-cdk:enableDiffNoFail': true,
  },
  // Tests run through our own jest config with @swc/jest (6x faster start than ts-jest on aws-cdk-lib).
  jest: false,
  eslint: false,
  prettier: false,
  github: false,
  buildWorkflow: false,
  release: false,
  depsUpgrade: false,
  pullRequestTemplate: false,
  sampleCode: false,
  package: false,
  deps: [
    '@aws-quickstart/eks-blueprints@1.19.0',
    'cdk8s@2.70.106',
    'cdk-nag@3.0.2',
    'zod@4.6.7',
    'zx@8.8.5',
    'yaml@2.9.1',
    'handlebars@4.7.10',
    'ipaddr.js@2.5.0',
    'ts-deepmerge@7.0.3',
    'smol-toml@1.9.1',
  ],
  devDeps: [
    'tsx@4.23.15',
    'jest@30.5.2',
    '@swc/jest@0.2.39',
    '@swc/core@1.16.18',
    '@types/jest@30.0.0',
    'ajv@8.20.0',
    'kubernetes-models@5.1.0',
    // No @backstage/* here: the golden-path tests load Backstage (catalog validators, the scaffolder the
    // hub runs) from the portal backend's own install, portal/packages/backend (test/support/portal-backend-modules.ts).
    // Layering rules (no cycles, no upward imports) checked in the suite: docs/architecture.md.
    'dependency-cruiser@18.7.2',
    'adm-zip@0.5.16',
    '@types/adm-zip@0.5.7',
  ],
  gitignore: ['/.state/', '/.cache/', '/cdk.out.*/', '/bench/results/'],
  tsconfig: {
    include: ['blueprints/**/*.ts', 'catalog/**/*.ts', 'config/**/*.ts', 'contract/**/*.ts', 'gitops/**/*.ts', 'golden-paths/**/*.ts', 'scripts/**/*.ts', 'test/**/*.ts', 'projenrc/**/*.ts', 'platform.config.ts', '.projenrc.ts'],
    // Skeletons are Nunjucks templates for Backstage, not TypeScript of ours.
    exclude: ['golden-paths/templates/**', 'node_modules', 'cdk.out'],
    compilerOptions: { rootDir: '.', noEmit: true, esModuleInterop: true, skipLibCheck: true, lib: ['es2022'], target: 'ES2022' },
  },
});

project.package.addEngine('node', '>=22');
// Not used: no Lambda bundling (esbuild) and the projenrc/CDK app run with tsx (not ts-node).
project.deps.removeDependency('esbuild');
project.deps.removeDependency('ts-node');
// `destroy` is the platform's ordered teardown (scripts/destroy.ts, below), not a bare `cdk destroy`.
project.tasks.removeTask('destroy');
project.tasks.removeTask('watch');
project.package.addField('type', 'commonjs');
// The npm registry reachable from our CI lacks some platforms' builds of newer releases; these
// versions have every platform's optional binary, so the committed lockfile stays complete and
// `npm ci` works from a clean clone (@swc/core is pinned above for the same reason).
project.package.addField('overrides', { 'unrs-resolver': '1.12.2' });

// --- tests: jest 30 + @swc/jest, mirrors the source tree under test/ ---
new JsonFile(project, 'jest.config.json', {
  obj: {
    testEnvironment: 'node',
    roots: ['<rootDir>/test'],
    testMatch: ['**/*.test.ts'],
    transform: { '^.+\\.ts$': ['@swc/jest', { jsc: { target: 'es2022' } }] },
    testTimeout: 120_000,
    maxWorkers: 2,
    // One temp folder for the run's CDK synths, removed at the end (test/support/synth-run-dir.ts).
    globalSetup: '<rootDir>/test/support/jest-global-setup.ts',
    globalTeardown: '<rootDir>/test/support/jest-global-teardown.ts',
  },
});
project.testTask.reset('jest --passWithNoTests=false', { receiveArgs: true });
project.compileTask.reset('tsc --noEmit -p tsconfig.json');
project.testTask.prependExec('tsc --noEmit -p tsconfig.json');

// --- the platform's own commands (README "Commands") ---
const tsx = (file: string) => `tsx ${file}`;
project.addTask('validate', {
  description: 'Validate platform.config.ts (or FILE: .ts/.json/.yaml) and report every problem',
  exec: tsx('scripts/validate.ts'),
  receiveArgs: true,
});
project.addTask('config', {
  description: 'Print the resolved config (defaults applied) as JSON on stdout',
  exec: tsx('scripts/print-config.ts'),
  receiveArgs: true,
});
// An argv, not a shell string: projen appends received args to a shell string unquoted, so
// `-c key=["a","b"]` lost its quotes and `-c 'k=a b'` split (node_modules/projen/lib/run-task.cjs,
// `[command, ...argsList].join(" ")`); an `execArgs` step is spawned without a shell.
const synthTask = project.tasks.tryFind('synth');
synthTask?.reset();
synthTask?.execArgs(['cdk', 'synth', '--quiet', '--no-notices', '--no-version-reporting'], { receiveArgs: true });
project.tasks.tryFind('synth:silent')?.reset('cdk synth -q --no-notices --no-version-reporting');
// projen points cdk.json's `build` at `npx projen bundle`, which the CDK CLI runs through a shell before
// every synth: with no Lambda bundles that task is empty, yet costs an npx + projen start (~0.45 s CPU,
// ~1.5 s wall per synth, bench). Add it back if a Lambda with bundling is ever added.
project.cdkConfig.json.addDeletionOverride('build');
// Every task first evaluates the manifest's PATH env; projen's default, `$(npx -c "node --print
// process.env.PATH")`, starts npm and node on each task run (~0.35 s CPU, ~1.5 s wall per `npx projen
// synth`, bench) just to put node_modules/.bin first. projen evaluates `$(…)` in its in-process shell
// (dax; node_modules/projen/lib/cli/task-runtime.js `shell()`), in the project root, so an `echo` does
// the same with no process at all.
project.tasks.addEnvironment('PATH', '$(echo "$PWD/node_modules/.bin:$PATH")');
project.addTask('demo', {
  description: 'Main job on the embedded example config: validate, synth offline, summarise what was produced',
  exec: tsx('scripts/demo.ts'),
  receiveArgs: true,
});
project.addTask('bootstrap', {
  description: 'Bring up hub, spokes and control plane end to end (--dry-run prints the plan)',
  exec: tsx('scripts/bootstrap.ts'),
  receiveArgs: true,
});
project.addTask('status', {
  description: 'Health and sync of every Argo CD application per cluster, live; non-zero when degraded',
  exec: tsx('scripts/status.ts'),
  receiveArgs: true,
});
project.addTask('destroy', {
  description: 'Ordered, safe teardown of the platform (--dry-run, --yes)',
  exec: tsx('scripts/destroy.ts'),
  receiveArgs: true,
});
project.addTask('portal', {
  description: 'Create/update the hub Backstage app (create-app + this platform\'s config); --check runs config:check and tsc (opt-in)',
  exec: tsx('scripts/portal.ts'),
  receiveArgs: true,
});
project.addTask('portal:screenshot', {
  description: 'Opt-in, heavy: install, type-check and build the portal frontend, run it against the portal backend (guest, SQLite in memory), screenshot catalog + entity page into docs/',
  exec: tsx('scripts/portal-screenshot.ts'),
  receiveArgs: true,
});
project.addTask('e2e:aws', {
  description: 'Opt-in real AWS run: bootstrap, status, destroy (costs money; never in the tests)',
  exec: tsx('scripts/e2e-aws.ts'),
  receiveArgs: true,
});
project.addTask('template-sync', {
  description: 'Merge upstream template changes into this fork (three-way; fork-owned paths kept)',
  exec: tsx('scripts/template-sync.ts'),
  receiveArgs: true,
});
project.addTask('charts:fetch', {
  description: 'helm pull exactly the pinned version of every add-on chart into .cache/charts (values, values schema, CRDs) for the chart checks',
  exec: tsx('scripts/charts-fetch.ts'),
  receiveArgs: true,
});
project.addTask('crds:import', {
  description: 'Generate typed constructs (gitops/imports/<group>.ts) with cdk8s import from the CRDs of the pinned chart versions',
  exec: tsx('scripts/crds-import.ts'),
  receiveArgs: true,
});
// cdk8s import writes gitops/imports/*.ts: mark them generated so reviews and code-duplication reports pass over them.
project.gitattributes.addAttributes('/gitops/imports/**', 'linguist-generated');
project.addTask('bench', {
  description: 'Benchmarks: regeneration, synth, render and test-suite figures (prints numbers, asserts nothing)',
  exec: tsx('bench/run.ts'),
  receiveArgs: true,
});

// The generated artifacts: GitOps tree, golden paths, docs — all from the one config.
const artifacts = new PlatformArtifacts(project, { forkOwnedPaths: FORK_OWNED_PATHS });

// Scheduled upgrades from the upstream template, for GitHub and for the platform's own GitLab.
new TemplateSyncWorkflows(project, { nodeVersion: NODE22 });

// The platform repository's own CI/CD: validate and diff merge requests, deploy the tracked branch.
new PlatformPipeline(project, { config: artifacts.config, nodeVersion: NODE22 });

project.synth();
