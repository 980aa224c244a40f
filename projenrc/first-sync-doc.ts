import type { ResolvedConfig } from '../config/resolved-config';
import { LAYOUT } from '../gitops/gitops-layout';
import type { RenderedFile } from '../gitops/render-gitops-tree';

interface Doc {
  apiVersion: string;
  kind: string;
  metadata: { name: string; annotations?: Record<string, string> };
  spec?: any;
}

const wave = (d: { metadata: { annotations?: Record<string, string> } }) => Number(d.metadata.annotations?.['argocd.argoproj.io/sync-wave'] ?? 0);
const code = (s: string) => `\`${s}\``;

/** `Kind name, name…` per kind, in order of first appearance. */
function summarize(docs: readonly Doc[]): string {
  const byKind = new Map<string, string[]>();
  for (const d of docs) byKind.set(d.kind, [...(byKind.get(d.kind) ?? []), d.metadata.name]);
  return [...byKind.entries()].map(([kind, names]) => `${kind} ${names.map(code).join(', ')}`).join('; ');
}

function byWave(docs: readonly Doc[]): [number, Doc[]][] {
  const waves = new Map<number, Doc[]>();
  for (const d of docs) waves.set(wave(d), [...(waves.get(wave(d)) ?? []), d]);
  return [...waves.entries()].sort(([a], [b]) => a - b);
}

/** What "healthy" means for the kinds of a wave (Argo CD's health checks), for the table. */
function readiness(docs: readonly Doc[]): string {
  const kinds = new Set(docs.map((d) => d.kind));
  if (kinds.has('ExternalSecret') || kinds.has('ClusterSecretStore')) return ': Ready, i.e. External Secrets runs and can read';
  if (kinds.has('ApplicationSet')) return ': its ApplicationSets have generated their Applications (not waited for)';
  return ' (these kinds have no health check: applied is enough)';
}

/** Which objects a folder-syncing Application holds, from the rendered tree. */
function folderDocs(files: readonly RenderedFile[], folder: string): Doc[] {
  return files.filter((f) => f.path.startsWith(`${folder}/`)).flatMap((f) => f.documents as unknown as Doc[]);
}

/**
 * docs/first-sync.md: how the first sync unfolds on an empty hub, wave by wave, from the rendered tree
 * (so it cannot drift from what Argo CD will read).
 */
export function renderFirstSyncDoc(config: ResolvedConfig, files: readonly RenderedFile[]): string {
  const bootstrap = files.find((f) => f.path === `${LAYOUT.bootstrap}/bootstrap.yaml`)!.documents as unknown as Doc[];
  const rows: string[] = [];
  const row = (where: string, w: string, what: string, waits: string) => rows.push(`| ${where} | ${w} | ${what} | ${waits} |`);
  row('bootstrap step `root-app` (`kubectl apply`)', '—', summarize(bootstrap), 'Argo CD running on the hub (`argocd` step); the hub\'s cluster secret seeded (`seed-registration`)');

  for (const app of bootstrap.filter((d) => d.kind === 'Application').sort((a, b) => wave(a) - wave(b))) {
    const folder = String(app.spec.source.path).slice(config.git.basePath.length + 1);
    const skip = (app.spec.syncPolicy.syncOptions as string[]).includes('SkipDryRunOnMissingResource=true');
    const limit = app.spec.syncPolicy.retry.limit as number;
    const gate = skip
      ? `kinds not yet served skip the dry-run; their apply fails until an add-on's CRDs arrive, and the sync is retried ${limit < 0 ? 'without limit' : `${limit} times`} (backoff ${app.spec.syncPolicy.retry.backoff.duration} ×${app.spec.syncPolicy.retry.backoff.factor}, at most ${app.spec.syncPolicy.retry.backoff.maxDuration})`
      : 'every kind is served before any add-on, so its dry-run cannot fail';
    const root = `root wave ${wave(app)}`;
    if (folder === LAYOUT.bootstrap) {
      row(code(app.metadata.name), root, `syncs ${code(`${folder}/`)}: itself, the project and the Applications below`, 'nothing: applied already');
      continue;
    }
    row(code(app.metadata.name), root, `syncs ${code(`${folder}/`)}`, `the root's previous wave applied (Argo CD assesses no health for Applications, so not their content); ${gate}`);
    let previous: [number, Doc[]] | undefined;
    for (const [w, docs] of byWave(folderDocs(files, folder))) {
      row(`↳ ${code(app.metadata.name)}`, `wave ${w}`, summarize(docs), previous ? `wave ${previous[0]} healthy${readiness(previous[1])}` : 'its sync to start');
      previous = [w, docs];
    }
  }

  const appsets = files.flatMap((f) => f.documents as unknown as Doc[]).filter((d) => d.kind === 'ApplicationSet');
  const generated: string[] = [];
  for (const [w, sets] of byWave(appsets.map((s) => ({ ...s, metadata: { ...s.metadata, annotations: s.spec.template.metadata.annotations ?? {} } })))) {
    for (const crds of [false, true]) {
      const group = sets.filter((s) => (s.spec.template.spec.syncPolicy.syncOptions as string[]).includes('SkipDryRunOnMissingResource=true') === crds);
      if (group.length === 0) continue;
      const names = group.map((s) => code(String(s.spec.template.metadata.name).replace(/\{\{[^}]*\}\}/g, '<cluster>'))).join(', ');
      generated.push(`| ${w} | ${names} | its cluster registered${crds ? '; the kinds an add-on installs on that cluster (dry-run skipped for them, retried without limit)' : ''} |`);
    }
  }

  return [
    '# First sync: from an empty hub to a running platform',
    '',
    '_Generated by `npx projen` from the rendered GitOps tree — do not edit._',
    '',
    `The bootstrap (\`npx projen bootstrap\`) installs Argo CD, seeds the hub's cluster secret and applies \`${LAYOUT.bootstrap}/bootstrap.yaml\`; from then on`,
    'Argo CD builds everything from git. Argo CD dry-runs a whole sync operation before applying anything, and a kind the',
    'cluster does not serve yet fails that dry-run; so objects whose CRDs an add-on installs never share a sync with the',
    `ApplicationSet that installs that add-on: files holding such kinds are rendered to \`${LAYOUT.platformCustom}/\` instead of \`${LAYOUT.platform}/\``,
    '(by kind, `gitops/sync-layers.ts`), and synced by their own Application.',
    '',
    '## Syncs on the hub, in order',
    '',
    '| Application | wave | what is created | waits for |',
    '|---|---|---|---|',
    ...rows,
    '',
    '## Applications generated per cluster',
    '',
    'ApplicationSets create one Application per registered cluster they select and do not wait for them, so the waves',
    'below order nothing by themselves; `npx projen bootstrap` (`wait-waves`) reports progress in this order, naming what',
    'each wave still waits on. The hub is registered by the bootstrap\'s seeded secret (External Secrets adopts it:',
    '`creationPolicy: Owner` takes over a Secret that has no owner); spokes once `cluster-<name>` ExternalSecrets are Ready.',
    '',
    '| wave | Applications | each waits for |',
    '|---|---|---|',
    ...generated,
    '',
    '## Upgrading a platform bootstrapped before this layout',
    '',
    `Registrations and ExternalSecrets move from \`${config.name}-platform\` to \`${config.name}-platform-custom\`. If the first Application`,
    'synced the new revision before the second adopted them, it would prune them, and External Secrets (`creationPolicy: Owner`)',
    'would delete the cluster secrets with them. Sync the new Application first: `argocd app sync',
    `${config.name}-bootstrap\` then \`argocd app sync ${config.name}-platform-custom\` before \`${config.name}-platform\` (or disable its auto-prune for that one sync).`,
    '',
    'The test `test/gitops/first-sync.test.ts` runs this tree through an executable model of Argo CD\'s sync semantics',
    '(`test/support/argocd-sync-model.ts`) and requires every Application Synced and Healthy and every cluster registered.',
    '',
  ].join('\n');
}
