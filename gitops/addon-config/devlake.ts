import type { ResolvedConfig } from '../../config/resolved-config';
import { ALB_INGRESS_ANNOTATIONS, INGRESS_CLASS, toolHost } from '../../contract/ingress';
import { databaseHost, databaseOf, databaseSecretTarget } from '../../contract/platform-databases';
import { PLATFORM_SECRETS } from '../../contract/platform-secrets';
import { toolUrl } from '../sso';
import { devlakeAuthAnnotations } from '../charts/devlake-alb-auth';

const DB = databaseOf('devlake');
/** The Kubernetes Secret of a platform secret in DevLake's namespace. */
const secretOf = (id: string) => PLATFORM_SECRETS.find((s) => s.id === id)!.targets[0].secretName;

/**
 * devlake's Helm values derived from the platform config (endpoints, SSO, RBAC, databases); merged between the
 * catalog's static values (catalog/addons/devlake.ts) and `addons.devlake.values` of the config (gitops/addon-values.ts).
 */
export function devlakeValues(config: ResolvedConfig): Record<string, unknown> {
  return {
    // The ExternalSecret of the RDS credential is the connection secret (MYSQL_PASSWORD); the chart must not create it too.
    option: { database: 'mysql', connectionSecretName: databaseSecretTarget(DB, 'devlake').secretName, autoCreateSecret: false },
    lake: { encryptionSecret: { secretName: secretOf('devlake/encryption'), autoCreateSecret: false } },
    // The config UI holds GitLab tokens and is on the internet: the ALB signs users in with Keycloak first
    // (gitops/charts/devlake-alb-auth.ts); basic auth stays as the admin gate, since the ALB cannot check groups.
    ui: { basicAuth: { enabled: true, secretName: secretOf('devlake/ui'), autoCreateSecret: false } },
    // The ALB targets pod IPs; no NodePort needed.
    service: { type: 'ClusterIP' },
    mysql: {
      useExternal: true,
      // A stable name (the RDS endpoint is known only after deployment): the chart's wait-for-database init container dials it.
      externalServer: databaseHost(config, DB),
      externalPort: DB.port,
      username: DB.username,
      database: DB.databaseName,
    },
    // The platform's Grafana shows DevLake's dashboards; the bundled one is off.
    grafana: { enabled: false, external: { url: toolUrl(config, 'grafana') } },
    ingress: {
      enabled: true,
      // https in the UI's links and a TLS host (the chart's empty tlsSecretName renders no Secret; the ALB holds the certificate).
      enableHttps: true,
      className: INGRESS_CLASS,
      hostname: toolHost(config, 'devlake'),
      // The config UI's own readiness probe path (ui.readinessProbe, port 4000): 200 without basic auth.
      // ALB health checks go to the targets directly, not through the authenticate action.
      annotations: { ...ALB_INGRESS_ANNOTATIONS, 'alb.ingress.kubernetes.io/healthcheck-path': '/health/', ...devlakeAuthAnnotations(config) },
    },
  };
}
