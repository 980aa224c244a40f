import { defineAddon } from '../addon-definition';

/** kro: the platform's compositions (ResourceGraphDefinitions) become simple APIs for teams. */
export const kro = defineAddon({
  id: 'kro',
  description: 'Kube Resource Orchestrator: compositions as custom APIs',
  chart: { repoURL: 'registry.k8s.io/kro/charts', chart: 'kro', version: '0.9.3' },
  namespace: 'kro-system',
  syncWave: 3,
  capability: 'kro',
  defaultOn: { hub: false, spoke: true },
  // `aggregation`: kro holds only its own permissions plus the ClusterRoles labelled
  // rbac.kro.run/aggregate-to-controller, i.e. the kinds the platform's compositions create
  // (gitops/charts/kro-compositions.ts). `unrestricted` would give every instance cluster-admin (C2).
  values: { rbac: { mode: 'aggregation' } },
});
