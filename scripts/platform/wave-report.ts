/** An Argo CD Application as `kubectl get applications.argoproj.io -o json` returns it (the fields we read). */
export interface ArgoApp {
  metadata: { name: string; annotations?: Record<string, string> };
  spec?: { destination?: { name?: string; server?: string } };
  status?: {
    health?: { status?: string; message?: string };
    sync?: { status?: string };
    operationState?: { phase?: string; message?: string; retryCount?: number };
    conditions?: { type: string; message?: string }[];
  };
}

/** Healthy and Synced. */
export function ready(a: ArgoApp): boolean {
  return a.status?.health?.status === 'Healthy' && a.status?.sync?.status === 'Synced';
}

/** The Application's sync wave (Argo CD's default is 0). */
export function waveOf(a: ArgoApp): number {
  return Number(a.metadata.annotations?.['argocd.argoproj.io/sync-wave'] ?? 0);
}

/** What an Application is waiting on, from its own status: a condition, the sync operation, or health. */
export function waitingOn(a: ArgoApp): string {
  const s = a.status ?? {};
  const why = s.conditions?.find((c) => c.message)?.message ?? s.operationState?.message ?? s.health?.message ?? '';
  const retry = s.operationState?.retryCount ? `, retry ${s.operationState.retryCount}` : '';
  return `${s.health?.status ?? 'Unknown'}/${s.sync?.status ?? 'Unknown'}${retry}${why ? `: ${why}` : ''}`;
}

const SHOWN_PER_WAVE = 4;

/**
 * Progress per wave, one line each: how many Applications are ready, and for waves not yet done which
 * Applications wait on what (`name (Health/Sync: message)`), the first few by name.
 */
export function waveReport(items: readonly ArgoApp[]): string[] {
  const waves = new Map<number, ArgoApp[]>();
  for (const a of items) waves.set(waveOf(a), [...(waves.get(waveOf(a)) ?? []), a]);
  return [...waves.entries()].sort(([x], [y]) => x - y).map(([w, apps]) => {
    const pending = apps.filter((a) => !ready(a)).sort((x, y) => x.metadata.name.localeCompare(y.metadata.name));
    const head = `wave ${w}: ${apps.length - pending.length}/${apps.length} ready`;
    if (pending.length === 0) return head;
    const shown = pending.slice(0, SHOWN_PER_WAVE).map((a) => `${a.metadata.name} (${waitingOn(a)})`);
    const more = pending.length > SHOWN_PER_WAVE ? `, … ${pending.length - SHOWN_PER_WAVE} more` : '';
    return `${head} — waiting: ${shown.join(', ')}${more}`;
  });
}
