import { posix } from 'node:path';
import { stringify } from 'yaml';
import type { ResolvedConfig } from '../config/resolved-config';

/**
 * Fork-owned folder of promotion state (repository root): one kustomize Component per application and
 * environment holding the image tag Kargo last promoted there. `npx projen` creates each file once and
 * never rewrites it, template sync never changes it (projenrc/fork-owned-paths.ts), so regenerating the
 * tree or pulling the template never rolls an environment back and CI's "tree is current" check stays
 * green after a promotion. Only Kargo's promotion steps write here.
 */
export const PROMOTION_STATE_DIR = 'promotion';

/** Tag of an environment before Kargo's first promotion (the state file's starting value). */
export const INITIAL_IMAGE_TAG = '0.0.0';

/** The key Kargo's yaml-update step sets in the state file (Kargo's dot notation, see step-schemas/yaml-update-config.json). */
export const PROMOTED_TAG_KEY = 'images.0.newTag';

/** Folder (repository-relative, POSIX) of one application's state on one environment. */
export function promotionStateDir(app: string, env: string): string {
  return posix.join(PROMOTION_STATE_DIR, app, env);
}

/** The state file itself: the file Kargo edits. */
export function promotionStateFile(app: string, env: string): string {
  return posix.join(promotionStateDir(app, env), 'kustomization.yaml');
}

/**
 * The state file's first content: a kustomize Component (a directory kustomization, so the generated
 * kustomization can reference it from outside its own folder under kustomize's default load restrictor,
 * which only restricts files: https://kubectl.docs.kubernetes.io/references/kustomize/kustomization/components/).
 */
export function promotionStateText(image: string): string {
  return [
    '# Promotion state (fork-owned): Kargo writes the promoted tag here; `npx projen` and template sync never do.',
    stringify({ apiVersion: 'kustomize.config.k8s.io/v1alpha1', kind: 'Component', images: [{ name: image, newTag: INITIAL_IMAGE_TAG }] }),
  ].join('\n');
}

/** Path from a workload folder of the rendered tree (`<basePath>/workloads/<app>/<env>`) to the app's state folder. */
export function promotionStateRef(config: ResolvedConfig, workloadDir: string, app: string, env: string): string {
  return posix.relative(posix.join(config.git.basePath, workloadDir), promotionStateDir(app, env));
}
