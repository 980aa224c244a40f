import * as aps from 'aws-cdk-lib/aws-aps';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import type { ResolvedCluster, ResolvedConfig } from '../../config/resolved-config';
import { roleArn, roleName } from '../../contract/gitops-bridge';
import { GRAFANA_ROLE_PURPOSE, METRICS_QUERY_ACTIONS, METRICS_READER_PURPOSE, METRICS_WRITER_PURPOSE, metricsWorkspaceAlias } from '../../contract/metrics-workspace';
import { PROMETHEUS_SERVICE_ACCOUNT } from '../../catalog/addons/prometheus';
import { addonById } from '../../catalog/registry';
import { PodIdentityRole } from './pod-identity-role';

export interface MetricsWorkspaceProps {
  readonly config: ResolvedConfig;
  readonly cluster: ResolvedCluster;
  /** Partition of the stack (for the Grafana role ARN the reader role trusts). */
  readonly partition: string;
}

/**
 * A cluster's Amazon Managed Service for Prometheus workspace in its own account and region, the role
 * its Prometheus remote-writes with (Pod Identity, `aps:RemoteWrite` on this workspace only: a cluster
 * can never write another cluster's series), and the role the hub's Grafana assumes to query it
 * (trusted by the hub account narrowed to the Grafana role, query actions on this workspace only).
 */
export class MetricsWorkspace extends Construct {
  readonly workspace: aps.CfnWorkspace;
  readonly writer: PodIdentityRole;
  readonly reader: iam.Role;

  constructor(scope: Construct, id: string, props: MetricsWorkspaceProps) {
    super(scope, id);
    const { config, cluster } = props;
    this.workspace = new aps.CfnWorkspace(this, 'Workspace', { alias: metricsWorkspaceAlias(config, cluster) });
    this.writer = new PodIdentityRole(this, 'Writer', {
      clusterName: cluster.clusterName,
      roleName: roleName(config, cluster, METRICS_WRITER_PURPOSE),
      namespace: addonById('prometheus').namespace,
      serviceAccounts: [PROMETHEUS_SERVICE_ACCOUNT],
      statements: [new iam.PolicyStatement({ actions: ['aps:RemoteWrite'], resources: [this.workspace.attrArn] })],
    });
    this.reader = new iam.Role(this, 'Reader', {
      roleName: roleName(config, cluster, METRICS_READER_PURPOSE),
      description: `Lets the hub's Grafana query the metrics workspace of ${cluster.clusterName}`,
      // Trust the hub account narrowed to the one role: the principal need not exist yet (stacks deploy in parallel).
      assumedBy: new iam.AccountPrincipal(config.hub.account).withConditions({ ArnEquals: { 'aws:PrincipalArn': roleArn(config, config.hub, GRAFANA_ROLE_PURPOSE, props.partition) } }),
    });
    this.reader.addToPolicy(new iam.PolicyStatement({ actions: [...METRICS_QUERY_ACTIONS], resources: [this.workspace.attrArn] }));
  }

  /** `https://aps-workspaces.<region>.amazonaws.com/workspaces/<id>/` (CloudFormation attribute). */
  get prometheusEndpoint(): string {
    return this.workspace.attrPrometheusEndpoint;
  }
}
