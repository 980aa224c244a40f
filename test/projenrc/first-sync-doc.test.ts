import { renderGitOpsTree } from '../../gitops/render-gitops-tree';
import { renderFirstSyncDoc } from '../../projenrc/first-sync-doc';
import { testConfig } from '../support/test-config';

describe('docs/first-sync.md', () => {
  const config = testConfig();
  const files = renderGitOpsTree(config);
  const doc = renderFirstSyncDoc(config, files);

  test('has a row for every Application the bootstrap applies and every object it syncs, wave by wave, from the rendered tree', () => {
    for (const name of ['test-bootstrap', 'test-platform', 'test-platform-custom']) expect(doc).toContain(`| \`${name}\` | root wave`);
    const synced = files.filter((f) => /^platform(-custom)?\//.test(f.path)).flatMap((f) => f.documents as { metadata: { name: string } }[]);
    expect(synced.length).toBeGreaterThan(30);
    for (const d of synced) expect(doc).toContain(`\`${d.metadata.name}\``);
    expect(doc).toMatch(/\| ↳ `test-platform-custom` \| wave -1 \| ExternalSecret `cluster-dev`.* \| wave -2 healthy: Ready/);
    expect(doc).toContain('retried without limit (backoff 10s ×2, at most 5m)');
  });

  test('lists the Applications each ApplicationSet generates, by wave', () => {
    expect(doc).toMatch(/\| 0 \| `external-secrets-<cluster>`/);
    expect(doc).toMatch(/\| 8 \| `devlake-<cluster>` \| its cluster registered \|/);
  });
});
