import { configErrorOf } from '../support/config-error-of';
import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { entriesFromFolder } from '../../config/entries-from-folder';
import { resolveConfig } from '../../config/resolve-config';
import { rawTestConfig } from '../support/test-config';

/** A repository root holding `files` (repository-relative path → content). */
function repo(files: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), 'pb-platform-d-'));
  for (const [p, content] of Object.entries(files)) {
    mkdirSync(dirname(join(root, p)), { recursive: true });
    writeFileSync(join(root, p), content);
  }
  return root;
}

/** The fork's platform.config.ts shape: inline entries, then each folder spread in. */
function forkConfig(root: string) {
  const raw = rawTestConfig();
  return {
    ...raw,
    spokes: { ...raw.spokes, ...entriesFromFolder('platform.d/spokes', root) },
    teams: { ...raw.teams, ...entriesFromFolder('platform.d/teams', root) },
    applications: { ...raw.applications, ...entriesFromFolder('platform.d/applications', root) },
  };
}

const errorOf = (config: unknown) => configErrorOf(config, 'platform.config.ts');

const QA = 'environment: qa\naccount: "444444444444"\nregion: eu-west-1\nvpcCidr: 10.7.0.0/16\n';

describe('entriesFromFolder', () => {
  test('merges one entry per .yaml, .yml and .json file into its map', () => {
    const root = repo({
      'platform.d/spokes/qa.yaml': QA,
      'platform.d/teams/search.yml': 'sourceRepos: ["https://gitlab.example.com/search/*"]\n',
      'platform.d/applications/api.json': '{ "team": "search", "port": 9090 }',
      'platform.d/applications/README.md': 'not an entry',
    });
    const c = resolveConfig(forkConfig(root));
    expect(c.spokes.map((s) => s.name)).toEqual(['dev', 'prod', 'qa']);
    expect(c.teams.map((t) => t.name)).toEqual(['payments', 'search']);
    // No promotion: every environment in promotion order, the folder's spoke (declared last) last.
    expect(c.applications.find((a) => a.name === 'api')).toMatchObject({ team: 'search', port: 9090, promotion: ['dev', 'prod', 'qa'] });
  });

  test('a missing folder adds nothing', () => {
    expect(resolveConfig(forkConfig(repo({}))).spokes.map((s) => s.name)).toEqual(['dev', 'prod']);
  });

  test('names the file of a problem inside an entry that came from one', () => {
    const root = repo({ 'platform.d/spokes/qa.yaml': QA.replace('444444444444', '44') });
    expect(errorOf(forkConfig(root)).message).toContain('  spokes.qa.account (platform.d/spokes/qa.yaml): "44" — use the 12-digit AWS account ID');
  });

  /** [case, files, expected config path, expected message]. */
  const REJECTED: [string, Record<string, string>, string, RegExp][] = [
    [
      'a file has the name of an inline entry',
      { 'platform.d/spokes/dev.yaml': QA },
      'spokes.dev',
      /spokes\.dev: "dev" — defined twice: inline in the platform config \(spokes\.dev\) and in platform\.d\/spokes\/dev\.yaml; keep one of them/,
    ],
    [
      'two files have the same name',
      { 'platform.d/teams/search.json': '{}', 'platform.d/teams/search.yaml': 'namespaces: { dev: [search] }\n' },
      'teams.search',
      /teams\.search: "search" — defined twice: in platform\.d\/teams\/search\.json and in platform\.d\/teams\/search\.yaml/,
    ],
    [
      'a YAML file does not parse (file, line and column, no stack trace)',
      { 'platform.d/applications/web.yaml': 'team: payments\nport: [8080\n' },
      'applications.web',
      /applications\.web: "platform\.d\/applications\/web\.yaml" — platform\.d\/applications\/web\.yaml:\d+:\d+: .*; fix the YAML/,
    ],
    [
      'a YAML file repeats a key',
      { 'platform.d/applications/web.yaml': 'team: payments\nport: 8080\nport: 9090\n' },
      'applications.web',
      /platform\.d\/applications\/web\.yaml:3:1: Map keys must be unique; fix the YAML/,
    ],
    [
      'a JSON file repeats a key',
      { 'platform.d/applications/web.json': '{\n  "team": "payments",\n  "team": "other"\n}' },
      'applications.web',
      /platform\.d\/applications\/web\.json:3:3: Map keys must be unique; fix the JSON/,
    ],
    [
      'a file holds a "__proto__" key',
      { 'platform.d/teams/search.yaml': '__proto__:\n  quota: { cpu: "999" }\n' },
      'teams.search.__proto__',
      /teams\.search\.__proto__ \(platform\.d\/teams\/search\.yaml\): "__proto__" — "__proto__" is not a valid key; remove it/,
    ],
    [
      'a file is named "__proto__"',
      { 'platform.d/teams/__proto__.yaml': 'quota: { cpu: "999" }\n' },
      'teams.__proto__',
      /"__proto__" is not a valid name; rename platform\.d\/teams\/__proto__\.yaml/,
    ],
    [
      'a file is empty',
      { 'platform.d/spokes/qa.yaml': '' },
      'spokes.qa',
      /platform\.d\/spokes\/qa\.yaml: must hold a mapping of the entry's fields \(it holds nothing\)/,
    ],
    [
      'a file holds a list',
      { 'platform.d/spokes/qa.yaml': '- a\n- b\n' },
      'spokes.qa',
      /it holds a list/,
    ],
  ];

  test.each(REJECTED)('fails when %s', (_case, files, path, message) => {
    const err = errorOf(forkConfig(repo(files)));
    expect(err.problems.map((p) => p.path)).toContain(path);
    expect(err.message).toMatch(message);
    expect(err.message).toMatch(/^platform\.config\.ts has \d+ problems?:/);
    expect(err.message).not.toMatch(/\n\s+at /); // no stack trace
  });

  test('fails when the folder is outside the repository', () => {
    const root = repo({});
    const err = errorOf({ ...rawTestConfig(), spokes: { ...rawTestConfig().spokes, ...entriesFromFolder('../elsewhere', root) } });
    expect(err.message).toMatch(/spokes: "\.\.\/elsewhere" — \.\.\/elsewhere is outside the repository/);
  });

  test('fails when an entry file links outside the repository', () => {
    const outside = repo({ 'secret.yaml': QA });
    const root = repo({});
    mkdirSync(join(root, 'platform.d/spokes'), { recursive: true });
    symlinkSync(join(outside, 'secret.yaml'), join(root, 'platform.d/spokes/qa.yaml'));
    expect(errorOf(forkConfig(root)).message).toMatch(/spokes\.qa: "platform\.d\/spokes\/qa\.yaml" — platform\.d\/spokes\/qa\.yaml links outside the repository/);
  });

  test('reports every source problem together with the rest of the config\'s problems', () => {
    const root = repo({ 'platform.d/spokes/dev.yaml': QA, 'platform.d/applications/web.yaml': 'team: [\n' });
    const err = errorOf({ ...forkConfig(root), domain: 'nodots' });
    expect(err.problems.map((p) => p.path).sort()).toEqual(['applications.web', 'domain', 'spokes.dev']);
  });
});
