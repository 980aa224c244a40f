import { spawn } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SERVICE_METRICS } from '../../contract/service-metrics';
import { PORTAL_BACKEND_DIR, portalBackendRequire } from '../support/portal-backend-modules';

const ROOT = join(__dirname, '..', '..');
const SKELETON = join(ROOT, 'golden-paths', 'templates', 'onboard-service', 'skeleton', 'typescript');

/**
 * The TypeScript skeleton with its placeholders filled as the scaffolder's fetch:template does, run
 * with Node (tsx strips the types). prom-client resolves from the portal backend's install (15.1.3, the
 * version the skeleton pins, a dependency of Backstage's backend-defaults there): nothing is installed.
 */
function renderSkeleton(values: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'pb-skeleton-'));
  cpSync(SKELETON, dir, { recursive: true });
  const file = join(dir, 'src', 'server.ts');
  writeFileSync(file, readFileSync(file, 'utf8').replace(/\$\{\{ values\.(\w+) \}\}/g, (_, k: string) => values[k]));
  return file;
}

async function waitFor(url: string): Promise<void> {
  for (let i = 0; i < 100; i++) {
    try {
      await fetch(url);
      return;
    } catch {
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  throw new Error(`${url} never answered`);
}

describe('the TypeScript skeleton exports the request metrics the platform queries', () => {
  test('after one request /metrics has the counter and the histogram under the contract names', async () => {
    const skeletonPkg = JSON.parse(readFileSync(join(SKELETON, 'package.json'), 'utf8'));
    const ours = JSON.parse(readFileSync(portalBackendRequire().resolve('prom-client/package.json'), 'utf8'));
    expect(ours.version).toBe(skeletonPkg.dependencies['prom-client']);

    const port = String(20000 + (process.pid % 20000));
    const server = spawn(join(ROOT, 'node_modules', '.bin', 'tsx'), [renderSkeleton({ name: 'orders', port })], {
      env: { ...process.env, NODE_PATH: join(PORTAL_BACKEND_DIR, 'node_modules') },
      stdio: 'pipe',
    });
    try {
      const base = `http://127.0.0.1:${port}`;
      await waitFor(`${base}/healthz`);
      expect(await (await fetch(`${base}/orders/1`)).json()).toEqual({ service: 'orders' });
      const text = await (await fetch(`${base}${SERVICE_METRICS.path}`)).text();
      expect(text).toContain(`# TYPE ${SERVICE_METRICS.requests} counter`);
      expect(text).toMatch(new RegExp(`^${SERVICE_METRICS.requests}\\{method="GET",${SERVICE_METRICS.codeLabel}="200"\\} 1$`, 'm'));
      expect(text).toContain(`# TYPE ${SERVICE_METRICS.duration} histogram`);
      expect(text).toMatch(new RegExp(`^${SERVICE_METRICS.duration}_bucket\\{le="\\+Inf",method="GET",${SERVICE_METRICS.codeLabel}="200"\\} 1$`, 'm'));
      expect(text).toMatch(new RegExp(`^${SERVICE_METRICS.duration}_count\\{method="GET",${SERVICE_METRICS.codeLabel}="200"\\} 1$`, 'm'));
    } finally {
      server.kill();
    }
  }, 60_000);
});
