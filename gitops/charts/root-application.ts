import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import type { ResolvedConfig } from '../../config/resolved-config';
import { ARGOCD_NAMESPACE, LAYOUT, repoPath } from '../gitops-layout';
import { PLATFORM_PROJECT } from './addon-application-set';
import { hubDestination } from './cluster-registration';
import { AUTOMATED_SYNC } from './file-chart';

/** Name of the root Application the bootstrap applies once on the hub. */
export function rootApplicationName(config: ResolvedConfig): string {
  return `${config.name}-bootstrap`;
}

/**
 * `bootstrap/`: the only objects applied by hand (once, by `npx projen bootstrap`). The root
 * Application syncs this very folder (so it manages itself and the platform project from git) and
 * the `platform` Application syncs `platform/` recursively: every ApplicationSet, registration,
 * project and hub object, in sync-wave order (secrets → certificates → ingress → identity → git →
 * portal → the rest).
 */
export class Bootstrap extends Construct {
  constructor(scope: Construct, id: string, config: ResolvedConfig) {
    super(scope, id);
    const app = (name: string, path: string, wave: number) =>
      new ApiObject(this, name, {
        apiVersion: 'argoproj.io/v1alpha1',
        kind: 'Application',
        metadata: {
          name,
          namespace: ARGOCD_NAMESPACE,
          finalizers: ['resources-finalizer.argocd.argoproj.io'],
          annotations: { 'argocd.argoproj.io/sync-wave': String(wave) },
        },
        spec: {
          project: PLATFORM_PROJECT,
          source: { repoURL: config.git.url, targetRevision: config.git.revision, path: repoPath(config, path), directory: { recurse: true } },
          destination: { ...hubDestination(config), namespace: ARGOCD_NAMESPACE },
          syncPolicy: AUTOMATED_SYNC,
        },
      });

    new ApiObject(this, 'PlatformProject', {
      apiVersion: 'argoproj.io/v1alpha1',
      kind: 'AppProject',
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
    app(`${config.name}-platform`, LAYOUT.platform, 0);
  }
}
