import type { ResolvedApplication, ResolvedCluster, ResolvedConfig } from '../../config/resolved-config';
import { ARGOCD_APPLICATION_LABEL, applicationLinks, workloadLabelSelector } from '../../contract/portal-catalog';
import { PLATFORM_TEAM } from './golden-path';
import { GOLDEN_PATHS } from './registry';

/**
 * The platform's System: the entity page's "System" of the platform's own entities and of every
 * application (https://backstage.io/docs/features/software-catalog/descriptor-format#specsystem-optional).
 */
export const PLATFORM_SYSTEM = 'platform';

/** golden-paths/catalog-info.yaml: a Location of every template, and the platform's own entities. */
export function catalogEntities(config: ResolvedConfig): Record<string, unknown>[] {
  return [
    {
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Location',
      metadata: { name: 'platform-golden-paths', description: 'Golden-path templates of the platform' },
      spec: { type: 'url', targets: GOLDEN_PATHS.map((p) => `./templates/${p.name}/template.yaml`) },
    },
    {
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'System',
      metadata: {
        name: PLATFORM_SYSTEM, title: `${config.name} platform`, description: 'The Internal Developer Platform: clusters, GitOps, portal',
        // The platform docs: mkdocs.yml at the repository root, one level above this file (https://backstage.io/docs/features/techdocs/how-to-guides).
        annotations: { 'backstage.io/techdocs-ref': 'dir:..' },
      },
      spec: { owner: PLATFORM_TEAM },
    },
    {
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Group',
      metadata: { name: 'platform-team', description: `Platform engineers (Keycloak group ${config.sso.adminGroup})` },
      spec: { type: 'team', children: [] },
    },
    ...config.teams.map((t) => ({
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Group',
      metadata: { name: t.name, description: `Team ${t.name} (Keycloak group ${t.keycloakGroup})` },
      spec: { type: 'team', children: [] },
    })),
    {
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Component',
      metadata: { name: 'platform-blueprint', description: 'Infrastructure, GitOps tree and golden paths generated from platform.config.ts' },
      spec: { type: 'library', lifecycle: 'production', owner: PLATFORM_TEAM, system: PLATFORM_SYSTEM },
    },
    ...config.clusters.map(clusterResource),
    ...config.applications.map((app) => applicationComponent(config, app)),
  ];
}

const ref = (kind: string, name: string) => `${kind}:default/${name}`;

/** A cluster, named as in the config (the Kubernetes plugin's cluster names in app-config are the same). */
function clusterResource(cluster: ResolvedCluster): Record<string, unknown> {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Resource',
    metadata: {
      name: cluster.name,
      title: cluster.clusterName,
      description: `EKS cluster ${cluster.clusterName} (${cluster.role === 'hub' ? 'hub' : `environment ${cluster.environment}`}) in ${cluster.account} ${cluster.region}`,
      labels: { 'platform.blueprint/role': cluster.role, 'platform.blueprint/environment': cluster.environment },
    },
    spec: { type: 'kubernetes-cluster', owner: PLATFORM_TEAM, system: PLATFORM_SYSTEM },
  };
}

/**
 * An application with the annotations the portal's plugins read: the Kubernetes plugin finds its
 * objects on every cluster by label selector (https://backstage.io/docs/features/kubernetes/configuration#surfacing-your-kubernetes-components-as-part-of-an-entity),
 * Roadie's Argo CD plugin its Applications (one per spoke) by label; links lead to Kargo and Grafana.
 */
function applicationComponent(config: ResolvedConfig, app: ResolvedApplication): Record<string, unknown> {
  const links = applicationLinks(config, app);
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: {
      name: app.name,
      description: `Application ${app.name} of team ${app.team}, promoted ${app.promotion.join(' → ')}`,
      annotations: {
        'backstage.io/kubernetes-label-selector': workloadLabelSelector(app),
        'argocd/app-selector': `${ARGOCD_APPLICATION_LABEL}=${app.name}`,
      },
      links: [
        { url: links.kargo, title: 'Kargo promotions', icon: 'dashboard' },
        ...Object.entries(links.kargoStages).map(([env, url]) => ({ url, title: `Kargo stage ${env}`, icon: 'dashboard' })),
        { url: links.grafana, title: 'Grafana dashboard', icon: 'dashboard' },
      ],
    },
    spec: {
      type: 'service',
      lifecycle: 'production',
      owner: ref('group', app.team),
      // Applications run on the platform: the entity page's About card shows and links the System.
      system: ref('system', PLATFORM_SYSTEM),
      // The spokes of its environments run it.
      dependsOn: config.spokes.filter((c) => app.promotion.includes(c.environment)).map((c) => ref('resource', c.name)),
    },
  };
}
