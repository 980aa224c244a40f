import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import type { ResolvedApplication, ResolvedConfig } from '../../config/resolved-config';
import { GROUPS_CLAIM } from '../../contract/sso';
import { syncWave } from './file-chart';

/** ServiceAccount of a Kargo project that its team's Keycloak group is mapped to. */
export const KARGO_TEAM_ACCOUNT = 'team';

/**
 * Kargo project role of the application's team: Kargo maps a signed-in user to every ServiceAccount of a
 * project namespace annotated `rbac.kargo.akuity.io/claim.<claim>` with one of the user's claim values, and
 * acts with that account's permissions (https://docs.kargo.io/operator-guide/security/access-controls/).
 * The team administers its own project (promotes, approves freight); platform admins and viewers are global
 * (kargo values `api.oidc.admins` / `viewers`).
 */
export class KargoProjectAccess extends Construct {
  constructor(scope: Construct, id: string, config: ResolvedConfig, app: ResolvedApplication) {
    super(scope, id);
    const team = config.teams.find((t) => t.name === app.team);
    if (!team) throw new Error(`applications.${app.name}.team "${app.team}" is not a team`);
    // The project namespace is created by Kargo from the Project (sync wave 0 of the pipeline).
    new ApiObject(this, 'Account', {
      apiVersion: 'v1',
      kind: 'ServiceAccount',
      metadata: { name: KARGO_TEAM_ACCOUNT, namespace: app.name, annotations: { ...syncWave(1), [`rbac.kargo.akuity.io/claim.${GROUPS_CLAIM}`]: team.keycloakGroup } },
    });
    new ApiObject(this, 'Binding', {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'RoleBinding',
      metadata: { name: KARGO_TEAM_ACCOUNT, namespace: app.name, annotations: syncWave(1) },
      // The kargo chart's ClusterRole for project administrators.
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'kargo-project-admin' },
      subjects: [{ kind: 'ServiceAccount', name: KARGO_TEAM_ACCOUNT, namespace: app.name }],
    });
  }
}
