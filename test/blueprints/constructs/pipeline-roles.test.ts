import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Template } from 'aws-cdk-lib/assertions';
import { synthPlatform } from '../../support/synth-platform';
import { testConfig } from '../../support/test-config';

// The pipeline's identities on the hub: GitLab's ID tokens (https://docs.gitlab.com/ci/secrets/id_token_authentication/)
// federated through an IAM OIDC provider; trust conditions on `<issuer>:aud` and `<issuer>:sub` as IAM
// documents for web identity federation (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_iam-condition-keys.html#condition-keys-wif).
const config = testConfig();
const { stacks, outdir, exitCode } = synthPlatform(config);
const hub = Template.fromStack(stacks.hub);
const role = (name: string) => Object.values(hub.findResources('AWS::IAM::Role', { Properties: { RoleName: name } }))[0] as { Properties: Record<string, any> };
const policiesOf = (name: string) => {
  const logicalId = Object.entries(hub.findResources('AWS::IAM::Role', { Properties: { RoleName: name } }))[0][0];
  return Object.values(hub.findResources('AWS::IAM::Policy'))
    .filter((p: any) => p.Properties.Roles.some((r: any) => r.Ref === logicalId))
    .flatMap((p: any) => p.Properties.PolicyDocument.Statement);
};
const resourcesOf = (statements: any[], action: string) => statements.filter((s) => [s.Action].flat().includes(action)).flatMap((s) => [s.Resource].flat());

describe('PipelineRoles (hub stack)', () => {
  test('the hub synthesizes with the pipeline roles and no unacknowledged cdk-nag finding', () => {
    expect(exitCode).not.toBe(1);
    expect(readFileSync(join(outdir, 'validation-report.json'), 'utf8')).not.toContain('AwsSolutions-');
  });

  test('the OIDC provider is the platform GitLab with audience sts.amazonaws.com', () => {
    hub.hasResourceProperties('AWS::IAM::OIDCProvider', { Url: 'https://gitlab.platform.test.example.com', ClientIdList: ['sts.amazonaws.com'] });
  });

  test('the read role trusts only the platform project (any branch), the deploy role only its tracked branch', () => {
    const trust = (name: string) => role(name).Properties.AssumeRolePolicyDocument.Statement[0];
    const read = trust('test-pipeline-read');
    const deploy = trust('test-pipeline-deploy');
    for (const t of [read, deploy]) {
      expect(t.Action).toBe('sts:AssumeRoleWithWebIdentity');
      expect(t.Condition.StringEquals).toEqual({ 'gitlab.platform.test.example.com:aud': 'sts.amazonaws.com' });
    }
    expect(read.Condition.StringLike).toEqual({ 'gitlab.platform.test.example.com:sub': ['project_path:platform/test:ref_type:branch:ref:*'] });
    expect(deploy.Condition.StringLike).toEqual({ 'gitlab.platform.test.example.com:sub': ['project_path:platform/test:ref_type:branch:ref:main'] });
  });

  test('the read role may only assume the CDK lookup roles and read the platform stacks', () => {
    const statements = policiesOf('test-pipeline-read');
    expect(new Set(statements.flatMap((s) => [s.Action].flat()).map((a: string) => a.split(':')[0]))).toEqual(new Set(['sts', 'cloudformation']));
    expect(statements.flatMap((s) => [s.Action].flat()).every((a: string) => /^(sts:AssumeRole|cloudformation:(Describe|Get|List)\w+)$/.test(a))).toBe(true);
    expect(resourcesOf(statements, 'sts:AssumeRole').map(String).sort()).toEqual([
      'arn:aws:iam::111111111111:role/cdk-hnb659fds-lookup-role-111111111111-eu-west-1',
      'arn:aws:iam::222222222222:role/cdk-hnb659fds-lookup-role-222222222222-eu-west-1',
      'arn:aws:iam::333333333333:role/cdk-hnb659fds-lookup-role-333333333333-eu-central-1',
    ]);
    expect(resourcesOf(statements, 'cloudformation:GetTemplate')).toContain('arn:aws:cloudformation:eu-central-1:333333333333:stack/test-prod/*');
  });

  test('the deploy role assumes the CDK deploy and publishing roles of every environment, and no other', () => {
    const assumed = resourcesOf(policiesOf('test-pipeline-deploy'), 'sts:AssumeRole').map(String);
    for (const env of ['111111111111-eu-west-1', '222222222222-eu-west-1', '333333333333-eu-central-1']) {
      for (const kind of ['deploy', 'file-publishing', 'image-publishing', 'lookup']) {
        expect(assumed).toContain(`arn:aws:iam::${env.slice(0, 12)}:role/cdk-hnb659fds-${kind}-role-${env}`);
      }
    }
    expect(assumed.filter((a) => !a.includes(':role/cdk-hnb659fds-'))).toEqual(['arn:aws:iam::111111111111:role/test-hub-cluster-admin']);
  });

  test('the portal image repository <prefix>/portal is immutable and scanned; the deploy role may look up its tags', () => {
    hub.hasResourceProperties('AWS::ECR::Repository', { RepositoryName: 'test/portal', ImageTagMutability: 'IMMUTABLE', ImageScanningConfiguration: { ScanOnPush: true } });
    // The deploy role may ask whether a source tag is pushed (scripts/ci/portal-image.ts), on that repository only.
    const [repoId] = Object.keys(hub.findResources('AWS::ECR::Repository', { Properties: { RepositoryName: 'test/portal' } }));
    expect(resourcesOf(policiesOf('test-pipeline-deploy'), 'ecr:DescribeImages')).toEqual([{ 'Fn::GetAtt': [repoId, 'Arn'] }]);
  });
});
