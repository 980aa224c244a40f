import { defineAddon } from './addon-definition';

/** kro: the platform's compositions (ResourceGraphDefinitions) become simple APIs for teams. */
export const kro = defineAddon({
  id: 'kro',
  description: 'Kube Resource Orchestrator: compositions as custom APIs',
  chart: { repoURL: 'registry.k8s.io/kro/charts', chart: 'kro', version: '0.9.3' },
  namespace: 'kro-system',
  syncWave: 3,
  capability: 'kro',
  defaultOn: { hub: false, spoke: true },
  // Chart 0.9 offers rbac.mode `aggregation` (least privilege, extended by labelled ClusterRoles);
  // its default stays `unrestricted`. Pinned explicitly so a chart default change never silently
  // removes the access our compositions (Rollouts, Services, ExternalSecrets, ACK kinds) need.
  values: { rbac: { mode: 'unrestricted' } },
});
