import { resolveConfig } from '../../config/resolve-config';
import type { ResolvedConfig } from '../../config/resolved-config';
import { accountGroups, addonSummary, MAX_WIDTH, renderMermaid, renderSvg } from '../../projenrc/platform-diagram';
import { rawConfigWithSpokes, testConfig } from '../support/test-config';

/** `n` spokes spread over `accounts` accounts (the hub's own account excluded). */
function spread(n: number, accounts: number): ResolvedConfig {
  const raw = rawConfigWithSpokes(n);
  Object.values(raw.spokes).forEach((s, i) => Object.assign(s, { account: String(200000000000 + (i % accounts)) }));
  return resolveConfig(raw);
}

interface Rect { x: number; y: number; w: number; h: number; cls: string }
const attr = (tag: string, name: string) => Number(new RegExp(`\\s${name}="([\\d.]+)"`).exec(tag)![1]);
const rects = (svg: string, cls: string): Rect[] =>
  [...svg.matchAll(/<rect class="([^"]+)"[^>]*>/g)].filter((m) => m[1].split(' ').includes(cls))
    .map((m) => ({ x: attr(m[0], 'x'), y: attr(m[0], 'y'), w: attr(m[0], 'width'), h: attr(m[0], 'height'), cls: m[1] }));
const inside = (a: Rect, b: Rect) => a.x >= b.x && a.y >= b.y && a.x + a.w <= b.x + b.w && a.y + a.h <= b.y + b.h;
const viewBox = (svg: string) => /viewBox="0 0 (\d+(?:\.\d+)?) (\d+(?:\.\d+)?)"/.exec(svg)!.slice(1).map(Number);

describe('platform diagram (docs/platform.md Mermaid + docs/platform.svg)', () => {
  test.each([
    ['the example shape (3 accounts)', testConfig()],
    ['hub + 20 spokes in one account', resolveConfig(rawConfigWithSpokes(20))],
    ['hub + 50 spokes in 12 accounts', spread(50, 12)],
  ])('%s: SVG at most 1600 px wide, every cluster box inside its account box, no box overlapping another', (_, config) => {
    const svg = renderSvg(config);
    const [width, height] = viewBox(svg);
    expect(width).toBeLessThanOrEqual(MAX_WIDTH);
    expect(height).toBeGreaterThan(0);
    const accounts = rects(svg, 'account');
    const clusters = rects(svg, 'cluster').filter((r) => r.h > 50); // the Developers pill is a cluster-styled box too
    expect(accounts).toHaveLength(accountGroups(config).length);
    expect(clusters).toHaveLength(config.clusters.length);
    for (const box of [...accounts, ...clusters]) expect(box.x + box.w).toBeLessThanOrEqual(width);
    for (const c of clusters) expect(accounts.filter((a) => inside(c, a))).toHaveLength(1);
    for (const [i, a] of accounts.entries()) {
      for (const b of accounts.slice(i + 1)) expect(a.x + a.w <= b.x || b.x + b.w <= a.x || a.y + a.h <= b.y || b.y + b.h <= a.y).toBe(true);
    }
  });

  test('SVG text is escaped XML and every line fits its box (cut with "…" at 13 px)', () => {
    const config = spread(3, 2);
    const svg = renderSvg({ ...config, name: 'a<b>&"c"' });
    expect(svg).toContain('<title>a&lt;b&gt;&amp;&quot;c&quot; platform');
    const texts = [...svg.matchAll(/<text[^>]*>([^<]*)<\/text>/g)].map((m) => m[1].replace(/&[a-z]+;/g, '_'));
    for (const t of texts) expect(t.length * 7.2).toBeLessThanOrEqual(420 - 24);
  });

  test('Mermaid: one subgraph per account with its clusters inside, add-ons summarised, hub → every spoke', () => {
    const config = spread(4, 2);
    const mermaid = renderMermaid(config);
    const subgraphs = [...mermaid.matchAll(/subgraph account_(\d+)\[[^\n]*\n([\s\S]*?)\n {2}end/g)];
    expect(subgraphs.map((m) => m[1])).toEqual(accountGroups(config).map((g) => g.account));
    for (const c of config.clusters) {
      const holder = subgraphs.filter((m) => m[2].includes(`cluster_${c.name}[`));
      expect(holder.map((m) => m[1])).toEqual([c.account]);
      expect(mermaid).toContain(addonSummary(c.addons));
    }
    // Not one node per add-on any more: the cluster table lists them all.
    expect(mermaid.split('\n').length).toBeLessThan(4 * config.clusters.length + 6);
    for (const s of config.spokes) expect(mermaid).toContain(`cluster_hub -->|Argo CD| cluster_${s.name}`);
  });

  test('add-on summary counts every add-on and names at most three', () => {
    expect(addonSummary(['a', 'argo-cd', 'b', 'keycloak', 'c'])).toBe('5 add-ons: argo-cd, keycloak, a +2');
    expect(addonSummary(['kro'])).toBe('1 add-on: kro');
    expect(addonSummary([])).toBe('0 add-ons');
  });
});
