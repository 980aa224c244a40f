import { defineAddon } from '../addon-definition';

/** Prometheus (kube-prometheus-stack without Grafana): metrics for Rollouts analysis and dashboards. */
export const prometheus = defineAddon({
  id: 'prometheus',
  description: 'Metrics collection; the data source of canary analysis',
  chart: { repoURL: 'https://prometheus-community.github.io/helm-charts', chart: 'kube-prometheus-stack', version: '69.8.2' },
  namespace: 'monitoring',
  syncWave: 2,
  defaultOn: { hub: true, spoke: true },
  values: { grafana: { enabled: false }, alertmanager: { enabled: false } },
});
