import type { Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import type { ResolvedCluster, ResolvedConfig } from '../../config/resolved-config';
import { ANNOTATIONS, roleArn, roleName, stackId } from '../../contract/gitops-bridge';
import { GRAFANA_ROLE_PURPOSE, hasMetricsWorkspace, METRICS_QUERY_ACTIONS, METRICS_READER_PURPOSE, METRICS_WRITER_PURPOSE, metricsWorkspaceAlias } from '../../contract/metrics-workspace';
import { PROMETHEUS_SERVICE_ACCOUNT } from '../../catalog/addons/prometheus';
import { addonById } from '../../catalog/registry';
import { evaluate } from '../support/iam-evaluator';
import { fullyResolved, synthesizedRoles, SynthesizedRole } from '../support/synthesized-roles';
import { synthPlatform } from '../support/synth-platform';
import { forkLikeConfig, testConfig } from '../support/test-config';

/**
 * Each cluster's metrics workspace and the two roles around it, evaluated with the IAM evaluation model
 * on the synthesized policies: a cluster's Prometheus writes only its own workspace, only the hub's
 * Grafana may query, and only through each cluster's reader role (docs/observability.md).
 */
type Resources = Record<string, { Type: string; Properties?: Record<string, any> }>;

describe.each<[string, () => ResolvedConfig]>([
  ['testConfig()', () => testConfig()],
  ['a fork-like config', () => forkLikeConfig()],
])('metrics workspaces with %s', (_, make) => {
  const config = make();
  const { stacks, exitCode } = synthPlatform(config);
  const all: Stack[] = [stacks.hub, ...stacks.spokes];
  const stackOf = (c: ResolvedCluster) => all.find((s) => s.stackName === stackId(config, c.name))!;
  const resourcesOf = (c: ResolvedCluster) => Template.fromStack(stackOf(c)).toJSON().Resources as Resources;
  const role = (c: ResolvedCluster, purpose: string): SynthesizedRole => {
    const name = roleName(config, c, purpose);
    const r = synthesizedRoles(stackOf(c)).get(name);
    if (!r) throw new Error(`role ${name} not synthesized in ${stackOf(c).stackName}`);
    return fullyResolved(r);
  };
  const workspaceArn = (c: ResolvedCluster) => {
    const [id] = Object.entries(resourcesOf(c)).find(([, r]) => r.Type === 'AWS::APS::Workspace')!;
    return `arn:aws:aps:${c.region}:${c.account}:workspace/${id}`;
  };
  const clusters = config.clusters.filter(hasMetricsWorkspace);
  const mayAssume = (target: SynthesizedRole, principal: string) =>
    evaluate(target.trust.map((s) => ({ ...s, Resource: '*' })), { action: 'sts:AssumeRole', resource: '*', context: { 'aws:PrincipalArn': principal } });

  test('synthesizes cdk-nag clean, with a workspace on every cluster running Prometheus', () => {
    expect(exitCode).toBeFalsy();
    expect(clusters.length).toBe(config.clusters.length);
    for (const c of clusters) {
      const workspaces = Object.values(resourcesOf(c)).filter((r) => r.Type === 'AWS::APS::Workspace');
      expect(workspaces.map((w) => w.Properties?.Alias)).toEqual([metricsWorkspaceAlias(config, c)]);
    }
  });

  test.each(clusters.map((c) => [c.name, c]))('%s: its Prometheus writes its own workspace and nothing else', (_n, c) => {
    const writer = role(c, METRICS_WRITER_PURPOSE);
    expect(evaluate(writer.statements, { action: 'aps:RemoteWrite', resource: workspaceArn(c) })).toBe('allow');
    expect(evaluate(writer.statements, { action: 'aps:RemoteWrite', resource: `arn:aws:aps:${c.region}:${c.account}:workspace/ws-other` })).toBe('implicit-deny');
    expect(evaluate(writer.statements, { action: 'aps:QueryMetrics', resource: workspaceArn(c) })).toBe('implicit-deny');
    // Pod Identity for exactly the Prometheus service account the add-on's values name.
    const associations = Object.values(resourcesOf(c)).filter((r) => r.Type === 'AWS::EKS::PodIdentityAssociation' && r.Properties?.ServiceAccount === PROMETHEUS_SERVICE_ACCOUNT);
    expect(associations.map((a) => [a.Properties?.Namespace, a.Properties?.ClusterName])).toEqual([[addonById('prometheus').namespace, c.clusterName]]);
    expect(JSON.stringify(writer.trust)).toContain('pods.eks.amazonaws.com');
  });

  test.each(clusters.map((c) => [c.name, c]))('%s: the reader role queries its workspace only, and only the hub Grafana role may assume it', (_n, c) => {
    const reader = role(c, METRICS_READER_PURPOSE);
    for (const action of METRICS_QUERY_ACTIONS) expect(evaluate(reader.statements, { action, resource: workspaceArn(c) })).toBe('allow');
    expect(evaluate(reader.statements, { action: 'aps:RemoteWrite', resource: workspaceArn(c) })).toBe('implicit-deny');
    expect(evaluate(reader.statements, { action: 'aps:QueryMetrics', resource: `arn:aws:aps:${c.region}:${c.account}:workspace/ws-other` })).toBe('implicit-deny');
    expect(mayAssume(reader, roleArn(config, config.hub, GRAFANA_ROLE_PURPOSE))).toBe('allow');
    expect(mayAssume(reader, roleArn(config, config.hub, 'external-secrets'))).toBe('implicit-deny');
    expect(mayAssume(reader, roleArn(config, c, METRICS_WRITER_PURPOSE))).toBe('implicit-deny');
  });

  test('the hub Grafana role (its Pod Identity role) assumes every reader role and no other role', () => {
    expect(GRAFANA_ROLE_PURPOSE).toBe(addonById('grafana').id);
    const grafana = role(config.hub, GRAFANA_ROLE_PURPOSE);
    for (const c of clusters) expect(evaluate(grafana.statements, { action: 'sts:AssumeRole', resource: roleArn(config, c, METRICS_READER_PURPOSE) })).toBe('allow');
    expect(evaluate(grafana.statements, { action: 'sts:AssumeRole', resource: roleArn(config, config.hub, METRICS_WRITER_PURPOSE) })).toBe('implicit-deny');
    expect(evaluate(grafana.statements, { action: 'sts:AssumeRole', resource: roleArn(config, config.hub, 'gitops-bridge-reader') })).toBe('implicit-deny');
  });

  test.each(clusters.map((c) => [c.name, c]))('%s: the registration carries the workspace endpoint CloudFormation reports', (_n, c) => {
    const [wsId] = Object.entries(resourcesOf(c)).find(([, r]) => r.Type === 'AWS::APS::Workspace')!;
    const secret = Object.values(resourcesOf(c)).find((r) => r.Type === 'AWS::SecretsManager::Secret' && JSON.stringify(r.Properties?.Name ?? '').includes('gitops-bridge'))!;
    const text = JSON.stringify(secret.Properties?.SecretString);
    const key = text.indexOf(`\\"${ANNOTATIONS.metricsEndpoint}\\":`);
    expect(key).toBeGreaterThan(-1);
    // The value right after the key is the workspace's PrometheusEndpoint attribute.
    expect(text.slice(key)).toMatch(new RegExp(`^\\\\"${ANNOTATIONS.metricsEndpoint}\\\\":\\\\"",\\{"Fn::GetAtt":\\["${wsId}","PrometheusEndpoint"\\]\\}`));
  });
});
