import { Template } from 'aws-cdk-lib/assertions';
import { nagViolations, synthPlatform } from '../support/synth-platform';
import { forkLikeConfig } from '../support/test-config';

/**
 * The CDK app over a config a fork could have written (test/support/test-config.ts forkLikeRawConfig):
 * other prefix, four accounts, us-/ap- regions, no dev/prod, three live spokes (one a tenant's), a
 * created hosted zone and MFA-guarded admins. One synth (~5 s): the example-shaped config is
 * synthesized by platform-app.test.ts.
 */
const config = forkLikeConfig();
const { stacks, outdir, exitCode } = synthPlatform(config);

describe('platform CDK app over a fork-like config', () => {
  test('synthesizes with zero unacknowledged cdk-nag findings', () => {
    expect(exitCode).not.toBe(1);
    expect(nagViolations(outdir)).toEqual([]);
  });

  test('one stack per cluster, named by the fork\'s prefix, in the cluster\'s own account and region', () => {
    expect(stacks.all.map((s) => [s.stackName, s.account, s.region])).toEqual(
      config.clusters.map((c) => [`nw-idp-${c.name}`, c.account, c.region]),
    );
  });

  test('the hub creates the hosted zone of the fork\'s domain; the cluster-admin roles require MFA', () => {
    const hub = Template.fromStack(stacks.all.find((s) => s.stackName === 'nw-idp-control')!);
    hub.hasResourceProperties('AWS::Route53::HostedZone', { Name: 'idp.northwind.example.org.' });
    for (const stack of stacks.all) {
      const text = JSON.stringify(Template.fromStack(stack).toJSON());
      expect([stack.stackName, text.includes('aws:MultiFactorAuthPresent')]).toEqual([stack.stackName, true]);
      expect(text).not.toMatch(/acme|111111111111|eu-west-1/);
    }
  });
});
