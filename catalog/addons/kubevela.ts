import { defineAddon } from '../addon-definition';

/** KubeVela: application model with the platform's component and trait definitions. */
export const kubevela = defineAddon({
  id: 'kubevela',
  description: 'OAM application delivery with platform-defined components and traits',
  chart: { repoURL: 'https://kubevela.github.io/charts', chart: 'vela-core', version: '1.10.3' },
  namespace: 'vela-system',
  syncWave: 3,
  defaultOn: { hub: false, spoke: true },
  // vela-core runs with cluster-admin; with authentication it impersonates the Application's creator
  // (user/groups recorded by its webhook, or its ServiceAccount) when applying components, so a tenant's
  // Application gets the tenant's RBAC, not the controller's (C2).
  // https://kubevela.io/docs/platform-engineers/auth/advance/
  values: { authentication: { enabled: true, withUser: true } },
});
