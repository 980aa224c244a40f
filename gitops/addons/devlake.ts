import { defineAddon } from './addon-definition';

/** Apache DevLake: collects delivery data for the DORA metrics. */
export const devlake = defineAddon({
  id: 'devlake',
  description: 'DORA metrics from GitLab, Argo Workflows and Argo Rollouts',
  chart: { repoURL: 'https://apache.github.io/incubator-devlake-helm-chart', chart: 'devlake', version: '1.0.2' },
  namespace: 'devlake',
  syncWave: 8,
  defaultOn: { hub: true, spoke: false },
  dependsOn: [{ addon: 'grafana', on: 'same-cluster' }],
  values: { grafana: { enabled: false }, mysql: { useExternal: false } },
  slow: true,
});
