import { Construct } from 'constructs';
import type { ResolvedApplication, ResolvedConfig, ResolvedTeam } from '../../config/resolved-config';
import { labelRef, LABELS } from '../../contract/gitops-bridge';
import { ecrRegistry } from '../../contract/endpoints';
import { ARGOCD_APPLICATION_LABEL } from '../../contract/portal-catalog';
import { byEnvironment, ClusterApplicationSet, spokesOf } from './cluster-application-set';
import { LAYOUT, repoPath } from '../gitops-layout';
import { ARGOCD_NAMESPACE, workloadApplicationName } from '../../contract/names';
import {
  Project,
  ProjectConfig,
  Stage,
  StageSpecRequestedFreightOriginKind,
  Warehouse,
  WarehouseSpecSubscriptionsImageImageSelectionStrategy,
} from '../imports/kargo.akuity.io';
import { PROMOTED_TAG_KEY, promotionStateFile } from '../promotion-state';
import { AFTER_CRDS_SYNC_NO_NAMESPACE } from '../sync-layers';
import { syncWave } from './file-chart';
import { teamProject } from './tenancy';

/** ECR image of an application (repositories live in the hub account, spokes may pull). */
export function imageRepository(config: ResolvedConfig, app: ResolvedApplication): string {
  return `${ecrRegistry(config)}/${app.image}`;
}

/** Namespace an application runs in on an environment: the team's first namespace there. */
export function appNamespace(team: ResolvedTeam, env: string): string {
  return team.namespaces[env][0];
}

/**
 * Delivery of one application, on the hub: an ApplicationSet that deploys `workloads/<app>/<env>`
 * to every spoke of each environment in its promotion order, in the team's project.
 */
export class Delivery extends Construct {
  constructor(scope: Construct, id: string, config: ResolvedConfig, app: ResolvedApplication, team: ResolvedTeam) {
    super(scope, id);
    const kargoProject = app.name;

    new ClusterApplicationSet(this, 'ApplicationSet', {
      name: `app-${app.name}`,
      syncWave: 10,
      selector: spokesOf(app.promotion),
      template: {
        metadata: {
          name: workloadApplicationName(app.name, labelRef(LABELS.clusterName)),
          // The portal's entity of the app selects its Applications by this label (argocd/app-selector).
          labels: { [ARGOCD_APPLICATION_LABEL]: app.name },
          annotations: { 'kargo.akuity.io/authorized-stage': `${kargoProject}:${labelRef(LABELS.environment)}` },
        },
        spec: {
          project: teamProject(team),
          source: { repoUrl: config.git.url, targetRevision: config.git.revision, path: repoPath(config, LAYOUT.workloads, app.name, labelRef(LABELS.environment)) },
          destination: { name: '{{.name}}', namespace: byEnvironment(Object.fromEntries(app.promotion.map((e) => [e, appNamespace(team, e)]))) },
          // Rollouts: Argo Rollouts is installed on the spoke by a concurrently generated Application.
          syncPolicy: AFTER_CRDS_SYNC_NO_NAMESPACE,
        },
      },
    });

  }
}

/**
 * Whether Kargo auto-promotes new Freight into `env`. In Kargo 1.5.3 this is decided ONLY by the
 * ProjectConfig's promotionPolicies (first policy whose stageSelector matches; none → manual):
 * https://github.com/akuity/kargo/blob/v1.5.3/internal/controller/stages/regular_stages.go (autoPromotionAllowed).
 * The last environment follows `autoPromoteProd` even when it is also the first (a one-environment
 * promotion order used to auto-promote it regardless); every other stage after the first waits for a
 * person promoting in the Kargo UI (Keycloak SSO).
 */
export function autoPromotes(app: ResolvedApplication, env: string): boolean {
  if (env === app.promotion[app.promotion.length - 1]) return app.autoPromoteProd;
  return env === app.promotion[0];
}

/**
 * The Kargo pipeline of one application: a Warehouse watching its ECR image, a Stage per environment,
 * the first fed directly and auto-promoted, each next one fed by the previous and promoted by hand
 * unless configured otherwise. Promotion commits the new tag to the fork-owned state file
 * `promotion/<app>/<env>/kustomization.yaml` (never to generated files) and syncs the authorised Argo CD Applications.
 */
export class KargoPipeline extends Construct {
  constructor(scope: Construct, id: string, config: ResolvedConfig, app: ResolvedApplication) {
    super(scope, id);
    const kargoProject = app.name;
    new Project(this, 'KargoProject', {
      metadata: { name: kargoProject, annotations: syncWave(0) },
    });
    new ProjectConfig(this, 'KargoProjectConfig', {
      metadata: { name: kargoProject, namespace: kargoProject, annotations: syncWave(1) },
      spec: {
        promotionPolicies: app.promotion.map((env) => ({ stageSelector: { name: env }, autoPromotionEnabled: autoPromotes(app, env) })),
      },
    });
    new Warehouse(this, 'Warehouse', {
      metadata: { name: app.name, namespace: kargoProject, annotations: syncWave(1) },
      spec: {
        interval: '5m',
        // strictSemvers is Kargo 1.5.3's default, explicit because its CRD lists it as required (with that default).
        subscriptions: [{ image: { repoUrl: imageRepository(config, app), imageSelectionStrategy: WarehouseSpecSubscriptionsImageImageSelectionStrategy.NEWEST_BUILD, strictSemvers: true, discoveryLimit: 20 } }],
      },
    });
    app.promotion.forEach((env, i) => {
      const clusters = config.spokes.filter((s) => s.environment === env);
      const path = `./repo/${promotionStateFile(app.name, env)}`;
      new Stage(this, `Stage-${env}`, {
        metadata: { name: env, namespace: kargoProject, annotations: syncWave(2) },
        spec: {
          requestedFreight: [{
            origin: { kind: StageSpecRequestedFreightOriginKind.WAREHOUSE, name: app.name },
            sources: i === 0 ? { direct: true } : { stages: [app.promotion[i - 1]] },
          }],
          promotionTemplate: {
            spec: {
              steps: [
                { uses: 'git-clone', config: { repoURL: config.git.url, checkout: [{ branch: config.git.revision, path: './repo' }] } },
                {
                  uses: 'yaml-update',
                  config: { path, updates: [{ key: PROMOTED_TAG_KEY, value: `\${{ imageFrom("${imageRepository(config, app)}").Tag }}` }] },
                },
                { uses: 'git-commit', as: 'commit', config: { path: './repo', message: `Promote ${app.name} to ${env}` } },
                { uses: 'git-push', config: { path: './repo' } },
                { uses: 'argocd-update', config: { apps: clusters.map((c) => ({ name: workloadApplicationName(app.name, c.name), namespace: ARGOCD_NAMESPACE })) } },
              ],
            },
          },
        },
      });
    });
  }
}
