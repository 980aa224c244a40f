import type { Construct } from 'constructs';
import type { ResolvedConfig } from '../config/resolved-config';
import { hasMetricsWorkspace } from '../contract/metrics-workspace';
import { AnalysisTemplates } from './charts/analysis-templates';
import { AppDashboards } from './charts/app-dashboards';
import { MetricsDatasources } from './charts/metrics-datasources';
import { BackstageClusters } from './charts/backstage-clusters';
import { CiEvents } from './charts/ci-events';
import { BuildPushTemplate } from './charts/ci-pipelines';
import { KargoPipeline } from './charts/delivery';
import { DevLakeAlbAuth } from './charts/devlake-alb-auth';
import { DoraDashboards } from './charts/dora-dashboards';
import { KargoProjectAccess } from './charts/kargo-project-access';
import { KeycloakRealm } from './charts/keycloak-realm';
import { KroCompositions } from './charts/kro-compositions';
import { VelaDefinitions } from './charts/vela-definitions';
import { WorkflowsSsoRbac } from './charts/workflows-sso-rbac';

/** One file of platform objects whose kinds an add-on provides, rendered under `addon-objects/<addon>/`. */
export interface AddonObjectsFile {
  readonly addon: string;
  readonly file: string;
  readonly render: (scope: Construct) => void;
}

/** Every such file for a config: the platform's configuration of its add-ons, as objects. */
export function addonObjectFiles(config: ResolvedConfig): AddonObjectsFile[] {
  return [
    { addon: 'argo-rollouts', file: 'analysis-templates.yaml', render: (s) => new AnalysisTemplates(s, 'Analysis') },
    { addon: 'kro', file: 'compositions.yaml', render: (s) => new KroCompositions(s, 'Kro', config) },
    { addon: 'kubevela', file: 'definitions.yaml', render: (s) => new VelaDefinitions(s, 'Vela') },
    { addon: 'keycloak', file: 'realm.yaml', render: (s) => new KeycloakRealm(s, 'Realm', config) },
    { addon: 'argo-workflows', file: 'build-push.yaml', render: (s) => new BuildPushTemplate(s, 'BuildPush', config) },
    { addon: 'argo-events', file: 'ci-events.yaml', render: (s) => new CiEvents(s, 'Events', config) },
    { addon: 'grafana', file: 'dora.yaml', render: (s) => new DoraDashboards(s, 'Dora', config) },
    ...(config.clusters.some(hasMetricsWorkspace) ? [{ addon: 'grafana', file: 'metrics-datasources.yaml', render: (s: Construct) => new MetricsDatasources(s, 'Metrics', config) }] : []),
    ...(config.applications.length > 0 ? [{ addon: 'grafana', file: 'app-dashboards.yaml', render: (s: Construct) => new AppDashboards(s, 'Apps', config) }] : []),
    { addon: 'backstage', file: 'clusters.yaml', render: (s) => new BackstageClusters(s, 'Clusters', config) },
    ...config.applications.map((app) => ({ addon: 'kargo', file: `${app.name}.yaml`, render: (s: Construct) => new KargoPipeline(s, 'Pipeline', config, app) })),
    { addon: 'devlake', file: 'alb-auth.yaml', render: (s) => new DevLakeAlbAuth(s, 'AlbAuth') },
    { addon: 'argo-workflows', file: 'sso-rbac.yaml', render: (s) => new WorkflowsSsoRbac(s, 'SsoRbac', config) },
    ...config.applications.map((app) => ({ addon: 'kargo', file: `${app.name}-access.yaml`, render: (s: Construct) => new KargoProjectAccess(s, 'Access', config, app) })),
  ];
}
