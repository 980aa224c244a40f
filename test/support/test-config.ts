import type { PlatformConfig } from '../../config/schema';
import { resolveConfig } from '../../config/resolve-config';
import type { ResolvedConfig } from '../../config/resolved-config';

/** The operator role of the fixtures: the only principal trusted by the cluster-admin roles. */
export const TEST_OPERATOR_ARN = 'arn:aws:iam::111111111111:role/platform-operator';

/** A valid multi-account, multi-region config; tests override what they exercise. Never the fork's file. */
export function rawTestConfig(overrides: Partial<PlatformConfig> = {}): PlatformConfig {
  return {
    name: 'test',
    domain: 'platform.test.example.com',
    ingress: { hostedZoneId: 'Z0TESTZONE00000000001' },
    hub: { account: '111111111111', region: 'eu-west-1', vpcCidr: '10.0.0.0/16' },
    spokes: {
      dev: { environment: 'dev', account: '222222222222', region: 'eu-west-1', vpcCidr: '10.1.0.0/16', azCount: 2 },
      prod: { environment: 'prod', account: '333333333333', region: 'eu-central-1', vpcCidr: '10.2.0.0/16' },
    },
    teams: { payments: { sourceRepos: ['https://gitlab.platform.test.example.com/payments/*'] } },
    applications: { checkout: { team: 'payments' } },
    admins: { principals: [TEST_OPERATOR_ARN] },
    ...overrides,
  };
}

/** rawTestConfig() resolved. */
export function testConfig(overrides: Partial<PlatformConfig> = {}): ResolvedConfig {
  return resolveConfig(rawTestConfig(overrides));
}

/** A config with `n` spokes alternating dev/prod, for scale tests and benchmarks. */
export function rawConfigWithSpokes(n: number): PlatformConfig {
  const spokes: PlatformConfig['spokes'] = {};
  for (let i = 1; i <= n; i++) {
    spokes[`spoke${i}`] = { environment: i % 2 ? 'dev' : 'prod', account: '222222222222', region: 'eu-west-1', vpcCidr: `10.${i}.0.0/16`, azCount: 2, natGateways: 1 };
  }
  return rawTestConfig({ spokes });
}
