import { defineAddon } from '../addon-definition';

/** Argo Rollouts: canary releases gated by analysis. */
export const argoRollouts = defineAddon({
  id: 'argo-rollouts',
  description: 'Canary and blue-green rollouts with analysis gates',
  chart: { repoURL: 'https://argoproj.github.io/argo-helm', chart: 'argo-rollouts', version: '2.39.5' },
  namespace: 'argo-rollouts',
  syncWave: 3,
  defaultOn: { hub: false, spoke: true },
  dependsOn: [{ addon: 'prometheus', on: 'same-cluster' }],
  values: { dashboard: { enabled: false } },
});
