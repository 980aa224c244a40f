/**
 * Names that several layers spell (renderer, CDK, bootstrap, status, teardown, config validation), spelled once.
 * Plain functions of strings: config/ validates their lengths and collisions, the generators and scripts use them.
 */

/** Namespace of Argo CD on the hub (self-managed or managed capability). */
export const ARGOCD_NAMESPACE = 'argocd';

/**
 * Argo CD Application of one add-on or one application on one cluster: `<owner>-<cluster>`. Add-ons and
 * applications share Argo CD's namespace, so an application named like an add-on would produce the same
 * name (config/cross-field-rules.ts refuses it).
 */
function clusterApplicationName(owner: string, clusterName: string): string {
  return `${owner}-${clusterName}`;
}

/** Name of the Application an add-on's ApplicationSet generates for one cluster. */
export function addonApplicationName(addonId: string, clusterName: string): string {
  return clusterApplicationName(addonId, clusterName);
}

/** Argo CD Application name of an app on one cluster (Kargo's argocd-update step targets it). */
export function workloadApplicationName(applicationName: string, clusterName: string): string {
  return clusterApplicationName(applicationName, clusterName);
}

/** Helm release name of an add-on on every cluster (kube-prometheus-stack selects monitors and rules by it). */
export function helmReleaseName(addonId: string): string {
  return addonId;
}

/** Name of an add-on's ApplicationSet (the teardown deletes them in order). */
export function addonApplicationSetName(addonId: string): string {
  return `addon-${addonId}`;
}

/** Argo CD cluster Secret of a cluster (the hub's written by the bootstrap, spokes' by their registration). */
export function clusterSecretName(clusterName: string): string {
  return `cluster-${clusterName}`;
}

/** ClusterSecretStore reading the hub's own account/region with External Secrets' Pod Identity. */
export const PLATFORM_SECRET_STORE = 'platform-secrets';

/** ClusterSecretStore on the hub that reads one spoke's registration from Secrets Manager. */
export function registrationStoreName(clusterName: string): string {
  return `gitops-bridge-${clusterName}`;
}
