import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** One synthesized stack, read from cdk.out. */
export interface SynthesizedStack {
  readonly id: string;
  readonly resources: number;
  readonly bytes: number;
  readonly outputs: readonly string[];
}

/** Stacks of a cloud assembly (cdk.out), from its manifest. */
export function readCloudAssembly(outdir = 'cdk.out'): SynthesizedStack[] {
  const manifest = JSON.parse(readFileSync(join(outdir, 'manifest.json'), 'utf8')) as {
    artifacts: Record<string, { type: string; properties?: { templateFile?: string } }>;
  };
  return Object.entries(manifest.artifacts)
    .filter(([, a]) => a.type === 'aws:cloudformation:stack')
    .map(([id, a]) => {
      const file = join(outdir, a.properties!.templateFile!);
      const template = JSON.parse(readFileSync(file, 'utf8')) as { Resources?: object; Outputs?: object };
      return { id, resources: Object.keys(template.Resources ?? {}).length, bytes: statSync(file).size, outputs: Object.keys(template.Outputs ?? {}) };
    })
    .sort((a, b) => a.id.localeCompare(b.id));
}
