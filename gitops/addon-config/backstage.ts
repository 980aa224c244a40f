import type { ResolvedConfig } from '../../config/resolved-config';
import { BACKSTAGE_GITLAB_SECRET } from '../../contract/application-ci';
import { ALB_INGRESS_ANNOTATIONS, INGRESS_CLASS, toolHost } from '../../contract/ingress';
import { databaseHost, databaseOf, databaseSecretTarget, secretKeyOf } from '../../contract/platform-databases';
import { BACKSTAGE_CLUSTERS_SECRET, clusterCaEnv, clusterUrlEnv } from '../charts/backstage-clusters';
import { keycloakUrl, oidcIssuer, toolUrl } from '../sso';
import { portalImage } from '../portal-image';
import { PORTAL_ARGOCD, portalArgoCdEnabled } from '../../contract/portal-argocd';

const DB = databaseOf('backstage');
const DB_SECRET = databaseSecretTarget(DB, 'backstage');
const env = (key: string) => `\${${key}}`;

/**
 * backstage's Helm values derived from the platform config (endpoints, SSO, RBAC, databases); merged between the
 * catalog's static values (catalog/addons/backstage.ts) and `addons.backstage.values` of the config (gitops/addon-values.ts).
 */
export function backstageValues(config: ResolvedConfig): Record<string, unknown> {
  return {
    backstage: {
      // The platform's own portal image (portal/Dockerfile, pushed by the portal-image CI job) and its baked app-config files.
      image: portalImage(config),
      args: ['--config', 'app-config.yaml', '--config', 'app-config.platform.yaml'],
      appConfig: {
        app: { title: `${config.name} developer portal`, baseUrl: toolUrl(config, 'backstage') },
        backend: {
          baseUrl: toolUrl(config, 'backstage'),
          auth: { keys: [{ secret: '${BACKEND_SECRET}' }] },
          // https://backstage.io/docs/getting-started/config/database: user and password from the ExternalSecret's env vars.
          database: {
            client: 'pg',
            connection: {
              host: databaseHost(config, DB),
              port: DB.port,
              user: env(secretKeyOf(DB_SECRET, 'username')),
              password: env(secretKeyOf(DB_SECRET, 'password')),
              // RDS for PostgreSQL 15+ forces TLS (rds.force_ssl=1). The RDS CA is not in the image yet: encrypted, not verified.
              ssl: { require: true, rejectUnauthorized: false },
            },
          },
        },
        auth: {
          environment: 'production',
          providers: {
            oidc: {
              production: {
                metadataUrl: `${oidcIssuer(config)}/.well-known/openid-configuration`, clientId: '${clientID}', clientSecret: '${clientSecret}', prompt: 'auto',
                // The OIDC module (0.4.21) offers only the email resolvers; the Keycloak org module ingests each user's email.
                signIn: { resolvers: [{ resolver: 'emailMatchingUserEntityProfileEmail' }] },
              },
            },
          },
        },
        catalog: {
          // Users and groups from the realm, through the backstage client's service account (view-users, query-groups):
          // https://github.com/backstage/community-plugins/tree/main/workspaces/keycloak/plugins/catalog-backend-module-keycloak
          providers: {
            keycloakOrg: {
              default: {
                baseUrl: keycloakUrl(config), loginRealm: config.sso.realm, realm: config.sso.realm,
                clientId: '${clientID}', clientSecret: '${clientSecret}',
                schedule: { frequency: { minutes: 30 }, timeout: { minutes: 3 } },
              },
            },
          },
          locations: [{ type: 'url', target: `${config.git.url.replace(/\.git$/, '')}/-/raw/${config.git.revision}/golden-paths/catalog-info.yaml`, rules: [{ allow: ['Template', 'Location', 'Component', 'System', 'Group', 'Resource'] }] }],
        },
        kubernetes: {
          serviceLocatorMethod: { type: 'multiTenant' },
          clusterLocatorMethods: [{
            type: 'config',
            clusters: config.clusters.map((c) => ({
              name: c.name,
              // The hub is Backstage's own cluster; spokes' endpoints and CAs come from their registrations (backstage-clusters Secret).
              url: c.role === 'hub' ? 'https://kubernetes.default.svc' : `\${${clusterUrlEnv(c.name)}}`,
              ...(c.role === 'hub' ? { caFile: '/var/run/secrets/kubernetes.io/serviceaccount/ca.crt' } : { caData: `\${${clusterCaEnv(c.name)}}` }),
              authProvider: 'aws',
              // The EKS token names the EKS cluster, not the config's short name (kubernetes-backend AwsIamStrategy, x-k8s-aws-id).
              authMetadata: { 'kubernetes.io/x-k8s-aws-id': c.clusterName },
              skipMetricsLookup: false,
            })),
          }],
        },
        // The platform group's api token (git plumbing → Secrets Manager → ExternalSecret), for the catalog and merge requests.
        integrations: { gitlab: [{ host: new URL(toolUrl(config, 'gitlab')).host, apiBaseUrl: `${toolUrl(config, 'gitlab')}/api/v4`, token: env('GITLAB_TOKEN') }] },
        // Roadie's Argo CD backend 4.8.0 sends an instance's `token` as the bearer token of its API calls
        // (https://github.com/RoadieHQ/roadie-backstage-plugins/tree/main/plugins/backend/backstage-plugin-argo-cd-backend):
        // the read-only portal account's token, from Secrets Manager via the ExternalSecret below.
        argocd: { appLocatorMethods: [{ type: 'config', instances: [{ name: 'hub', url: toolUrl(config, 'argocd'), ...(portalArgoCdEnabled(config) ? { token: env(PORTAL_ARGOCD.envVar) } : {}) }] }] },
      },
      extraEnvVarsSecrets: ['backstage-backend', 'backstage-oidc', DB_SECRET.secretName, BACKSTAGE_CLUSTERS_SECRET, BACKSTAGE_GITLAB_SECRET, ...(portalArgoCdEnabled(config) ? [PORTAL_ARGOCD.kubernetesSecret] : [])],
    },
    ingress: {
      enabled: true,
      className: INGRESS_CLASS,
      host: toolHost(config, 'backstage'),
      annotations: { ...ALB_INGRESS_ANNOTATIONS, 'alb.ingress.kubernetes.io/healthcheck-path': '/.backstage/health/v1/readiness' },
      // TLS hosts without a Secret: the ALB serves the IngressClassParams' ACM certificate (`tls.enabled` would render an empty secretName).
      extraTls: [{ hosts: [toolHost(config, 'backstage')] }],
    },
  };
}
