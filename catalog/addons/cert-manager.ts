import { defineAddon } from '../addon-definition';

/** cert-manager: certificates for webhooks and in-cluster TLS (Kargo requires it). */
export const certManager = defineAddon({
  id: 'cert-manager',
  description: 'Issues and renews TLS certificates',
  chart: { repoURL: 'https://charts.jetstack.io', chart: 'cert-manager', version: 'v1.17.1' },
  namespace: 'cert-manager',
  syncWave: 1,
  defaultOn: { hub: true, spoke: false },
  values: { crds: { enabled: true } },
});
