import { ALB_INGRESS_ANNOTATIONS, INGRESS_CLASS, toolHost } from '../../contract/ingress';
import { GROUPS_CLAIM, ssoClient } from '../../contract/sso';
import { groupRoles, oidcIssuer } from '../sso';
import { defineAddon } from './addon-definition';

/** Kargo: promotes the same artifact from dev to prod. */
export const kargo = defineAddon({
  id: 'kargo',
  description: 'Progressive promotion of freight (images + config) across environments',
  chart: { repoURL: 'ghcr.io/akuity/kargo-charts', chart: 'kargo', version: '1.5.3' },
  namespace: 'kargo',
  syncWave: 7,
  defaultOn: { hub: true, spoke: false },
  dependsOn: [
    { addon: 'argo-cd', on: 'hub' },
    { addon: 'cert-manager', on: 'same-cluster' },
  ],
  serviceAccount: 'kargo-controller',
  iam: [
    {
      actions: ['ecr:DescribeImages', 'ecr:ListImages', 'ecr:BatchGetImage', 'ecr:GetDownloadUrlForLayer'],
      resources: ['arn:{partition}:ecr:{region}:{account}:repository/{prefix}/*'],
    },
    // GetAuthorizationToken has no resource-level permissions.
    { actions: ['ecr:GetAuthorizationToken'], resources: ['*'] },
  ],
  values: { api: { adminAccount: { enabled: false } } },
  valuesFor: (config) => ({
    api: {
      host: toolHost(config, 'kargo'),
      // The ALB terminates TLS: the API serves plain HTTP, and `terminatedUpstream` keeps every URL it issues https.
      tls: { enabled: false, terminatedUpstream: true },
      ingress: {
        enabled: true,
        ingressClassName: INGRESS_CLASS,
        annotations: { ...ALB_INGRESS_ANNOTATIONS },
        // The chart's default ImplementationSpecific `/` is an exact match for the ALB; Prefix serves every path.
        pathType: 'Prefix',
        // No Ingress TLS block: the chart can only render one naming a cert-manager Secret (kargo-api-ingress-cert);
        // the ALB serves the IngressClassParams' ACM certificate for the host.
        tls: { enabled: false },
      },
      adminAccount: { enabled: false },
      oidc: {
        // A public client with PKCE (the chart: "does not require a client secret"); the realm registers it so.
        enabled: true, issuerURL: oidcIssuer(config), clientID: ssoClient('kargo').id,
        additionalScopes: [GROUPS_CLAIM],
        admins: { claims: { [GROUPS_CLAIM]: groupRoles(config).filter(([, r]) => r === 'admin').map(([g]) => g) } },
        // Editors and viewers read everything; each team administers its own projects (gitops/charts/kargo-project-access.ts).
        viewers: { claims: { [GROUPS_CLAIM]: groupRoles(config).filter(([, r]) => r !== 'admin').map(([g]) => g) } },
      },
    },
  }),
});
