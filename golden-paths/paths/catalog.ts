import type { ResolvedConfig } from '../../config/resolved-config';
import { PLATFORM_TEAM } from './golden-path';
import { GOLDEN_PATHS } from './registry';

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
      metadata: { name: 'platform', title: `${config.name} platform`, description: 'The Internal Developer Platform: clusters, GitOps, portal' },
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
      spec: { type: 'library', lifecycle: 'production', owner: PLATFORM_TEAM, system: 'platform' },
    },
  ];
}
