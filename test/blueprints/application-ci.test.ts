import { Template } from 'aws-cdk-lib/assertions';
import { applicationRepository, builderRoleName } from '../../contract/application-ci';
import { synthPlatform } from '../support/synth-platform';
import { testConfig } from '../support/test-config';

/**
 * Per-application push scoping (issue #13 H3): each application's builder role may push only to its
 * own ECR repository, which the hub stack creates from the config with immutable tags.
 */
const config = testConfig({
  teams: { payments: {}, search: {} },
  applications: { checkout: { team: 'payments' }, indexer: { team: 'search' } },
});
const { stacks, exitCode } = synthPlatform(config);
const hub = Template.fromStack(stacks.hub);

describe('application builders in the hub stack', () => {
  test('every application gets an immutable ECR repository and a Pod Identity association for its builder', () => {
    expect(exitCode).not.toBe(1);
    for (const app of config.applications) {
      hub.hasResourceProperties('AWS::ECR::Repository', { RepositoryName: applicationRepository(app), ImageTagMutability: 'IMMUTABLE' });
      hub.hasResourceProperties('AWS::EKS::PodIdentityAssociation', { Namespace: 'argo-workflows', ServiceAccount: `ci-${app.name}` });
      hub.hasResourceProperties('AWS::IAM::Role', { RoleName: builderRoleName(config, app) });
    }
  });

  test('a builder\'s push permissions name only its own repository', () => {
    const policies = Object.entries(hub.findResources('AWS::IAM::Policy')).filter(([id]) => id.startsWith('PodIdentityci'));
    expect(policies).toHaveLength(2);
    for (const app of config.applications) {
      const [, policy] = policies.find(([id]) => id.startsWith(`PodIdentityci${app.name}`))!;
      const statements = (policy as any).Properties.PolicyDocument.Statement as { Action: string | string[]; Resource: unknown }[];
      const push = statements.find((s) => [s.Action].flat().includes('ecr:PutImage'))!;
      const repoLogicalId = Object.keys(hub.findResources('AWS::ECR::Repository', { Properties: { RepositoryName: applicationRepository(app) } }))[0];
      expect(push.Resource).toEqual({ 'Fn::GetAtt': [repoLogicalId, 'Arn'] });
      // The only wildcard is the token call, which has no resource-level permissions.
      expect(statements.filter((s) => s.Resource === '*').map((s) => s.Action)).toEqual(['ecr:GetAuthorizationToken']);
    }
  });

  test('fails when an application image is not an ECR repository name (it would reach an IAM ARN)', () => {
    expect(() => applicationRepository({ name: 'checkout', image: 'acme/*' })).toThrow(/applications\.checkout\.image "acme\/\*" is not an ECR repository name/);
  });
});
