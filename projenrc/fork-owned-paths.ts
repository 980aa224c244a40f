import { PROMOTION_STATE_DIR } from '../gitops/promotion-state';

/**
 * Paths a fork owns. `npx projen` creates them once and never overwrites them;
 * `template-sync` never changes them and only reports upstream changes to them.
 *
 * This is the single list both mechanisms read (DESIGN §5). Entries are POSIX
 * paths relative to the repository root; a trailing `/` means "everything below".
 */
export const FORK_OWNED_PATHS: readonly string[] = [
  'platform.config.ts',
  'overrides/',
  'platform.d/',
  'team-resources/',
  // portal/ is the template's own Backstage app (its platform app-config is generated); a fork's own
  // portal settings live in its static app-config.yaml.
  'portal/app-config.yaml',
  'golden-paths/custom/',
  'docs/fork-notes.md',
  '.template-sync.json',
  // Kargo's promotion state: tags promoted per application and environment, data not template.
  `${PROMOTION_STATE_DIR}/`,
];

/** True when `path` (POSIX, repository-relative) is one of `owned` (default: FORK_OWNED_PATHS). */
export function isForkOwned(owned: readonly string[], path: string): boolean;
export function isForkOwned(path: string): boolean;
export function isForkOwned(a: readonly string[] | string, b?: string): boolean {
  const [owned, path] = typeof a === 'string' ? [FORK_OWNED_PATHS, a] : [a, b!];
  const p = path.replace(/^\.\//, '');
  return owned.some((o) => (o.endsWith('/') ? p.startsWith(o) : p === o));
}
