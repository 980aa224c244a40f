import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import type { ResolvedConfig } from '../../config/resolved-config';
import { GROUPS_CLAIM } from '../../contract/sso';
import { groupRoles } from '../sso';

/** Namespace of Argo Workflows (its add-on's namespace) where the SSO ServiceAccounts live. */
const NAMESPACE = 'argo-workflows';

/** One SSO role of the Argo Server: who gets it, how strongly, and which of the chart's ClusterRoles it binds. */
export interface WorkflowsSsoRole {
  readonly serviceAccount: string;
  readonly groups: readonly string[];
  /** Higher wins when a user matches several rules. */
  readonly precedence: number;
  /** argo-workflows 0.45.12 `createAggregateRoles` ClusterRoles `<fullname>-{admin,edit,view}` (release `argo-workflows`). */
  readonly clusterRole: string;
}

/** The Argo Server's SSO roles: admins, editors (editor groups and every team), viewers. */
export function workflowsSsoRoles(config: ResolvedConfig): WorkflowsSsoRole[] {
  const of = (role: string) => groupRoles(config).filter(([, r]) => r === role).map(([g]) => g);
  const roles: WorkflowsSsoRole[] = [
    { serviceAccount: 'sso-admin', groups: of('admin'), precedence: 30, clusterRole: 'argo-workflows-admin' },
    // Teams run their CI here: they may submit and retry workflows.
    { serviceAccount: 'sso-editor', groups: [...new Set([...of('editor'), ...config.teams.map((t) => t.keycloakGroup)])], precedence: 20, clusterRole: 'argo-workflows-edit' },
    { serviceAccount: 'sso-viewer', groups: of('viewer'), precedence: 10, clusterRole: 'argo-workflows-view' },
  ];
  return roles.filter((r) => r.groups.length > 0);
}

/** The `workflows.argoproj.io/rbac-rule` expression (expr-lang) matching any of the groups. Names are schema-checked. */
export function rbacRule(groups: readonly string[]): string {
  return groups.map((g) => `'${g}' in ${GROUPS_CLAIM}`).join(' || ');
}

/**
 * Argo Workflows SSO RBAC (https://argo-workflows.readthedocs.io/en/release-3.6/argo-server-sso/#sso-rbac): the
 * Argo Server picks, for a signed-in user, the ServiceAccount of its namespace whose `rbac-rule` matches the
 * user's claims (highest `rbac-rule-precedence` first), and acts with that account's token. Since Kubernetes 1.24
 * a ServiceAccount has no token Secret of its own; v3.6 reads the Secret named `<sa>.service-account-token`
 * (https://argo-workflows.readthedocs.io/en/release-3.6/service-account-secrets/), so each is created here.
 * Without a match the user is refused: there is no default ServiceAccount rule.
 */
export class WorkflowsSsoRbac extends Construct {
  constructor(scope: Construct, id: string, config: ResolvedConfig) {
    super(scope, id);
    for (const role of workflowsSsoRoles(config)) {
      new ApiObject(this, `Sa-${role.serviceAccount}`, {
        apiVersion: 'v1',
        kind: 'ServiceAccount',
        metadata: {
          name: role.serviceAccount,
          namespace: NAMESPACE,
          annotations: {
            'workflows.argoproj.io/rbac-rule': rbacRule(role.groups),
            'workflows.argoproj.io/rbac-rule-precedence': String(role.precedence),
          },
        },
      });
      new ApiObject(this, `Token-${role.serviceAccount}`, {
        apiVersion: 'v1',
        kind: 'Secret',
        type: 'kubernetes.io/service-account-token',
        metadata: { name: `${role.serviceAccount}.service-account-token`, namespace: NAMESPACE, annotations: { 'kubernetes.io/service-account.name': role.serviceAccount } },
      });
      new ApiObject(this, `Binding-${role.serviceAccount}`, {
        apiVersion: 'rbac.authorization.k8s.io/v1',
        kind: 'RoleBinding',
        metadata: { name: role.serviceAccount, namespace: NAMESPACE },
        roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: role.clusterRole },
        subjects: [{ kind: 'ServiceAccount', name: role.serviceAccount, namespace: NAMESPACE }],
      });
    }
  }
}
