import { Match, Template } from 'aws-cdk-lib/assertions';
import { addonsWithIam } from '../../contract/gitops-bridge';
import { addonById } from '../../catalog/registry';
import { nagViolations, synthPlatform } from '../support/synth-platform';
import { rawTestConfig, testConfig } from '../support/test-config';

/**
 * The EKS managed capabilities (https://docs.aws.amazon.com/eks/latest/userguide/capabilities.html):
 * managed Argo CD on the hub, ACK and kro as capabilities on dev, charts on prod; three accounts.
 */
const spokes = rawTestConfig().spokes;
const config = testConfig({
  argocd: { mode: 'eks-capability', identityCenterInstanceArn: 'arn:aws:sso:::instance/ssoins-0123456789abcdef' },
  spokes: { ...spokes, dev: { ...spokes.dev, capabilities: { ack: true, kro: true } } },
});
const { stacks, outdir, exitCode: exitCodeAfterSynth } = synthPlatform(config);
const templateOf = (name: string) => Template.fromStack(stacks.all.find((s) => s.stackName === `test-${name}`)!);
const hub = templateOf('hub');
const dev = templateOf('dev');
const prod = templateOf('prod');

type Resources = Record<string, { Type: string; Properties: Record<string, any>; DependsOn?: string[] }>;
const resources = (t: Template) => (t.toJSON() as { Resources: Resources }).Resources;
/** Logical id of the one resource of a type whose properties contain `text`. */
function idOf(t: Template, type: string, text: string): string {
  const found = Object.entries(resources(t)).filter(([, r]) => r.Type === type && JSON.stringify(r.Properties).includes(text));
  expect([type, text, found.length]).toEqual([type, text, 1]);
  return found[0][0];
}
const capabilityId = (t: Template, type: string) => idOf(t, 'AWS::EKS::Capability', `"Type":"${type}"`);
const roleId = (t: Template, name: string) => idOf(t, 'AWS::IAM::Role', `"RoleName":"${name}"`);
/** The access entry of a principal: its access-policy associations are part of it, made once it exists. */
const entryOf = (t: Template, principalRoleId: string) => idOf(t, 'AWS::EKS::AccessEntry', `"${principalRoleId}"`);

describe('EKS managed capabilities (CDK)', () => {
  test('capability mode synthesizes with zero unacknowledged cdk-nag findings', () => {
    expect(exitCodeAfterSynth).not.toBe(1);
    expect(nagViolations(outdir)).toEqual([]);
  });

  test('hub: the Argo CD capability with Identity Center sign-in and its own role, trusted only by EKS capabilities', () => {
    hub.resourceCountIs('AWS::EKS::Capability', 1);
    hub.hasResourceProperties('AWS::EKS::Capability', {
      CapabilityName: 'test-argocd',
      ClusterName: Match.anyValue(),
      Type: 'ARGOCD',
      DeletePropagationPolicy: 'RETAIN',
      RoleArn: { 'Fn::GetAtt': [roleId(hub, 'test-hub-argocd'), 'Arn'] },
      Configuration: { ArgoCd: { AwsIdc: { IdcInstanceArn: 'arn:aws:sso:::instance/ssoins-0123456789abcdef' }, Namespace: 'argocd', RbacRoleMappings: [{ Role: 'ADMIN', Identities: [{ Id: 'platform-admins', Type: 'SSO_GROUP' }] }] } },
    });
    // https://docs.aws.amazon.com/eks/latest/userguide/capability-role.html
    hub.hasResourceProperties('AWS::IAM::Role', {
      RoleName: 'test-hub-argocd',
      AssumeRolePolicyDocument: { Statement: [{ Action: ['sts:AssumeRole', 'sts:TagSession'], Effect: 'Allow', Principal: { Service: 'capabilities.eks.amazonaws.com' } }] },
    });
  });

  test('hub: no self-managed Argo CD: no Pod Identity for its service accounts, no role for spoke roles to trust', () => {
    expect(Object.values(resources(hub)).filter((r) => r.Type === 'AWS::EKS::PodIdentityAssociation' && r.Properties.Namespace === 'argocd')).toEqual([]);
    expect(JSON.stringify(hub.toJSON())).not.toContain('argocd-spoke');
    for (const s of ['dev', 'prod']) expect(JSON.stringify(templateOf(s).toJSON())).not.toContain('argocd-spoke');
  });

  test('hub: the capability role\'s access entry carries the Argo CD policies and exists before the capability (DependsOn)', () => {
    const role = roleId(hub, 'test-hub-argocd');
    const entry = entryOf(hub, role);
    // https://docs.aws.amazon.com/eks/latest/userguide/argocd-register-clusters.html ("Access Entry RBAC requirements")
    hub.hasResourceProperties('AWS::EKS::AccessEntry', {
      PrincipalArn: { 'Fn::GetAtt': [role, 'Arn'] },
      Type: 'STANDARD',
      AccessPolicies: [
        { PolicyArn: { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':eks::aws:cluster-access-policy/AmazonEKSArgoCDClusterPolicy']] }, AccessScope: { Type: 'cluster' } },
        { PolicyArn: { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':eks::aws:cluster-access-policy/AmazonEKSArgoCDPolicy']] }, AccessScope: { Type: 'namespace', Namespaces: ['argocd'] } },
        { PolicyArn: { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':eks::aws:cluster-access-policy/AmazonEKSClusterAdminPolicy']] }, AccessScope: { Type: 'cluster' } },
      ],
    });
    expect(resources(hub)[capabilityId(hub, 'ARGOCD')].DependsOn).toContain(entry);
  });

  test('every spoke, in its own account, gives the hub\'s capability role (named from the config) an access entry with cluster admin', () => {
    // "Cross-account clusters": https://docs.aws.amazon.com/eks/latest/userguide/argocd-register-clusters.html
    for (const t of [dev, prod]) {
      t.hasResourceProperties('AWS::EKS::AccessEntry', {
        PrincipalArn: 'arn:aws:iam::111111111111:role/test-hub-argocd',
        Type: 'STANDARD',
        AccessPolicies: [{ PolicyArn: Match.objectLike({}), AccessScope: { Type: 'cluster' } }],
      });
      expect(JSON.stringify(Object.values(resources(t)).find((r) => r.Type === 'AWS::EKS::AccessEntry' && r.Properties.PrincipalArn === 'arn:aws:iam::111111111111:role/test-hub-argocd'))).toContain('AmazonEKSClusterAdminPolicy');
    }
  });

  test('dev: ACK capability whose role has exactly the ack-* add-ons\' prefix-scoped statements, granted before the capability starts', () => {
    const dc = config.spokes.find((s) => s.name === 'dev')!;
    const replaced = dc.capabilities.find((c) => c.id === 'ack')!.replaces;
    expect(replaced).toEqual(['ack-s3', 'ack-dynamodb', 'ack-rds']);
    const role = roleId(dev, 'test-dev-ack-capability');
    dev.hasResourceProperties('AWS::EKS::Capability', { CapabilityName: 'test-ack', Type: 'ACK', RoleArn: { 'Fn::GetAtt': [role, 'Arn'] }, DeletePropagationPolicy: 'RETAIN' });
    const policyId = idOf(dev, 'AWS::IAM::Policy', role);
    const statements = resources(dev)[policyId].Properties.PolicyDocument.Statement as { Action: string | string[]; Resource: unknown }[];
    const expected = replaced.flatMap((id) => addonById(id).identity!.iam!);
    expect(statements.map((s) => [s.Action].flat().sort())).toEqual(expected.map((n) => [...n.actions].sort()));
    // Every resource is named with the platform prefix, except for actions without resource-level permissions.
    for (const [i, s] of statements.entries()) expect([s.Action, JSON.stringify(s.Resource)]).toEqual([s.Action, expect.stringMatching(expected[i].resources.includes('*') ? /^"\*"$/ : /test-/)]);
    const entry = entryOf(dev, role);
    expect(JSON.stringify(resources(dev)[entry].Properties.AccessPolicies)).toContain('AmazonEKSACKPolicy');
    expect(resources(dev)[capabilityId(dev, 'ACK')].DependsOn).toEqual(expect.arrayContaining([entry, policyId]));
  });

  test('dev: kro capability with a trust-only role, its access entry (kro policy + cluster admin) before the capability', () => {
    const role = roleId(dev, 'test-dev-kro-capability');
    expect(Object.values(resources(dev)).filter((r) => r.Type === 'AWS::IAM::Policy' && JSON.stringify(r.Properties).includes(role))).toEqual([]);
    const entry = entryOf(dev, role);
    const policies = JSON.stringify(resources(dev)[entry].Properties.AccessPolicies);
    expect(policies).toContain('AmazonEKSKROPolicy');
    expect(policies).toContain('AmazonEKSClusterAdminPolicy');
    expect(resources(dev)[capabilityId(dev, 'KRO')].DependsOn).toContain(entry);
  });

  test('dev: no Pod Identity role or association for the add-ons the capabilities replace', () => {
    const dc = config.spokes.find((s) => s.name === 'dev')!;
    expect(addonsWithIam(dc).filter((id) => id.startsWith('ack-'))).toEqual([]);
    for (const id of ['ack-s3', 'ack-dynamodb', 'ack-rds', 'kro']) expect(JSON.stringify(dev.toJSON())).not.toContain(`"test-dev-${id}"`);
    expect(Object.values(resources(dev)).filter((r) => r.Type === 'AWS::EKS::PodIdentityAssociation' && r.Properties.Namespace === 'ack-system')).toEqual([]);
    // External Secrets still runs by chart, with its Pod Identity role.
    dev.hasResourceProperties('AWS::EKS::PodIdentityAssociation', { Namespace: 'external-secrets' });
  });

  test('prod keeps the charts: ACK Pod Identity roles, no capability', () => {
    prod.resourceCountIs('AWS::EKS::Capability', 0);
    prod.hasResourceProperties('AWS::EKS::PodIdentityAssociation', { Namespace: 'ack-system', ServiceAccount: 'ack-s3-controller' });
    prod.hasResourceProperties('AWS::IAM::Role', { RoleName: 'test-prod-ack-s3' });
  });
});
