import { defineAddon } from './addon-definition';

/** kro: the platform's compositions (ResourceGraphDefinitions) become simple APIs for teams. */
export const kro = defineAddon({
  id: 'kro',
  description: 'Kube Resource Orchestrator: compositions as custom APIs',
  chart: { repoURL: 'registry.k8s.io/kro/charts', chart: 'kro', version: '0.4.1' },
  namespace: 'kro-system',
  syncWave: 3,
  capability: 'kro',
  defaultOn: { hub: false, spoke: true },
});
