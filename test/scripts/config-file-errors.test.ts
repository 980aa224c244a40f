import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

// A broken platform.config.ts through the real `npx projen validate` path (tsx scripts/validate.ts,
// which loads the module with tsx/esbuild): the author gets `<file>:<line>:<column>: <message>` and
// one hint line, never a stack trace.
const ROOT = join(__dirname, '..', '..');
const TSX = join(ROOT, 'node_modules', '.bin', 'tsx');
const dir = mkdtempSync(join(tmpdir(), 'pb-config-file-'));
mkdirSync(join(dir, 'platform.d', 'spokes'), { recursive: true });

/** Writes `platform.config.ts` (one line per element) in a fork-like folder and validates it from there. */
function validate(lines: string[]): { status: number | null; stderr: string; stdout: string } {
  writeFileSync(join(dir, 'platform.config.ts'), [`import { definePlatform, entriesFromFolder } from ${JSON.stringify(join(ROOT, 'config'))};`, ...lines, ''].join('\n'));
  return spawnSync(TSX, [join(ROOT, 'scripts', 'validate.ts')], { cwd: dir, encoding: 'utf8' });
}

const GOOD = [
  'export default definePlatform({', //                                  line 2
  "  name: 'acme',", //                                                  line 3
  "  domain: 'platform.acme.example.com',", //                          line 4
  '  ingress: { createHostedZone: true },', //                           line 5
  "  hub: { account: '111111111111', region: 'eu-west-1', vpcCidr: '10.0.0.0/16' },", // line 6
  '  spokes: {', //                                                      line 7
  "    dev: { environment: 'dev', account: '222222222222', region: 'eu-west-1', vpcCidr: '10.1.0.0/16' },", // line 8
  "    ...entriesFromFolder('platform.d/spokes'),", //                  line 9
  '  },', //                                                             line 10
  "  admins: { principals: ['arn:aws:iam::111111111111:role/PlatformAdmin'] },", // line 11
  '});', //                                                              line 12
];
const noStack = (s: string) => expect(s).not.toMatch(/\n\s+at .+:\d+:\d+\)?\n|node_modules|esbuild/);

describe('npx projen validate on a broken platform.config.ts', () => {
  test('a good config is valid (the fixture itself is right)', () => {
    const r = validate(GOOD);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
  });

  test('fails when a comma is missing: file:line:column of the syntax error and a fix hint', () => {
    const lines = [...GOOD];
    lines[2] = "  domain: 'platform.acme.example.com'"; // no comma: esbuild stops at `ingress` on line 5
    const r = validate(lines);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/^platform\.config\.ts:5:3: Expected "}" but found "ingress"\n {2}hint: fix the TypeScript syntax at that spot[^\n]*\n$/);
    noStack(r.stderr);
  });

  test('fails when the module throws while loading: file:line:column of the throwing call, no stack', () => {
    const r = validate([...GOOD, 'undefinedHelper();']);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/^platform\.config\.ts:13:1: ReferenceError: undefinedHelper is not defined\n {2}hint: [^\n]+\n$/);
    noStack(r.stderr);
  });

  test('fails when values have the wrong type: every problem at once, each with its config path and file:line:column', () => {
    const lines = [...GOOD];
    lines[4] = "  hub: { account: 111111111111, region: 'eu-west-1', vpcCidr: '10.0.0.0/16', azCount: '3' },";
    lines[9] = "  admins: { principals: ['arn:aws:iam::111111111111:role/PlatformAdmin', 'not-an-arn'] },";
    writeFileSync(join(dir, 'platform.d', 'spokes', 'qa.yaml'), 'environment: qa\naccount: "222222222222"\nregion: [\n');
    try {
      const r = validate(lines);
      expect(r.status).toBe(1);
      expect(r.stderr).toMatch(/^platform\.config\.ts has 4 problems:\n/);
      expect(r.stderr).toContain('  hub.account (platform.config.ts:6:10): 111111111111 — ');
      expect(r.stderr).toContain('  hub.azCount (platform.config.ts:6:78): "3" — ');
      expect(r.stderr).toContain('  admins.principals.1 (platform.config.ts:11:74): "not-an-arn" — ');
      // The YAML error in platform.d/ comes in the same report, with its own file, line and column.
      // The entry's location is the spread it comes from.
      expect(r.stderr).toMatch(/\n {2}spokes\.qa \(platform\.config\.ts:9:5\): "platform\.d\/spokes\/qa\.yaml" — platform\.d\/spokes\/qa\.yaml:4:1: /);
      noStack(r.stderr);
    } finally {
      writeFileSync(join(dir, 'platform.d', 'spokes', 'qa.yaml'), 'environment: qa\naccount: "222222222222"\nregion: eu-west-1\nvpcCidr: 10.3.0.0/16\n');
    }
  });
});
