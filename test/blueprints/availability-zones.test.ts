import { Template } from 'aws-cdk-lib/assertions';
import { availabilityZoneContext } from '../../blueprints/availability-zones';
import { ConfigError } from '../../config/config-error';
import { rawTestConfig, testConfig } from '../support/test-config';
import { synthPlatform } from '../support/synth-platform';

const { hub, spokes } = rawTestConfig();
/** Regions whose AZ names are not a/b/c: Tokyo (a, c, d) and N. California (two AZs, b and c). */
const config = testConfig({
  spokes: {
    tokyo: { environment: 'dev', account: '222222222222', region: 'ap-northeast-1', vpcCidr: '10.1.0.0/16' },
    sfo: { environment: 'prod', account: '333333333333', region: 'us-west-1', vpcCidr: '10.2.0.0/16', azCount: 2 },
  },
});

describe('availability zones come from the region, offline (M11)', () => {
  const { stacks, exitCode } = synthPlatform(config);
  const subnetZones = (name: string) => {
    const t = Template.fromStack(stacks.all.find((s) => s.stackName === `test-${name}`)!);
    return [...new Set(Object.values(t.findResources('AWS::EC2::Subnet')).map((r) => r.Properties.AvailabilityZone as string))].sort();
  };

  test('subnets land in the AZs each region has, not <region>a/b/c', () => {
    expect(exitCode).toBeUndefined();
    expect(subnetZones('tokyo')).toEqual(['ap-northeast-1a', 'ap-northeast-1c', 'ap-northeast-1d']);
    expect(subnetZones('sfo')).toEqual(['us-west-1b', 'us-west-1c']);
    expect(subnetZones('hub')).toEqual(['eu-west-1a', 'eu-west-1b', 'eu-west-1c']);
  });

  test('cdk.context.json answers every (account, region) lookup with the same lists', () => {
    expect(availabilityZoneContext(config)).toEqual({
      'availability-zones:account=111111111111:region=eu-west-1': ['eu-west-1a', 'eu-west-1b', 'eu-west-1c'],
      'availability-zones:account=222222222222:region=ap-northeast-1': ['ap-northeast-1a', 'ap-northeast-1c', 'ap-northeast-1d'],
      'availability-zones:account=333333333333:region=us-west-1': ['us-west-1b', 'us-west-1c'],
    });
  });

  test('fails when a region offers fewer AZs than azCount', () => {
    expect(() => testConfig({ spokes: { ...spokes, sfo: { environment: 'prod', account: '333333333333', region: 'us-west-1', vpcCidr: '10.3.0.0/16' } } }))
      .toThrow(/spokes\.sfo\.azCount: 3 — us-west-1 offers 2 availability zones \(us-west-1b, us-west-1c\)/);
  });

  test('fails when the region has no known AZ names (never guessed)', () => {
    const err = (() => {
      try {
        testConfig({ hub: { ...hub, region: 'xx-nowhere-1' } });
      } catch (e) {
        return e;
      }
      throw new Error('expected a ConfigError');
    })();
    expect(err).toBeInstanceOf(ConfigError);
    expect((err as ConfigError).problems.map((p) => p.path)).toContain('hub.region');
  });
});
