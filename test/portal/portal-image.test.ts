import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { portalImageRepository } from '../../contract/platform-pipeline';
import { addonById } from '../../catalog/registry';
import { backstageValues } from '../../gitops/addon-config/backstage';
import { PORTAL_DIR, portalImage, portalSourceTag } from '../../gitops/portal-image';
import { PORTAL_APP_CONFIG_FILE, portalAppConfig } from '../../gitops/portal-app-config';
import { pinnedChartData } from '../support/chart-data';

const backstage = addonById('backstage');
import { forkLikeConfig } from '../support/test-config';

/**
 * The portal image without Docker: portal/Dockerfile read as Docker reads it (instructions, stages,
 * https://docs.docker.com/reference/dockerfile/) and checked against Backstage's multi-stage recipe
 * (https://backstage.io/docs/deployment/docker#multi-stage-build) and what the add-on runs.
 */
const DOCKERFILE = readFileSync(join(PORTAL_DIR, 'Dockerfile'), 'utf8');

interface Instruction { op: string; args: string }

/** Instructions with line continuations joined and comments dropped (the Dockerfile grammar). */
function instructions(text: string): Instruction[] {
  return text.replace(/\\\n/g, ' ').split('\n').map((l) => l.trim()).filter((l) => l && !l.startsWith('#'))
    .map((l) => { const [op, ...rest] = l.split(/\s+/); return { op: op.toUpperCase(), args: rest.join(' ') }; });
}

/** Stages: each FROM starts one; the last is the image. ARGs before the first FROM are its build args. */
function stages(all: Instruction[]): { from: string; name?: string; body: Instruction[] }[] {
  const out: { from: string; name?: string; body: Instruction[] }[] = [];
  for (const i of all) {
    if (i.op === 'FROM') {
      const [from, as, name] = i.args.split(/\s+/);
      out.push({ from, name: as?.toUpperCase() === 'AS' ? name : undefined, body: [] });
    } else if (out.length) out[out.length - 1].body.push(i);
  }
  return out;
}

const all = instructions(DOCKERFILE);
const globalArgs = Object.fromEntries(all.slice(0, all.findIndex((i) => i.op === 'FROM')).filter((i) => i.op === 'ARG').map((i) => i.args.split('=') as [string, string]));
const [build, runtime, ...more] = stages(all);
// The pinned chart's defaults (../shared/charts/backstage/2.4.0): the keys the add-on sets must exist there.
const chartDefaults = pinnedChartData(backstage)!.values as { backstage: { command: string[]; image: Record<string, unknown> } };
const resolveArg = (s: string) => s.replace(/\$\{(\w+)\}/g, (_, k: string) => globalArgs[k] ?? `\${${k}}`);

describe('portal/Dockerfile', () => {
  test('two stages: a build stage and a runtime from the same pinned Node image', () => {
    expect(more).toEqual([]);
    expect(build.name).toBe('build');
    for (const stage of [build, runtime]) {
      // An exact version tag (or a digest): never `latest`, never a floating major.
      expect(resolveArg(stage.from)).toMatch(/^node:\d+\.\d+\.\d+-[a-z]+-slim$|@sha256:[0-9a-f]{64}$/);
    }
    // The quickstart's Node: the image runs what the tests ran.
    const nodeVersion = /^NODE_VERSION=(.+)$/m.exec(readFileSync(join(PORTAL_DIR, '..', 'quickstart'), 'utf8'))![1];
    expect(resolveArg(runtime.from)).toBe(`node:${nodeVersion}-bookworm-slim`);
  });

  test('the build stage installs from the lockfiles and builds the app and the backend with backstage-cli', () => {
    const runs = build.body.filter((i) => i.op === 'RUN').map((i) => i.args).join('\n');
    expect(runs).toMatch(/npm ci --prefix packages\/app/);
    expect(runs).toMatch(/npm ci --prefix packages\/backend/);
    expect(runs).toMatch(/cd packages\/app && npx backstage-cli package build/);
    expect(runs).toMatch(/cd \.\.\/backend && npx backstage-cli package build/);
    expect(build.body.find((i) => i.op === 'USER')?.args).toBe('node');
  });

  test('the runtime runs as the unprivileged node user, production dependencies only, the add-on\'s command', () => {
    const users = runtime.body.filter((i) => i.op === 'USER').map((i) => i.args);
    expect(users[users.length - 1]).toBe('node');
    // Nothing after the last USER switches back or installs as root.
    const afterUser = runtime.body.slice(runtime.body.findIndex((i) => i.op === 'USER'));
    expect(afterUser.filter((i) => i.op === 'RUN' && /apt-get|sudo/.test(i.args))).toEqual([]);
    expect(afterUser.filter((i) => i.op === 'RUN' && /npm ci/.test(i.args)).map((i) => i.args)).toEqual([expect.stringContaining('--omit=dev')]);
    const cmd = JSON.parse(runtime.body.find((i) => i.op === 'CMD')!.args) as string[];
    const values = backstageValues(forkLikeConfig()).backstage as { args: string[] };
    // The chart's default command is `node packages/backend` (backstage 2.4.0 values.yaml); its args are ours.
    expect(cmd).toEqual([...chartDefaults.backstage.command, ...values.args]);
  });

  test('every COPY source from the context exists in portal/ (or is generated there by npx projen)', () => {
    const copies = all.filter((i) => i.op === 'COPY' && !/--from=/.test(i.args));
    const sources = copies.flatMap((i) => i.args.split(/\s+/).filter((a) => !a.startsWith('--')).slice(0, -1)).filter((s) => s !== '.');
    expect(sources.length).toBeGreaterThan(4);
    // The frontend's files come from portal-fe's packages/app; the platform app-config is generated.
    const missing = sources.filter((s) => !existsSync(join(PORTAL_DIR, s)) && `portal/${s}` !== PORTAL_APP_CONFIG_FILE);
    expect(missing).toEqual([]);
    // `--from=build` copies name paths the build stage produces (WORKDIR /app, the packages' dist folders).
    const fromBuild = all.filter((i) => i.op === 'COPY' && i.args.includes('--from=build')).map((i) => i.args.split(/\s+/).filter((a) => !a.startsWith('--'))[0]);
    expect(fromBuild).toEqual(['/app/packages/backend/dist', '/app/packages/app/package.json', '/app/packages/app/dist']);
  });
});

describe('the Backstage add-on runs the portal image', () => {
  const config = forkLikeConfig();
  const values = backstageValues(config).backstage as { image: Record<string, string> };

  test('image registry/repository/tag at the pinned chart\'s keys: the hub ECR, <prefix>/portal, the source tag', () => {
    const defaults = chartDefaults.backstage.image;
    expect(Object.keys(values.image).every((k) => k in defaults)).toBe(true);
    expect(values.image).toEqual({ registry: `${config.hub.account}.dkr.ecr.${config.hub.region}.amazonaws.com`, repository: portalImageRepository(config), tag: portalSourceTag() });
    expect(portalImage(config).tag).toMatch(/^src-[0-9a-f]{16}$/);
  });

  test('the source tag changes with any portal source file and ignores install output and the generated app-config', () => {
    const dir = mkdtempSync(join(tmpdir(), 'portal-tag-'));
    try {
      mkdirSync(join(dir, 'packages', 'backend', 'node_modules', 'x'), { recursive: true });
      writeFileSync(join(dir, 'Dockerfile'), 'FROM node:22.23.3-bookworm-slim\n');
      const first = portalSourceTag(dir);
      writeFileSync(join(dir, 'packages', 'backend', 'node_modules', 'x', 'index.js'), 'installed');
      writeFileSync(join(dir, 'app-config.platform.yaml'), 'generated: true\n');
      expect(portalSourceTag(dir)).toBe(first);
      writeFileSync(join(dir, 'Dockerfile'), 'FROM node:22.23.4-bookworm-slim\n');
      expect(portalSourceTag(dir)).not.toBe(first);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('the committed app-config.platform.yaml is what the add-on deploys for the repository\'s config', () => {
    // Read, not regenerated from platform.config.ts: test/your-platform.test.ts owns that comparison; here the
    // file must exist (the image COPYs it) and carry the add-on's keys.
    const committed = parse(readFileSync(join(PORTAL_DIR, '..', PORTAL_APP_CONFIG_FILE), 'utf8')) as Record<string, unknown>;
    expect(Object.keys(committed).sort()).toEqual(Object.keys(portalAppConfig(config)).sort());
  });
});
