import { statSync } from 'node:fs';
import { CloudAssembly } from 'aws-cdk-lib/cx-api';

/** One synthesized stack, read from cdk.out. */
export interface SynthesizedStack {
  readonly id: string;
  readonly resources: number;
  readonly bytes: number;
  readonly outputs: readonly string[];
}

/**
 * Stacks of a cloud assembly (cdk.out), read by the CDK's own reader (`aws-cdk-lib/cx-api`), which
 * validates the manifest's schema version and resolves each stack's template file, rather than by
 * parsing manifest.json by hand.
 */
export function readCloudAssembly(outdir = 'cdk.out'): SynthesizedStack[] {
  return new CloudAssembly(outdir).stacks
    .map((stack) => {
      const template = stack.template as { Resources?: object; Outputs?: object };
      return { id: stack.id, resources: Object.keys(template.Resources ?? {}).length, bytes: statSync(stack.templateFullPath).size, outputs: Object.keys(template.Outputs ?? {}) };
    })
    .sort((a, b) => a.id.localeCompare(b.id));
}
