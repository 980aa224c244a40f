import type { ResolvedCluster, ResolvedConfig } from '../config/resolved-config';

/**
 * The platform diagram of docs/platform.md, laid out for reading: one box per AWS account with its
 * clusters inside, each cluster's add-ons summarised in one line (the full lists are in the Clusters
 * table), and accounts wrapped onto rows so the picture stays at most MAX_WIDTH px wide at any number
 * of clusters. Rendered twice from the same grouping: Mermaid (GitLab/GitHub render it in the
 * Markdown) and a standalone SVG drawn here (no browser, no network), docs/platform.svg.
 */
export const MAX_WIDTH = 1600;

const ACCOUNTS_PER_ROW = 3;
const PAD = 24;
const GAP = 32;
const CLUSTER_W = 420;
const CLUSTER_H = 78;
const ACCOUNT_W = CLUSTER_W + 2 * PAD;
const HEADER_H = 40;
const DEV_H = 44;
/** At 13 px sans-serif, ~7.2 px per character: lines longer than this are cut with "…" so text stays inside its box. */
const MAX_CHARS = Math.floor((CLUSTER_W - 24) / 7.2);

interface AccountGroup {
  readonly account: string;
  readonly clusters: readonly ResolvedCluster[];
}

/** Accounts in config order (the hub's first), each with its clusters in config order. */
export function accountGroups(config: ResolvedConfig): AccountGroup[] {
  const groups = new Map<string, ResolvedCluster[]>();
  for (const c of config.clusters) groups.set(c.account, [...(groups.get(c.account) ?? []), c]);
  return [...groups].map(([account, clusters]) => ({ account, clusters }));
}

/** `12 add-ons: argo-cd, backstage, keycloak +9` — the platform's best-known tools first. */
export function addonSummary(addons: readonly string[]): string {
  const notable = ['argo-cd', 'backstage', 'keycloak', 'gitlab', 'kargo', 'argo-rollouts', 'kro', 'prometheus'];
  const shown = [...notable.filter((a) => addons.includes(a)), ...addons.filter((a) => !notable.includes(a))].slice(0, 3);
  return `${addons.length} add-on${addons.length === 1 ? '' : 's'}${shown.length ? `: ${shown.join(', ')}` : ''}${addons.length > shown.length ? ` +${addons.length - shown.length}` : ''}`;
}

const clusterLines = (c: ResolvedCluster): [string, string, string] => [
  `${c.name}: ${c.clusterName}`,
  `${c.role === 'hub' ? 'hub' : `spoke · ${c.environment}`} · ${c.region} · Kubernetes ${c.kubernetesVersion}`,
  addonSummary(c.addons),
];
const id = (s: string) => s.replace(/[^a-zA-Z0-9]/g, '_');
/** Mermaid label text: quotes and angle brackets as entities (https://mermaid.js.org/syntax/flowchart.html#entity-codes-to-escape-characters). */
const mermaidText = (s: string) => s.replace(/&/g, '#amp;').replace(/"/g, '#quot;').replace(/</g, '#lt;').replace(/>/g, '#gt;');

/** Mermaid flowchart: developers → hub → spokes, clusters grouped in one subgraph per account. */
export function renderMermaid(config: ResolvedConfig): string {
  const lines = ['flowchart TB', '  developers(["Developers"])'];
  for (const g of accountGroups(config)) {
    lines.push(`  subgraph account_${g.account}["AWS account ${g.account}"]`, '    direction TB');
    for (const c of g.clusters) lines.push(`    cluster_${id(c.name)}["${clusterLines(c).map(mermaidText).join('<br/>')}"]`);
    lines.push('  end');
  }
  const hub = `cluster_${id(config.hub.name)}`;
  lines.push(`  developers -->|golden paths| ${hub}`);
  for (const s of config.spokes) lines.push(`  ${hub} -->|Argo CD| cluster_${id(s.name)}`);
  return lines.join('\n');
}

const xml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
const cut = (s: string) => (s.length > MAX_CHARS ? `${s.slice(0, MAX_CHARS - 1)}…` : s);

interface Box { x: number; y: number; w: number; h: number }

/** docs/platform.svg: the same grouping as renderMermaid(), laid out on a grid of at most ACCOUNTS_PER_ROW accounts. */
export function renderSvg(config: ResolvedConfig): string {
  const groups = accountGroups(config);
  const columns = Math.min(ACCOUNTS_PER_ROW, groups.length);
  const width = columns * ACCOUNT_W + (columns + 1) * GAP;
  const accountHeight = (g: AccountGroup) => HEADER_H + g.clusters.length * (CLUSTER_H + PAD) + PAD / 2;
  const devBox: Box = { x: GAP, y: GAP, w: CLUSTER_W, h: DEV_H };
  const boxes = new Map<string, Box>();
  const accounts: { g: AccountGroup; box: Box }[] = [];
  let y = devBox.y + devBox.h + GAP * 1.5;
  for (let row = 0; row * columns < groups.length; row++) {
    const inRow = groups.slice(row * columns, (row + 1) * columns);
    const h = Math.max(...inRow.map(accountHeight));
    inRow.forEach((g, i) => {
      const box = { x: GAP + i * (ACCOUNT_W + GAP), y, w: ACCOUNT_W, h };
      accounts.push({ g, box });
      g.clusters.forEach((c, j) => boxes.set(c.name, { x: box.x + PAD, y: box.y + HEADER_H + j * (CLUSTER_H + PAD), w: CLUSTER_W, h: CLUSTER_H }));
    });
    y += h + GAP;
  }
  const height = y;
  const hub = boxes.get(config.hub.name)!;
  devBox.x = hub.x;
  const arrow = (from: Box, to: Box, label: string) => {
    const [x1, y1, x2, y2] = [from.x + from.w / 2, from.y + from.h, to.x + to.w / 2, to.y];
    return `  <line x1="${x1}" y1="${y1}" x2="${x2}" y2="${y2}" stroke="#6b7280" stroke-width="1.5" marker-end="url(#arrow)"/>\n` +
      `  <text x="${(x1 + x2) / 2 + 6}" y="${(y1 + y2) / 2}" class="edge">${xml(label)}</text>`;
  };
  const out = [
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" font-family="Helvetica, Arial, sans-serif" font-size="13">`,
    `  <title>${xml(`${config.name} platform: ${config.clusters.length} clusters in ${groups.length} AWS accounts`)}</title>`,
    '  <defs><marker id="arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="8" markerHeight="8" orient="auto-start-reverse"><path d="M 0 0 L 10 5 L 0 10 z" fill="#6b7280"/></marker></defs>',
    '  <style>.account{fill:#f3f4f6;stroke:#9ca3af}.cluster{fill:#fff;stroke:#2563eb;stroke-width:1.5}.hub{stroke:#7c3aed;stroke-width:2}.h{font-weight:bold}.dim{fill:#4b5563}.edge{fill:#6b7280;font-size:11px}</style>',
    `  <rect width="${width}" height="${height}" fill="#fff"/>`,
    ...accounts.map(({ g, box }) => `  <rect class="account" x="${box.x}" y="${box.y}" width="${box.w}" height="${box.h}" rx="8"/>\n  <text class="h" x="${box.x + PAD}" y="${box.y + 26}">AWS account ${xml(g.account)}</text>`),
    // Edges under the cluster boxes, so a line that crosses a box is hidden by it.
    arrow(devBox, hub, 'golden paths'),
    ...config.spokes.map((s) => arrow(hub, boxes.get(s.name)!, 'Argo CD')),
    `  <rect class="cluster" x="${devBox.x}" y="${devBox.y}" width="${devBox.w}" height="${devBox.h}" rx="22"/>\n  <text class="h" x="${devBox.x + devBox.w / 2}" y="${devBox.y + 27}" text-anchor="middle">Developers</text>`,
    ...config.clusters.map((c) => {
      const b = boxes.get(c.name)!;
      const [title, facts, addons] = clusterLines(c).map((l) => xml(cut(l)));
      return [
        `  <rect class="cluster${c.role === 'hub' ? ' hub' : ''}" x="${b.x}" y="${b.y}" width="${b.w}" height="${b.h}" rx="6"/>`,
        `  <text class="h" x="${b.x + 12}" y="${b.y + 22}">${title}</text>`,
        `  <text x="${b.x + 12}" y="${b.y + 44}">${facts}</text>`,
        `  <text class="dim" x="${b.x + 12}" y="${b.y + 64}">${addons}</text>`,
      ].join('\n');
    }),
    '</svg>',
  ];
  return `${out.join('\n')}\n`;
}
