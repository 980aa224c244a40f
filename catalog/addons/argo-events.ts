import { defineAddon } from '../addon-definition';

/** Argo Events: turns GitLab pushes into CI workflows. */
export const argoEvents = defineAddon({
  id: 'argo-events',
  description: 'Event sources and sensors that trigger CI workflows',
  chart: { repoURL: 'https://argoproj.github.io/argo-helm', chart: 'argo-events', version: '2.4.15' },
  namespace: 'argo-events',
  syncWave: 7,
  defaultOn: { hub: true, spoke: false },
  dependsOn: [{ addon: 'argo-workflows', on: 'same-cluster' }],
});
