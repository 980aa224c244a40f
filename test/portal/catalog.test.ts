import { labelRef, LABELS } from '../../contract/gitops-bridge';
import { ARGOCD_APPLICATION_LABEL, applicationLinks } from '../../contract/portal-catalog';
import { workloadApplicationName } from '../../contract/names';
import { renderGitOpsTree } from '../../gitops/render-gitops-tree';
import { catalogEntities } from '../../golden-paths/paths/catalog';
import { forkLikeConfig } from '../support/test-config';

/**
 * The portal's entities find what the platform renders: an application's Argo CD Applications (by the
 * label Roadie's `argocd/app-selector` queries), its workloads (by the Kubernetes plugin's label
 * selector), its Kargo project. Checked against the GitOps tree rendered for a fork unlike the example.
 */
const config = forkLikeConfig();
const entities = catalogEntities(config) as any[];
const docs = renderGitOpsTree(config).flatMap((f) => f.documents) as any[];

/** `key=value` selector (Roadie's app-selector, Kubernetes' label selector) as a matcher of labels. */
function matches(selector: string, labels: Record<string, string> | undefined): boolean {
  const [key, value] = selector.split('=');
  return labels?.[key] === value;
}

describe('portal catalog entities', () => {
  test.each(config.applications.map((a) => [a.name, a] as const))('%s: argocd/app-selector selects exactly the Applications its ApplicationSet generates', (name, app) => {
    const entity = entities.find((e) => e.kind === 'Component' && e.metadata.name === name);
    const sets = docs.filter((d) => d.kind === 'ApplicationSet' && matches(entity.metadata.annotations['argocd/app-selector'], d.spec.template.metadata.labels));
    expect(sets.map((s) => s.metadata.name)).toEqual([`app-${name}`]);
    // Its Applications are named per spoke as Kargo's argocd-update step names them.
    expect(sets[0].spec.template.metadata.name).toBe(workloadApplicationName(app.name, labelRef(LABELS.clusterName)));
    expect(sets[0].spec.template.metadata.labels).toEqual({ [ARGOCD_APPLICATION_LABEL]: name });
  });

  test.each(config.applications.map((a) => [a.name] as const))('%s: the Kubernetes label selector matches its Deployment and Pods, and nothing of another app', (name) => {
    const selector = entities.find((e) => e.kind === 'Component' && e.metadata.name === name).metadata.annotations['backstage.io/kubernetes-label-selector'];
    const deployments = docs.filter((d) => ['Deployment', 'Rollout'].includes(d.kind) && matches(selector, d.spec?.template?.metadata?.labels));
    expect(deployments.length).toBeGreaterThan(0);
    expect(deployments.every((d) => d.metadata.name === name)).toBe(true);
  });

  test('links lead to the Kargo project and stages the tree renders and to the app\'s Grafana dashboard', () => {
    const kargo = docs.filter((d) => d.apiVersion?.startsWith('kargo.akuity.io/'));
    for (const app of config.applications) {
      const links = entities.find((e) => e.kind === 'Component' && e.metadata.name === app.name).metadata.links.map((l: { url: string }) => l.url);
      expect(kargo.filter((d) => d.kind === 'Project').map((d) => d.metadata.name)).toContain(app.name);
      // One Stage link per environment, in promotion order, each naming a Stage the tree renders in the app's project.
      const stages = kargo.filter((d) => d.kind === 'Stage' && d.metadata.namespace === app.name).map((d) => d.metadata.name);
      expect(app.promotion.every((env) => stages.includes(env))).toBe(true);
      expect(links).toEqual([
        `https://kargo.${config.domain}/project/${app.name}`,
        ...app.promotion.map((env) => `https://kargo.${config.domain}/project/${app.name}/stage/${env}`),
        `https://grafana.${config.domain}/d/app-${app.name}`,
      ]);
      expect(links).toEqual([applicationLinks(config, app).kargo, ...Object.values(applicationLinks(config, app).kargoStages), applicationLinks(config, app).grafana]);
    }
  });

  test('a cluster Resource per cluster; the platform System carries the TechDocs reference of the repository docs', () => {
    expect(entities.filter((e) => e.kind === 'Resource').map((e) => [e.metadata.name, e.spec.type])).toEqual(config.clusters.map((c) => [c.name, 'kubernetes-cluster']));
    expect(entities.find((e) => e.kind === 'System').metadata.annotations['backstage.io/techdocs-ref']).toBe('dir:..');
  });

  /**
   * Backstage's parseEntityRef for `spec.system` (default kind System, default namespace `default`):
   * `[<kind>:][<namespace>/]<name>`, compared case-insensitively
   * (https://backstage.io/docs/features/software-catalog/references#string-references).
   */
  const systemOf = (all: any[], ref: string | undefined) => {
    const m = /^(?:([^:/]+):)?(?:([^:/]+)\/)?([^:/]+)$/.exec(ref ?? '');
    if (!m || (m[1] ?? 'system').toLowerCase() !== 'system' || (m[2] ?? 'default').toLowerCase() !== 'default') return undefined;
    return all.find((e) => e.kind === 'System' && e.metadata.name.toLowerCase() === m[3].toLowerCase());
  };

  test('every Component and Resource names the platform System, which the catalog holds (the entity page shows it)', () => {
    const parts = entities.filter((e) => e.kind === 'Component' || e.kind === 'Resource');
    expect(parts.filter((e) => e.kind === 'Component').map((e) => e.metadata.name)).toEqual(expect.arrayContaining(config.applications.map((a) => a.name)));
    expect(parts.filter((e) => systemOf(entities, e.spec.system)?.metadata.name !== 'platform').map((e) => e.metadata.name)).toEqual([]);
  });

  test('fails when a Component names a System the catalog does not hold', () => {
    const app = entities.find((e) => e.kind === 'Component' && e.metadata.name === config.applications[0].name);
    const drifted = [...entities.filter((e) => e !== app), { ...app, spec: { ...app.spec, system: 'system:default/platfrom' } }];
    expect(systemOf(drifted, 'system:default/platfrom')).toBeUndefined();
    expect(systemOf(drifted, app.spec.system)?.metadata.name).toBe('platform');
  });
});
