import { Template } from 'aws-cdk-lib/assertions';
import { PORTAL_ACCESS_POLICY } from '../../contract/operator-access';
import { synthPlatform } from '../support/synth-platform';
import { testConfig } from '../support/test-config';

/**
 * The portal's Kubernetes views (workloads, pods, logs) reach every cluster as the Backstage Pod
 * Identity role, through one access entry per cluster with the view-only EKS access policy
 * (https://docs.aws.amazon.com/eks/latest/userguide/access-policy-permissions.html) at cluster scope.
 */
interface AccessEntry { Properties: { PrincipalArn: unknown; AccessPolicies?: { PolicyArn: unknown; AccessScope: { Type: string } }[] } }

function portalEntries(t: Template): AccessEntry[] {
  return Object.entries(t.findResources('AWS::EKS::AccessEntry')).filter(([id]) => id.startsWith('PortalAccessEntry')).map(([, e]) => e as AccessEntry);
}

describe('the portal\'s access to each cluster', () => {
  const config = testConfig();
  const { stacks, exitCode } = synthPlatform(config);

  test('cdk-nag and CloudFormation validation pass with the entries (synth sets no failing exit code)', () => {
    expect(exitCode).toBeUndefined();
  });

  test.each(stacks.all.map((s) => [s.stackName, s] as const))('%s: one view-only access entry for the hub\'s Backstage role', (_name, stack) => {
    const t = Template.fromStack(stack);
    const entries = portalEntries(t);
    expect(entries).toHaveLength(1);
    const [entry] = entries;
    const principal = JSON.stringify(entry.Properties.PrincipalArn);
    if (stack === stacks.hub) {
      // The hub's own role: referenced, so the entry is created after the role exists.
      const [roleId] = Object.entries(t.findResources('AWS::IAM::Role', { Properties: { RoleName: 'test-hub-backstage' } })).map(([id]) => id);
      expect(principal).toBe(JSON.stringify({ 'Fn::GetAtt': [roleId, 'Arn'] }));
    } else {
      expect(principal).toMatch(new RegExp(`:iam::${config.hub.account}:role/test-hub-backstage"`));
    }
    const policies = entry.Properties.AccessPolicies!.map((p) => [JSON.stringify(p.PolicyArn), p.AccessScope.Type]);
    expect(policies).toEqual([[expect.stringContaining(`cluster-access-policy/${PORTAL_ACCESS_POLICY}`), 'cluster']]);
  });

  test('no cluster admits a Backstage role when the hub runs no portal', () => {
    const noPortal = testConfig({ addons: { backstage: { hub: false } } });
    expect(noPortal.hub.addons).not.toContain('backstage');
    for (const stack of synthPlatform(noPortal).stacks.all) expect(portalEntries(Template.fromStack(stack))).toEqual([]);
  });
});
