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

/** The operator principals of the fork-like fixture: an IAM Identity Center role pattern and an IAM user (with MFA). */
export const FORK_OPERATOR_ARNS = [
  'arn:aws:iam::444444444444:role/aws-reserved/sso.amazonaws.com/*/AWSReservedSSO_IdpOperators_*',
  'arn:aws:iam::444444444444:user/ops-breakglass',
];

/**
 * A config a fork could have written, unlike the example AND unlike rawTestConfig() in every dimension:
 * name and prefix, domain, four accounts, other regions (none in eu-, one in ap-), environments with
 * neither `dev` nor `prod` (declared qa, staging, live: alphabetical order would be wrong), two `live`
 * spokes in different regions plus a tenant spoke, two other teams, applications promoted
 * qa → staging → live (one automatically into live), a created hosted zone, admins with MFA.
 */
export function forkLikeRawConfig(overrides: Partial<PlatformConfig> = {}): PlatformConfig {
  return {
    name: 'northwind',
    resourcePrefix: 'nw-idp',
    domain: 'idp.northwind.example.org',
    ingress: { createHostedZone: true },
    hub: { name: 'control', account: '444444444444', region: 'us-east-2', vpcCidr: '172.16.0.0/16', azCount: 2, kubernetesVersion: '1.33' },
    spokes: {
      qa: { environment: 'qa', account: '555555555555', region: 'us-east-2', vpcCidr: '172.20.0.0/16', azCount: 2 },
      staging: { environment: 'staging', account: '555555555555', region: 'ap-southeast-2', vpcCidr: '172.21.0.0/16', azCount: 2 },
      'live-east': { environment: 'live', account: '666666666666', region: 'us-east-1', vpcCidr: '172.22.0.0/16', natGateways: 3, deletionProtection: true },
      'live-apac': { environment: 'live', account: '666666666666', region: 'ap-southeast-2', vpcCidr: '172.23.0.0/16', deletionProtection: true },
      'ledger-live': { environment: 'live', account: '777777777777', region: 'us-west-2', vpcCidr: '172.24.0.0/16', tenant: 'ledger', deletionProtection: true },
    },
    sso: { realm: 'northwind', adminGroup: 'idp-admins', groupRoles: { 'idp-auditors': 'viewer' } },
    teams: {
      ledger: { sourceRepos: ['https://gitlab.idp.northwind.example.org/ledger/*'], quota: { cpu: '16', memory: '32Gi' } },
      insights: { keycloakGroup: 'insights-devs', sourceRepos: ['https://gitlab.idp.northwind.example.org/insights/*'] },
    },
    applications: {
      invoices: { team: 'ledger', port: 9000, promotion: ['qa', 'staging', 'live'], autoPromoteProd: true },
      dashboards: { team: 'insights', image: 'insights/dashboards-web', promotion: ['qa', 'staging', 'live'] },
    },
    admins: { principals: FORK_OPERATOR_ARNS, requireMfa: true },
    tags: { 'cost-center': 'cc-4711', owner: 'idp-team' },
    ...overrides,
  };
}

/** forkLikeRawConfig() resolved. */
export function forkLikeConfig(overrides: Partial<PlatformConfig> = {}): ResolvedConfig {
  return resolveConfig(forkLikeRawConfig(overrides));
}

/** The fork-like fixture with every EKS managed capability: Argo CD on the hub, ACK and kro on every spoke. */
export function forkLikeCapabilityConfig(): ResolvedConfig {
  const raw = forkLikeRawConfig();
  const spokes = Object.fromEntries(Object.entries(raw.spokes).map(([n, s]) => [n, { ...s, capabilities: { ack: true, kro: true } }]));
  return forkLikeConfig({
    argocd: { mode: 'eks-capability', identityCenterInstanceArn: 'arn:aws:sso:::instance/ssoins-0fedcba987654321' },
    spokes,
  });
}
