import { App } from 'cdk8s';
import { stringify } from 'yaml';
import type { ResolvedConfig } from '../config/resolved-config';
import { addonObjectFiles } from './addon-objects';
import { addonValues } from './addon-values';
import { managedArgoCd } from '../contract/managed-capabilities';
import { ADDONS } from '../catalog/registry';
import { AddonObjectsApplicationSet } from './charts/addon-objects-application-set';
import { AddonApplicationSet } from './charts/addon-application-set';
import { ClusterBaseApplicationSet } from './charts/cluster-base';
import { ClusterRegistration } from './charts/cluster-registration';
import { Delivery, imageRepository } from './charts/delivery';
import { FileChart } from './charts/file-chart';
import { GitLabRunner } from './charts/gitlab-runner';
import { gitlabRunnerEnabled } from '../contract/gitlab-runner';
import { PlatformSecrets } from './charts/platform-secrets';
import { Bootstrap } from './charts/root-application';
import { AckRoleTeamMap, TeamProject, TenantNamespace, TenantNamespacesApplicationSet } from './charts/tenancy';
import { ACK_ROLE_TEAM_MAP, ackAddonsOn, teamNamespacesOn, teamsOn } from '../contract/tenant-isolation';
import { Workload, workloadKustomization } from './charts/workload';
import { LAYOUT, PLATFORM_SECRETS_FILE } from './gitops-layout';
import { promotionStateRef } from './promotion-state';
import { platformLayerPath } from './sync-layers';

/** One rendered file of the GitOps tree, path relative to `git.basePath`. */
export interface RenderedFile {
  readonly path: string;
  /** Kubernetes objects (or a plain document such as a values file or kustomization). */
  readonly documents: readonly Record<string, unknown>[];
}

/**
 * Renders the whole GitOps tree from the resolved config. Pure and deterministic: the same config
 * gives the same files. Adding a spoke adds one file (its registration).
 */
export function renderGitOpsTree(config: ResolvedConfig): RenderedFile[] {
  const app = new App();
  const charts: FileChart[] = [];
  const chart = (file: string) => {
    const c = new FileChart(app, file);
    charts.push(c);
    return c;
  };
  const plain: RenderedFile[] = [];

  new Bootstrap(chart(`${LAYOUT.bootstrap}/bootstrap.yaml`), 'Bootstrap', config);
  new PlatformSecrets(chart(`${LAYOUT.platform}/${PLATFORM_SECRETS_FILE}`), 'Secrets', config);
  // Every cluster's ingress class, default storage class and policy-enforcing nodes (gitops/cluster-base).
  new ClusterBaseApplicationSet(chart(`${LAYOUT.platform}/cluster-base.yaml`), 'ClusterBase', config);
  // The hub runner's service accounts, job namespace, RBAC and network policy (core kinds: platform/).
  if (gitlabRunnerEnabled(config)) new GitLabRunner(chart(`${LAYOUT.platform}/gitlab-runner.yaml`), 'Runner', config);
  for (const cluster of config.clusters) {
    new ClusterRegistration(chart(`${LAYOUT.platform}/clusters/${cluster.name}.yaml`), 'Registration', config, cluster);
  }
  // Managed Argo CD: no chart, values or Keycloak OIDC settings of a self-managed Argo CD in the tree.
  for (const addon of ADDONS.filter((a) => !(a.capability === 'argocd' && managedArgoCd(config)))) {
    new AddonApplicationSet(chart(`${LAYOUT.platform}/addons/${addon.id}.yaml`), 'Addon', config, addon);
    plain.push({ path: `${LAYOUT.addonValues}/${addon.id}/values.yaml`, documents: [addonValues(addon, config)] });
  }

  // The platform's objects whose kinds an add-on brings, deployed wherever that add-on is enabled.
  const objectFiles = addonObjectFiles(config);
  for (const f of objectFiles) f.render(chart(`${LAYOUT.addonObjects}/${f.addon}/${f.file}`));
  for (const addon of [...new Set(objectFiles.map((f) => f.addon))]) {
    new AddonObjectsApplicationSet(chart(`${LAYOUT.platform}/addon-objects/${addon}.yaml`), 'Objects', config, addon);
  }

  // Tenancy: a project per team; namespaces per environment (not per spoke).
  new TenantNamespacesApplicationSet(chart(`${LAYOUT.platform}/tenants/tenants.yaml`), 'Tenants', config);
  for (const team of config.teams) {
    new TeamProject(chart(`${LAYOUT.platform}/tenants/${team.name}.yaml`), 'Project', config, team);
  }
  // Per spoke (each namespace's SecretStore names that spoke's team role, docs/security.md C1).
  for (const spoke of config.spokes) {
    for (const team of teamsOn(config, spoke)) {
      const c = chart(`${LAYOUT.tenants}/${spoke.name}/${team.name}.yaml`);
      // Prefixed id: the constructs library keeps children in a plain object, where "constructor" already exists.
      for (const ns of teamNamespacesOn(spoke, team)) new TenantNamespace(c, `ns-${ns}`, config, spoke, team, ns);
    }
    if (ackAddonsOn(spoke).length > 0 && teamsOn(config, spoke).length > 0) {
      new AckRoleTeamMap(chart(`${LAYOUT.tenants}/${spoke.name}/${ACK_ROLE_TEAM_MAP}.yaml`), 'AckRoleTeamMap', config, spoke);
    }
  }

  // Delivery: per application a pipeline on the hub and manifests per environment.
  for (const application of config.applications) {
    const team = config.teams.find((t) => t.name === application.team)!;
    new Delivery(chart(`${LAYOUT.platform}/delivery/${application.name}.yaml`), 'Delivery', config, application, team);
    const image = imageRepository(config, application);
    for (const env of application.promotion) {
      const dir = `${LAYOUT.workloads}/${application.name}/${env}`;
      new Workload(chart(`${dir}/rollout.yaml`), 'Workload', config, application, image, env);
      plain.push({ path: `${dir}/kustomization.yaml`, documents: [workloadKustomization(promotionStateRef(config, dir, application.name, env))] });
    }
  }

  // A file's folder follows from the kinds in it, so no custom resource shares a sync with the
  // ApplicationSet that installs its CRD (gitops/sync-layers.ts).
  const rendered = charts.map((c) => ({ documents: c.toJson() as Record<string, unknown>[], file: c.file }));
  const files = [...rendered.map((c) => ({ path: platformLayerPath(c.file, c.documents), documents: c.documents })), ...plain];
  return files.sort((a, b) => a.path.localeCompare(b.path));
}

/** YAML text of a rendered file (multi-document when needed), with the generated-file header. */
export function toYaml(file: RenderedFile): string {
  const header = '# Generated by `npx projen` from platform.config.ts. Do not edit: change the config or overrides/ instead.\n';
  return header + file.documents.map((d) => stringify(d, { lineWidth: 0, aliasDuplicateObjects: false })).join('---\n');
}
