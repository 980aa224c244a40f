import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import type { ResolvedConfig } from '../../config/resolved-config';
import { oidcSecretName } from '../../contract/platform-secrets';
import { oidcIssuer } from '../../contract/sso';

/** Group of EKS Auto Mode's managed controllers (the AWSServiceRoleForAmazonEKS access entry). */
export const EKS_MANAGED_GROUP = 'eks:managed';

/**
 * ALB authentication in front of DevLake (it has no login of its own): the ALB signs users in with Keycloak
 * before any request reaches the config UI. EKS Auto Mode honours `alb.ingress.kubernetes.io/auth-type: oidc`,
 * but its controller may not read Secrets until granted: https://docs.aws.amazon.com/eks/latest/userguide/auto-managed-rbac-example.html
 * (the client secret Secret needs keys `clientID` and `clientSecret`:
 * https://kubernetes-sigs.github.io/aws-load-balancer-controller/latest/guide/ingress/annotations/#authentication).
 */
export function devlakeAuthAnnotations(config: ResolvedConfig): Record<string, string> {
  const oidc = `${oidcIssuer(config)}/protocol/openid-connect`;
  return {
    'alb.ingress.kubernetes.io/auth-type': 'oidc',
    'alb.ingress.kubernetes.io/auth-idp-oidc': JSON.stringify({
      issuer: oidcIssuer(config),
      authorizationEndpoint: `${oidc}/auth`,
      tokenEndpoint: `${oidc}/token`,
      userInfoEndpoint: `${oidc}/userinfo`,
      secretName: oidcSecretName('devlake'),
    }),
    'alb.ingress.kubernetes.io/auth-on-unauthenticated-request': 'authenticate',
    'alb.ingress.kubernetes.io/auth-scope': 'openid',
  };
}

/** Lets Auto Mode's load balancer controller read exactly the DevLake client's Secret, nothing else. */
export class DevLakeAlbAuth extends Construct {
  constructor(scope: Construct, id: string) {
    super(scope, id);
    const name = 'eks-managed-alb-oidc';
    new ApiObject(this, 'Role', {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'Role',
      metadata: { name, namespace: 'devlake' },
      rules: [{ apiGroups: [''], resources: ['secrets'], resourceNames: [oidcSecretName('devlake')], verbs: ['get'] }],
    });
    new ApiObject(this, 'Binding', {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'RoleBinding',
      metadata: { name, namespace: 'devlake' },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name },
      subjects: [{ apiGroup: 'rbac.authorization.k8s.io', kind: 'Group', name: EKS_MANAGED_GROUP }],
    });
  }
}
