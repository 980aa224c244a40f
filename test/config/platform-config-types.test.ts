import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { z } from 'zod';
import type { PlatformConfigInput } from '../../config/platform-config.generated';
import { definePlatform } from '../../config/resolve-config';
import type { platformSchema } from '../../config/schema';
import { renderConfigTypes } from '../../projenrc/config-types';
import { rawTestConfig } from '../support/test-config';

// Type-level: the documented interface IS the schema's input type. `tsc --noEmit` (the first step of
// `npx projen test`) fails on the lines below when they drift apart: a changed type, a field missing
// (even an optional one) or a changed optionality. Strict identity, not mutual assignability, which
// would let an optional field go missing (https://github.com/microsoft/TypeScript/issues/27024).
type Same<A, B> = (<T>() => T extends A ? 1 : 2) extends (<T>() => T extends B ? 1 : 2) ? true : false;
type Input = z.input<typeof platformSchema>;
const sameType: Same<PlatformConfigInput, Input> = true;
const sameHub: Same<PlatformConfigInput['hub'], Input['hub']> = true;
const sameSpoke: Same<PlatformConfigInput['spokes'][string], Input['spokes'][string]> = true;
// definePlatform() is typed with the documented interface (what editors show on hover).
const typedParam: Same<Parameters<typeof definePlatform>[0], PlatformConfigInput> = true;

const FILE = join(__dirname, '..', '..', 'config', 'platform-config.generated.ts');
const source = readFileSync(FILE, 'utf8');

describe('config/platform-config.generated.ts (documented config type)', () => {
  test('is the schema\'s input type, and definePlatform() takes it', () => {
    expect([sameType, sameHub, sameSpoke, typedParam]).toEqual([true, true, true, true]);
    const config: PlatformConfigInput = rawTestConfig();
    expect(definePlatform(config)).toBe(config);
  });

  test('every field has TSDoc with its meaning, default and an example', () => {
    const lines = source.split('\n');
    const fields = lines.map((l, i) => ({ l, i })).filter(({ l }) => /^ {2}[A-Za-z]\w*\??: /.test(l));
    expect(fields.length).toBeGreaterThan(60);
    for (const { l, i } of fields) {
      const end = i - 1;
      expect(lines[end]).toBe('   */');
      const start = lines.lastIndexOf('  /**', end);
      const block = lines.slice(start, end + 1).join('\n');
      const name = l.trim().split(/\??:/)[0];
      expect({ name, meaning: /^ {3}\* \S/.test(lines[start + 1]) }).toEqual({ name, meaning: true });
      expect(block).toMatch(/@defaultValue \S/);
      expect(block).toMatch(new RegExp(`@example\\n {3}\\* \`\`\`ts\\n {3}\\* ${name}: \\S`));
    }
  });

  test('is what the generator renders from the current schema (regenerate with npx projen)', () => {
    expect(source.trimEnd()).toBe(renderConfigTypes().trimEnd());
  });
});
