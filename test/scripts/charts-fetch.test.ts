import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { parse, stringify } from 'yaml';
import { ADDONS } from '../../catalog/registry';
import { PULLED_FROM_FILE } from '../../scripts/lib/chart-cache';
import { pinnedChartData } from '../support/chart-data';
import { kubectlLayerBinaries } from '../support/kubectl-layer';

/**
 * scripts/charts-fetch.ts at the process boundary: a stand-in `helm` on PATH (test/support/fake-cli)
 * serves charts from a folder laid out like the repositories, records every call, and hands
 * `helm template` to the real helm binary (rendering a local chart is offline).
 */

const ROOT = join(__dirname, '..', '..');
const TSX = join(ROOT, 'node_modules', '.bin', 'tsx');
const FAKE = join(ROOT, 'test', 'support', 'fake-cli', 'fake-cli.mjs');
const PINNED = [...new Map(ADDONS.map((a) => [a.chart.chart, a.chart])).values()];

const crd = (group: string, kind: string) => ({
  apiVersion: 'apiextensions.k8s.io/v1',
  kind: 'CustomResourceDefinition',
  metadata: { name: `${kind.toLowerCase()}s.${group}` },
  spec: { group, names: { kind, plural: `${kind.toLowerCase()}s` }, scope: 'Namespaced', versions: [{ name: 'v1', served: true, storage: true, schema: { openAPIV3Schema: { type: 'object', properties: { spec: { type: 'object', properties: { size: { type: 'integer' } } } } } } }] },
});

function write(path: string, text: string): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, text);
}

/** A chart repository with every pinned chart; the three CRD shapes real charts use. */
function chartRepo(skip: string[] = []): string {
  const repo = mkdtempSync(join(tmpdir(), 'pb-chart-repo-'));
  for (const c of PINNED.filter((p) => !skip.includes(p.chart))) {
    const dir = join(repo, c.repoURL.replace(/^https?:\/\//, ''), c.chart, c.version);
    write(join(dir, 'Chart.yaml'), stringify({ apiVersion: 'v2', name: c.chart, version: c.version }));
    write(join(dir, 'values.yaml'), stringify({ replicaCount: 1, crds: { install: true } }));
    write(join(dir, 'templates', 'deployment.yaml'), 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: {{ .Release.Name }}\n');
    if (c.chart === 'argo-cd') {
      // Argo charts template their CRDs (templates/crds/*.yaml behind .Values.crds.install).
      write(join(dir, 'templates', 'crds', 'crd-application.yaml'), `{{- if .Values.crds.install }}\n${stringify(crd('argoproj.io', 'Application'))}{{- end }}\n`);
    } else if (c.chart === 'kube-prometheus-stack') {
      // Its CRDs sit in the crds subchart's crds/ folder.
      write(join(dir, 'charts', 'crds', 'Chart.yaml'), stringify({ apiVersion: 'v2', name: 'crds', version: '0.0.0' }));
      write(join(dir, 'charts', 'crds', 'crds', 'crd-servicemonitors.yaml'), stringify(crd('monitoring.coreos.com', 'ServiceMonitor')));
    } else if (c.chart === 'external-secrets') {
      write(join(dir, 'crds', 'bundle.yaml'), `${stringify(crd('external-secrets.io', 'ExternalSecret'))}---\n${stringify(crd('external-secrets.io', 'SecretStore'))}`);
      write(join(dir, 'values.schema.json'), JSON.stringify({ type: 'object' }));
    }
  }
  return repo;
}

function run(repo: string, out: string, args: string[] = []) {
  const dir = mkdtempSync(join(tmpdir(), 'pb-fetch-'));
  const bin = join(dir, 'bin');
  mkdirSync(bin);
  write(join(bin, 'helm'), `#!/bin/sh\nexec "${process.execPath}" "${FAKE}" helm "$@"\n`);
  chmodSync(join(bin, 'helm'), 0o755);
  writeFileSync(join(dir, 'state.json'), '{}');
  writeFileSync(join(dir, 'calls.jsonl'), '');
  const r = spawnSync(TSX, [join(ROOT, 'scripts', 'charts-fetch.ts'), '--out', out, ...args], {
    cwd: ROOT,
    encoding: 'utf8',
    env: { PATH: `${bin}:${dirname(process.execPath)}:/usr/bin:/bin`, HOME: dir, FAKE_STATE: join(dir, 'state.json'), FAKE_LOG: join(dir, 'calls.jsonl'), FAKE_CHART_REPO: repo, FAKE_REAL_HELM: kubectlLayerBinaries().helm },
  });
  const calls = readFileSync(join(dir, 'calls.jsonl'), 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as { args: string[]; exit: number });
  return { ...r, calls };
}

describe('npx projen charts:fetch', () => {
  const repo = chartRepo();
  const out = join(mkdtempSync(join(tmpdir(), 'pb-cache-')), 'charts');
  const first = run(repo, out);

  test('pulls exactly the pinned version of every add-on chart, OCI repositories as oci://', () => {
    expect([first.status, first.stderr]).toEqual([0, '']);
    const pulls = first.calls.filter((c) => c.args[0] === 'pull').map((c) => c.args.slice(0, -1));
    expect(pulls).toHaveLength(PINNED.length);
    for (const c of PINNED) {
      const ref = c.repoURL.startsWith('https://') ? [c.chart, '--repo', c.repoURL] : [`oci://${c.repoURL}/${c.chart}`];
      expect(pulls).toContainEqual(['pull', ...ref, '--version', c.version, '--untar', '--untardir']);
    }
    expect(pulls).toContainEqual(['pull', 'oci://registry.k8s.io/kro/charts/kro', '--version', '0.9.3', '--untar', '--untardir']);
    expect(first.stdout).toMatch(new RegExp(`\\[${PINNED.length}/${PINNED.length}\\] .*pulled from`));
  });

  test('lays out <chart>/<version>/ like ../shared/charts, CRDs from crds/, subcharts and templates/crds', () => {
    const ls = (c: string) => readdirSync(join(out, c, PINNED.find((p) => p.chart === c)!.version, 'crds')).sort();
    expect(ls('argo-cd')).toEqual(['applications.argoproj.io.yaml']);
    expect(ls('kube-prometheus-stack')).toEqual(['servicemonitors.monitoring.coreos.com.yaml']);
    expect(ls('external-secrets')).toEqual(['externalsecrets.external-secrets.io.yaml', 'secretstores.external-secrets.io.yaml']);
    const argo = PINNED.find((p) => p.chart === 'argo-cd')!;
    const rendered = parse(readFileSync(join(out, 'argo-cd', argo.version, 'crds', 'applications.argoproj.io.yaml'), 'utf8'));
    expect(rendered.spec.names.kind).toBe('Application');
    expect(readFileSync(join(out, 'argo-cd', argo.version, PULLED_FROM_FILE), 'utf8').trim()).toBe(argo.repoURL);
    // What the checks read: the same loader, pointed at the fetched cache first.
    const eso = ADDONS.find((a) => a.id === 'external-secrets')!;
    const data = pinnedChartData(eso, { PLATFORM_CHART_CACHE: out });
    expect(data!.dir).toBe(join(out, 'external-secrets', eso.chart.version));
    expect([data!.crds.map((c) => c.spec.names.kind), data!.valuesSchema]).toEqual([['ExternalSecret', 'SecretStore'], { type: 'object' }]);
  });

  test('is idempotent: a second run pulls nothing', () => {
    const again = run(repo, out);
    expect(again.status).toBe(0);
    expect(again.calls).toEqual([]);
    expect(again.stdout.match(/already present/g)).toHaveLength(PINNED.length);
  });

  test('fails when a pinned version is not published, naming the chart, and still fetches the others', () => {
    const partialOut = join(mkdtempSync(join(tmpdir(), 'pb-cache-')), 'charts');
    const r = run(chartRepo(['kro']), partialOut);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/kro 0\.9\.3: FAILED — Error: oci:\/\/registry\.k8s\.io\/kro\/charts\/kro:0\.9\.3: not found/);
    expect(existsSync(join(partialOut, 'kro'))).toBe(false);
    expect(existsSync(join(partialOut, 'argo-cd'))).toBe(true);
  });

  test('--help prints the usage and touches nothing', () => {
    const r = run(repo, join(tmpdir(), 'never'), ['--help']);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('Usage: npx projen charts:fetch');
    expect(r.calls).toEqual([]);
  });
});
