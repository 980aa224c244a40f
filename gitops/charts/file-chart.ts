import { Chart } from 'cdk8s';
import { Construct } from 'constructs';

/** A cdk8s chart rendered to one file of the GitOps tree (path relative to the tree's base). */
export class FileChart extends Chart {
  constructor(scope: Construct, readonly file: string) {
    // Construct ids may not contain '/', the file path may.
    super(scope, file.replace(/[/.]/g, '-'), { disableResourceNameHashes: true });
  }
}

/** Argo CD sync-wave annotation. */
export function syncWave(wave: number): Record<string, string> {
  return { 'argocd.argoproj.io/sync-wave': String(wave) };
}

/** Automated sync with self-heal, pruning, retry and backoff: the policy every platform Application uses. */
export const AUTOMATED_SYNC = {
  automated: { prune: true, selfHeal: true },
  syncOptions: ['CreateNamespace=true', 'ServerSideApply=true'],
  retry: { limit: 10, backoff: { duration: '10s', factor: 2, maxDuration: '5m' } },
} as const;
