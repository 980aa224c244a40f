import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { loadConfig, loadResolvedConfig } from '../../config/load-config';
import { rawTestConfig } from '../support/test-config';

describe('loadConfig', () => {
  const dir = mkdtempSync(join(tmpdir(), 'pb-config-'));

  test('reads .json, .yaml and .ts of the same shape to the same resolved config', () => {
    writeFileSync(join(dir, 'c.json'), JSON.stringify(rawTestConfig()));
    writeFileSync(join(dir, 'c.yaml'), stringify(rawTestConfig()));
    writeFileSync(join(dir, 'c.ts'), `export default ${JSON.stringify(rawTestConfig())};`);
    const json = loadResolvedConfig(join(dir, 'c.json'));
    expect(loadResolvedConfig(join(dir, 'c.yaml'))).toEqual(json);
    expect(loadResolvedConfig(join(dir, 'c.ts'))).toEqual(json);
  });

  test('fails when the file type is not supported', () => {
    writeFileSync(join(dir, 'c.toml'), '');
    expect(() => loadConfig(join(dir, 'c.toml'))).toThrow(/unsupported config file type ".toml"; use .ts, .json or .yaml/);
  });

  test('names the file in validation errors', () => {
    writeFileSync(join(dir, 'bad.json'), JSON.stringify({ ...rawTestConfig(), domain: 'x' }));
    expect(() => loadResolvedConfig(join(dir, 'bad.json'))).toThrow(/bad\.json has 1 problem:\n {2}domain: "x" — /);
  });
});
