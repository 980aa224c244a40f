import type { ResolvedConfig } from '../../config/resolved-config';
import { renderGitOpsTree } from '../../gitops/render-gitops-tree';
import { pinnedChartData } from '../support/chart-data';
import { addonById } from '../../catalog/registry';
import { forkLikeConfig, testConfig } from '../support/test-config';

/**
 * Issue #13 C2: tenants never reach cluster-scoped power through a composition engine (KubeVela, kro,
 * ACK) or through what Argo CD applies for them (it applies with cluster-admin on the spokes).
 */

type Json = Record<string, any>;
interface GroupKind { group: string; kind: string }

/**
 * Argo CD's AppProject resource rules (https://argo-cd.readthedocs.io/en/stable/user-guide/projects/,
 * "Resources"; gitops-engine/argo-cd `IsGroupKindPermitted`): a cluster-scoped kind must match
 * clusterResourceWhitelist (empty = none) and not the blacklist; a namespaced kind is refused when it
 * matches namespaceResourceBlacklist (or, when a whitelist is set, does not match it). `*` matches any
 * group or kind.
 */
function projectPermits(spec: Json, gk: GroupKind, namespaced: boolean): boolean {
  const match = (rules: GroupKind[] | undefined) => (rules ?? []).some((r) => (r.group === '*' || r.group === gk.group) && (r.kind === '*' || r.kind === gk.kind));
  if (!namespaced) return match(spec.clusterResourceWhitelist) && !match(spec.clusterResourceBlacklist);
  if (spec.namespaceResourceWhitelist && !match(spec.namespaceResourceWhitelist)) return false;
  return !match(spec.namespaceResourceBlacklist);
}

const docsOf = (config: ResolvedConfig) => renderGitOpsTree(config).flatMap((f) => f.documents as Json[]);
const valuesOf = (config: ResolvedConfig, id: string) =>
  renderGitOpsTree(config).find((f) => f.path === `addons/${id}/values.yaml`)!.documents[0] as Json;

describe.each([['testConfig()', testConfig], ['a fork-like config', forkLikeConfig]] as const)('composition engines and team projects (%s)', (_label, make) => {
  const config = make();
  const docs = docsOf(config);

  test('a team project refuses RBAC, cluster-scoped kinds, KubeVela Applications and ACK adoption/field export', () => {
    const projects = docs.filter((d) => d.kind === 'AppProject' && d.metadata.name !== 'platform');
    expect(projects.length).toBe(config.teams.length);
    for (const p of projects) {
      const refused: [GroupKind, boolean][] = [
        [{ group: 'rbac.authorization.k8s.io', kind: 'ClusterRoleBinding' }, false],
        [{ group: 'rbac.authorization.k8s.io', kind: 'RoleBinding' }, true],
        [{ group: 'rbac.authorization.k8s.io', kind: 'Role' }, true],
        [{ group: 'core.oam.dev', kind: 'Application' }, true],
        [{ group: 'core.oam.dev', kind: 'ComponentDefinition' }, true],
        [{ group: 'services.k8s.aws', kind: 'AdoptedResource' }, true],
        [{ group: 'services.k8s.aws', kind: 'FieldExport' }, true],
        [{ group: 'external-secrets.io', kind: 'SecretStore' }, true],
        [{ group: 'kro.run', kind: 'ResourceGraphDefinition' }, false],
        [{ group: '', kind: 'Namespace' }, false],
      ];
      for (const [gk, namespaced] of refused) expect([p.metadata.name, gk, projectPermits(p.spec, gk, namespaced)]).toEqual([p.metadata.name, gk, false]);
      // What teams do ship still goes through.
      for (const gk of [{ group: 'apps', kind: 'Deployment' }, { group: 'argoproj.io', kind: 'Rollout' }, { group: 'external-secrets.io', kind: 'ExternalSecret' }]) {
        expect([p.metadata.name, gk, projectPermits(p.spec, gk, true)]).toEqual([p.metadata.name, gk, true]);
      }
    }
  });

  test('kro runs in aggregation mode, and what it aggregates grants no RBAC and nothing cluster-wide', () => {
    // kro 0.9.3 values.yaml: `rbac.mode: unrestricted` (cluster-wide full access) is the chart default.
    expect(pinnedChartData(addonById('kro'))!.values).toMatchObject({ rbac: { mode: 'unrestricted' } });
    expect(valuesOf(config, 'kro')).toMatchObject({ rbac: { mode: 'aggregation' } });
    const aggregated = docs.filter((d) => d.kind === 'ClusterRole' && d.metadata.labels?.['rbac.kro.run/aggregate-to-controller'] === 'true');
    expect(aggregated.length).toBeGreaterThan(0);
    for (const rule of aggregated.flatMap((r) => r.rules as Json[])) {
      expect([rule, rule.apiGroups.includes('*') || rule.resources.includes('*') || rule.verbs.includes('*')]).toEqual([rule, false]);
      expect([rule, rule.apiGroups.some((g: string) => /rbac\.authorization|apiextensions|admissionregistration|certificates/.test(g))]).toEqual([rule, false]);
      expect([rule, rule.resources.some((r: string) => ['namespaces', 'nodes', 'persistentvolumes', 'secrets', 'serviceaccounts'].includes(r))]).toEqual([rule, false]);
    }
  });

  test('KubeVela applies components as the Application\'s creator, not as its own cluster-admin', () => {
    // vela-core 1.10.3 values.yaml: `authentication.enabled: false` is the chart default.
    expect(pinnedChartData(addonById('kubevela'))!.values).toMatchObject({ authentication: { enabled: false } });
    expect(valuesOf(config, 'kubevela')).toMatchObject({ authentication: { enabled: true, withUser: true } });
  });

  test('no tenant namespace binds a role that reaches beyond it', () => {
    for (const b of docs.filter((d) => d.kind === 'RoleBinding' && d.metadata.namespace && config.teams.some((t) => Object.values(t.namespaces).flat().includes(d.metadata.namespace)))) {
      expect([b.metadata.name, b.roleRef.name]).not.toEqual([b.metadata.name, 'cluster-admin']);
      expect([b.metadata.name, b.roleRef.name]).not.toEqual([b.metadata.name, 'admin']);
    }
    expect(docs.filter((d) => d.kind === 'ClusterRoleBinding' && (d.subjects ?? []).some((s: Json) => config.teams.some((t) => String(s.name).endsWith(t.keycloakGroup))))).toEqual([]);
  });
});
