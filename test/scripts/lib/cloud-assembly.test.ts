import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { readCloudAssembly } from '../../../scripts/lib/cloud-assembly';
import { synthPlatform } from '../../support/synth-platform';
import { forkLikeConfig } from '../../support/test-config';

// readCloudAssembly() reads cdk.out through aws-cdk-lib/cx-api; checked against the files `cdk synth` wrote.
describe('readCloudAssembly()', () => {
  test('lists every synthesized stack with its resource count, size and outputs', () => {
    const { stacks, outdir } = synthPlatform(forkLikeConfig());
    const read = readCloudAssembly(outdir);
    const ids = [stacks.hub, ...stacks.spokes].map((s) => s.artifactId).sort((a, b) => a.localeCompare(b));
    expect(read.map((s) => s.id)).toEqual(ids);
    for (const s of read) {
      const file = join(outdir, `${s.id}.template.json`);
      const template = JSON.parse(readFileSync(file, 'utf8')) as { Resources: object; Outputs: object };
      expect(s).toEqual({ id: s.id, resources: Object.keys(template.Resources).length, bytes: statSync(file).size, outputs: Object.keys(template.Outputs) });
      expect(s.resources).toBeGreaterThan(0);
    }
  });
});
