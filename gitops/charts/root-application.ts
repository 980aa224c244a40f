import { Construct } from 'constructs';
import type { ResolvedConfig } from '../../config/resolved-config';
import { ARGOCD_NAMESPACE } from '../../contract/names';
import { LAYOUT, repoPath } from '../gitops-layout';
import { Application, AppProject } from '../imports/argoproj.io';
import { PLATFORM_PROJECT } from './addon-application-set';
import { hubDestination } from './cluster-registration';
import { AFTER_CRDS_SYNC } from '../sync-layers';
import { AUTOMATED_SYNC } from './file-chart';

/** Name of the root Application the bootstrap applies once on the hub. */
export function rootApplicationName(config: ResolvedConfig): string {
  return `${config.name}-bootstrap`;
}

/** The Application syncing `platform/` (kinds served before add-ons). */
export function platformApplicationName(config: ResolvedConfig): string {
  return `${config.name}-platform`;
}

/** The Application syncing `platform-custom/` (kinds whose CRDs add-ons install). */
export function platformCustomApplicationName(config: ResolvedConfig): string {
  return `${config.name}-platform-custom`;
}

/**
 * `bootstrap/`: the only objects applied by hand (once, by `npx projen bootstrap`). The root
 * Application syncs this very folder (so it manages itself and the platform project from git), then:
 * - `<name>-platform` syncs `platform/`: objects of kinds the hub serves before any add-on — the add-on
 *   ApplicationSets (which install External Secrets and every other add-on), projects, namespaces.
 *   Its dry-run can therefore never fail on an unknown kind.
 * - `<name>-platform-custom` syncs `platform-custom/`: hub objects whose CRDs add-ons install (secret
 *   stores, ExternalSecrets, the cluster registrations). Argo CD assesses no health for Applications
 *   (https://argo-cd.readthedocs.io/en/stable/operator-manual/health/#argocd-app), so its wave does not
 *   wait for External Secrets: it skips the dry-run of kinds not yet served and retries, without limit,
 *   until they are (AFTER_CRDS_SYNC).
 * Which folder an object lands in follows from its kind (gitops/sync-layers.ts), not from a file list.
 */
export class Bootstrap extends Construct {
  constructor(scope: Construct, id: string, config: ResolvedConfig) {
    super(scope, id);
    const app = (name: string, path: string, wave: number, syncPolicy: typeof AUTOMATED_SYNC | typeof AFTER_CRDS_SYNC = AUTOMATED_SYNC) =>
      new Application(this, name, {
        metadata: {
          name,
          namespace: ARGOCD_NAMESPACE,
          finalizers: ['resources-finalizer.argocd.argoproj.io'],
          annotations: { 'argocd.argoproj.io/sync-wave': String(wave) },
        },
        spec: {
          project: PLATFORM_PROJECT,
          source: { repoUrl: config.git.url, targetRevision: config.git.revision, path: repoPath(config, path), directory: { recurse: true } },
          destination: { ...hubDestination(config), namespace: ARGOCD_NAMESPACE },
          syncPolicy: { ...syncPolicy, syncOptions: [...syncPolicy.syncOptions] },
        },
      });

    new AppProject(this, 'PlatformProject', {
      metadata: { name: PLATFORM_PROJECT, namespace: ARGOCD_NAMESPACE, annotations: { 'argocd.argoproj.io/sync-wave': '-10' } },
      spec: {
        description: 'Platform add-ons and registrations; platform admins only',
        sourceRepos: ['*'],
        destinations: [{ name: '*', server: '*', namespace: '*' }],
        clusterResourceWhitelist: [{ group: '*', kind: '*' }],
        roles: [{ name: 'admin', groups: [config.sso.adminGroup], policies: [`p, proj:${PLATFORM_PROJECT}:admin, applications, *, ${PLATFORM_PROJECT}/*, allow`] }],
      },
    });
    app(rootApplicationName(config), LAYOUT.bootstrap, -5);
    app(platformApplicationName(config), LAYOUT.platform, 0);
    app(platformCustomApplicationName(config), LAYOUT.platformCustom, 1, AFTER_CRDS_SYNC);
  }
}
