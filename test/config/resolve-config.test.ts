import { configErrorOf } from '../support/config-error-of';
import { ConfigProblem } from '../../config/config-error';
import { resolveConfig } from '../../config/resolve-config';
import { rawTestConfig, testConfig } from '../support/test-config';

/** The problems resolveConfig reports for a config (fails the test if it resolves). */
function problems(config: unknown): ConfigProblem[] {
  return [...configErrorOf(config).problems];
}

function problemAt(config: unknown, path: string): ConfigProblem {
  const found = problems(config).find((p) => p.path === path);
  if (!found) throw new Error(`no problem at ${path}; got ${JSON.stringify(problems(config))}`);
  return found;
}

const raw = rawTestConfig;
const CAPABILITY_ARGOCD = { mode: 'eks-capability' as const, identityCenterInstanceArn: 'arn:aws:sso:::instance/ssoins-0123456789abcdef' };
type Spokes = NonNullable<ReturnType<typeof raw>['spokes']>;

describe('resolveConfig', () => {
  test('applies every default and leaves no optional', () => {
    const c = testConfig();
    expect(c.resourcePrefix).toBe('test');
    expect(c.git).toEqual({ provider: 'hub-gitlab', url: 'https://gitlab.platform.test.example.com/platform/test.git', revision: 'main', basePath: 'gitops/manifests' });
    expect(c.hub).toMatchObject({ name: 'hub', clusterName: 'test-hub', kubernetesVersion: '1.34', azCount: 3, natGateways: 1, endpointAccess: 'public-and-private', environment: 'control-plane', deletionProtection: true });
    expect(c.spokes.map((s) => [s.name, s.deletionProtection])).toEqual([['dev', false], ['prod', true]]);
    expect(c.environments).toEqual(['dev', 'prod']);
    expect(c.teams[0]).toMatchObject({ name: 'payments', keycloakGroup: 'team-payments', namespaces: { dev: ['payments'], prod: ['payments'] } });
    expect(c.applications[0]).toMatchObject({ name: 'checkout', image: 'test/checkout', promotion: ['dev', 'prod'], autoPromoteProd: false });
    expect(c.argocd).toEqual({ mode: 'self-managed', identityCenterInstanceArn: null });
    expect(c.tags).toMatchObject({ 'platform-blueprint:platform': 'test' });
    expect(c.admins).toEqual({ principals: ['arn:aws:iam::111111111111:role/platform-operator'], requireMfa: false });
  });

  test('the platform id tag is stable and differs per hub account and prefix (never the name alone)', () => {
    const id = testConfig().tags['platform-blueprint:platform-id'];
    expect(id).toMatch(/^pb-[0-9a-f]{16}$/);
    expect(testConfig().tags['platform-blueprint:platform-id']).toBe(id);
    expect(testConfig({ hub: { ...raw().hub, account: '999999999999' } }).tags['platform-blueprint:platform-id']).not.toBe(id);
    expect(testConfig({ resourcePrefix: 'test2' }).tags['platform-blueprint:platform-id']).not.toBe(id);
  });

  test('fails when admins is missing or empty, or a principal is not an IAM role/user ARN', () => {
    const { admins: _omit, ...noAdmins } = raw();
    expect(() => resolveConfig(noAdmins)).toThrow(/admins: .*required/);
    expect(() => resolveConfig({ ...raw(), admins: { principals: [] } })).toThrow(/admins\.principals: .*list at least one IAM role or user ARN/);
    expect(() => resolveConfig({ ...raw(), admins: { principals: ['arn:aws:iam::111111111111:root', 'platform-operator'] } })).toThrow(/admins\.principals\.0: "arn:aws:iam::111111111111:root" — use an IAM role or user ARN/);
    expect(resolveConfig({ ...raw(), admins: { principals: ['arn:aws:iam::111111111111:role/aws-reserved/sso.amazonaws.com/*/AWSReservedSSO_Admin_*'], requireMfa: true } }).admins.requireMfa).toBe(true);
  });

  test('enables add-ons by role default, then per-role switch, then per-cluster switch', () => {
    const c = testConfig({
      addons: { 'ack-ecr': { spoke: true }, 'devlake': { hub: false } },
      spokes: { ...(raw().spokes as Spokes), dev: { ...(raw().spokes as Spokes).dev, addons: { 'ack-ecr': false, 'kubevela': false } } },
    });
    expect(c.hub.addons).toContain('argo-cd');
    expect(c.hub.addons).not.toContain('devlake');
    expect(c.hub.addons).not.toContain('argo-rollouts');
    expect(c.spokes.find((s) => s.name === 'prod')!.addons).toContain('ack-ecr');
    expect(c.spokes.find((s) => s.name === 'dev')!.addons).not.toContain('ack-ecr');
    expect(c.spokes.find((s) => s.name === 'dev')!.addons).not.toContain('kubevela');
  });

  test('reports every problem at once, each with path, value and fix', () => {
    const found = problems({ ...raw(), name: 'Bad Name', domain: 'nodots', hub: { ...raw().hub, account: '42', region: 'mars-1' } });
    expect(found.map((p) => p.path).sort()).toEqual(['domain', 'hub.account', 'hub.region', 'name']);
    for (const p of found) expect(p.fix.length).toBeGreaterThan(10);
    expect(found.find((p) => p.path === 'hub.account')!.value).toBe('42');
  });

  test('reports schema and cross-field problems together in one run', () => {
    const raw0 = raw();
    const found = problems({
      ...raw0,
      domain: 'nodot',
      spokes: { ...(raw0.spokes as Spokes), prod: { ...(raw0.spokes as Spokes).prod, vpcCidr: '10.1.0.0/16' } },
      addons: { 'argo-rollout': { spoke: true } },
    });
    expect(found.map((p) => p.path).sort()).toEqual(['addons.argo-rollout', 'domain', 'spokes.prod.vpcCidr']);
  });

  test('ConfigError message lists "<path>: <value> — <fix>" lines', () => {
    expect(() => resolveConfig({ ...raw(), hub: { ...raw().hub, account: '42' } })).toThrow(/hub\.account: "42" — use the 12-digit AWS account ID/);
  });

  describe('rules', () => {
    test('fails when a name is not DNS-safe', () => {
      expect(problemAt({ ...raw(), name: 'Acme_Corp' }, 'name').value).toBe('Acme_Corp');
    });
    test('fails when a spoke name is not DNS-safe', () => {
      expect(problemAt({ ...raw(), spokes: { ...(raw().spokes as Spokes), 'Prod EU': (raw().spokes as Spokes).prod } }, 'spokes.Prod EU').fix).toMatch(/DNS-safe/);
    });
    test('fails when a spoke has the hub\'s name', () => {
      expect(problemAt({ ...raw(), spokes: { ...(raw().spokes as Spokes), hub: { ...(raw().spokes as Spokes).dev, vpcCidr: '10.9.0.0/16' } } }, 'spokes.hub').fix).toMatch(/hub's name/);
    });
    test('fails when an account ID is not 12 digits', () => {
      expect(problemAt({ ...raw(), spokes: { ...(raw().spokes as Spokes), dev: { ...(raw().spokes as Spokes).dev, account: '2222' } } }, 'spokes.dev.account').fix).toMatch(/12-digit/);
    });
    test('fails when a region is not an AWS region code', () => {
      expect(problemAt({ ...raw(), hub: { ...raw().hub, region: 'europe' } }, 'hub.region').fix).toMatch(/region code/);
    });
    test('fails when the Kubernetes version is unsupported', () => {
      expect(problemAt({ ...raw(), hub: { ...raw().hub, kubernetesVersion: '1.20' } }, 'hub.kubernetesVersion').fix).toMatch(/supported Kubernetes versions: 1\.32/);
    });
    test('fails when a CIDR is not valid', () => {
      expect(problemAt({ ...raw(), hub: { ...raw().hub, vpcCidr: '10.0.0.0/33' } }, 'hub.vpcCidr').fix).toMatch(/CIDR|prefix/);
    });
    test('fails when a CIDR is not a network address', () => {
      expect(problemAt({ ...raw(), hub: { ...raw().hub, vpcCidr: '10.0.1.0/16' } }, 'hub.vpcCidr').fix).toContain('"10.0.0.0/16"');
    });
    test('fails when two clusters\' CIDRs overlap', () => {
      const p = problemAt({ ...raw(), spokes: { ...(raw().spokes as Spokes), prod: { ...(raw().spokes as Spokes).prod, vpcCidr: '10.1.128.0/20' } } }, 'spokes.prod.vpcCidr');
      expect(p.fix).toMatch(/overlaps spokes\.dev\.vpcCidr "10\.1\.0\.0\/16"; pick a disjoint range/);
    });
    test('fails when a field is unknown', () => {
      expect(problemAt({ ...raw(), hub: { ...raw().hub, vpcCIDR: '10.0.0.0/16' } }, 'hub.vpcCIDR').fix).toMatch(/unknown field/);
    });
    test('fails when an add-on name is unknown', () => {
      expect(problemAt({ ...raw(), addons: { 'argo-rollout': { spoke: true } } }, 'addons.argo-rollout').fix).toMatch(/unknown add-on; use one of: .*argo-rollouts/);
    });
    test('fails when a per-cluster add-on name is unknown', () => {
      expect(problemAt({ ...raw(), hub: { ...raw().hub, addons: { gitlab2: true } } }, 'hub.addons.gitlab2').value).toBe('gitlab2');
    });
    test('fails when an add-on dependency is missing (Kargo needs cert-manager)', () => {
      expect(problemAt({ ...raw(), hub: { ...raw().hub, addons: { 'cert-manager': false, 'gitlab': false } } }, 'hub.addons.kargo').fix).toMatch(/kargo needs cert-manager on hub/);
    });
    test('fails when a hub-side dependency is missing (Kargo needs Argo CD on the hub)', () => {
      expect(problemAt({ ...raw(), hub: { ...raw().hub, addons: { 'argo-cd': false } } }, 'hub.addons.kargo').fix).toMatch(/kargo needs argo-cd on hub/);
    });
    test('fails when two teams claim the same namespace in one environment', () => {
      const p = problemAt({ ...raw(), teams: { a: { namespaces: { dev: ['shared'] } }, b: { namespaces: { dev: ['shared'] } } }, applications: {} }, 'teams.b.namespaces.dev.0');
      expect(p.fix).toMatch(/team "a" already owns/);
    });
    test('fails when a team claims a platform namespace', () => {
      expect(problemAt({ ...raw(), teams: { a: { namespaces: { dev: ['argocd'] } } }, applications: {} }, 'teams.a.namespaces.dev.0').fix).toMatch(/belongs to the platform/);
    });
    test('fails when a team names an environment no spoke serves', () => {
      expect(problemAt({ ...raw(), teams: { a: { namespaces: { qa: ['a'] } } }, applications: {} }, 'teams.a.namespaces.qa').fix).toMatch(/no spoke serves/);
    });
    test('fails when the domain is not a DNS domain', () => {
      expect(problemAt({ ...raw(), domain: 'https://acme.com' }, 'domain').fix).toMatch(/DNS domain/);
    });
    test('fails when an external git provider has no URL', () => {
      expect(problemAt({ ...raw(), git: { provider: 'external' } }, 'git.url').fix).toMatch(/set git\.url/);
    });
    test('fails when the managed Argo CD capability has no Identity Center instance', () => {
      expect(problemAt({ ...raw(), argocd: { mode: 'eks-capability' } }, 'argocd.identityCenterInstanceArn').fix).toMatch(/Identity Center/);
    });
    test('fails when an EKS managed capability is requested in a Region without EKS Capabilities', () => {
      const c = raw({ argocd: CAPABILITY_ARGOCD });
      (c.hub as { region: string }).region = 'cn-north-1';
      (c.spokes.dev as { region: string; capabilities?: object }).region = 'us-gov-west-1';
      (c.spokes.dev as { capabilities?: object }).capabilities = { kro: true };
      expect(problemAt(c, 'argocd.mode').fix).toMatch(/not available in cn-north-1 .*self-managed/);
      expect(problemAt(c, 'spokes.dev.capabilities.kro').fix).toMatch(/not available in us-gov-west-1 .*kro add-on chart/);
    });
    test('fails when a capability has no enabled add-on to replace (ACK would have no permissions)', () => {
      const spokes = raw().spokes as Spokes;
      const c = raw({ spokes: { ...spokes, dev: { ...spokes.dev, capabilities: { ack: true, kro: true }, addons: { 'kro': false, 'ack-s3': false, 'ack-dynamodb': false, 'ack-rds': false } } } });
      expect(problemAt(c, 'spokes.dev.capabilities.ack').fix).toMatch(/replaces ack-s3 \/ ack-dynamodb \/ ack-rds \/ ack-ecr, none of which is enabled/);
      expect(problemAt(c, 'spokes.dev.capabilities.kro').fix).toMatch(/enable spokes\.dev\.addons\.kro/);
    });
    test('fails when the argo-cd chart is forced on the hub with the managed Argo CD capability', () => {
      const c = raw({ argocd: CAPABILITY_ARGOCD });
      (c.hub as { addons?: Record<string, boolean> }).addons = { 'argo-cd': true };
      expect(problemAt(c, 'hub.addons.argo-cd').fix).toMatch(/replaces the self-managed argo-cd chart/);
    });
    test('fails when an application names an unknown team', () => {
      expect(problemAt({ ...raw(), applications: { web: { team: 'nobody' } } }, 'applications.web.team').fix).toMatch(/no such team/);
    });
    test('fails when an application promotes through an unknown environment', () => {
      expect(problemAt({ ...raw(), applications: { web: { team: 'payments', promotion: ['dev', 'staging'] } } }, 'applications.web.promotion.1').value).toBe('staging');
    });
    test('fails when a spoke is dedicated to an unknown tenant', () => {
      expect(problemAt({ ...raw(), spokes: { ...(raw().spokes as Spokes), dev: { ...(raw().spokes as Spokes).dev, tenant: 'ghost' } } }, 'spokes.dev.tenant').fix).toMatch(/no such team/);
    });
    test('fails when there is no DNS zone strategy, naming the config path and both fixes', () => {
      const { ingress: _omit, ...rest } = raw();
      const p = problemAt(rest, 'ingress.hostedZoneId');
      expect(p.fix).toMatch(/set ingress\.hostedZoneId to an existing public hosted zone's id .* or set ingress\.createHostedZone: true/);
      expect(p.fix).toContain("hub's account 111111111111");
      expect(() => resolveConfig({ ...raw(), ingress: { scheme: 'internal', createHostedZone: false } })).toThrow(/ingress\.hostedZoneId: \(missing\) — choose the Route 53 zone of platform\.test\.example\.com/);
    });
    test('fails when the hosted zone id is malformed', () => {
      expect(problemAt({ ...raw(), ingress: { hostedZoneId: '/hostedzone/Z0TESTZONE00000000001' } }, 'ingress.hostedZoneId').fix).toMatch(/id of a Route 53 hosted zone, e\.g\. "Z0123456789ABCDEFGHIJ" \(without "\/hostedzone\/"\)/);
      expect(problemAt({ ...raw(), ingress: { hostedZoneId: 'z-lowercase' } }, 'ingress.hostedZoneId').value).toBe('z-lowercase');
    });
    test('fails when both zone strategies are set', () => {
      expect(problemAt({ ...raw(), ingress: { hostedZoneId: 'Z0TESTZONE00000000001', createHostedZone: true } }, 'ingress.createHostedZone').fix).toMatch(/remove createHostedZone or hostedZoneId/);
    });
    test('fails when the ALB scheme is unknown', () => {
      expect(problemAt({ ...raw(), ingress: { hostedZoneId: 'Z0TESTZONE00000000001', scheme: 'public' } }, 'ingress.scheme').fix).toMatch(/"internet-facing" or "internal"/);
    });
    test('fails when a cluster keeps the built-in general-purpose pool (it cannot enforce NetworkPolicies)', () => {
      const p = problemAt({ ...raw(), spokes: { ...(raw().spokes as Spokes), dev: { ...(raw().spokes as Spokes).dev, nodePools: ['system', 'general-purpose'] } } }, 'spokes.dev.nodePools');
      expect(p.fix).toMatch(/cannot enforce NetworkPolicies.*NodePool "platform"/);
    });
    test('ingress: internet-facing by default; the zone is imported by id or created', () => {
      expect(testConfig().ingress).toEqual({ scheme: 'internet-facing', hostedZone: { create: false, id: 'Z0TESTZONE00000000001' } });
      expect(testConfig({ ingress: { scheme: 'internal', createHostedZone: true } }).ingress).toEqual({ scheme: 'internal', hostedZone: { create: true } });
      expect(testConfig().hub.nodePools).toEqual(['system']);
    });
    test('fails when a required field is missing', () => {
      const { domain: _omit, ...rest } = raw();
      expect(problemAt(rest, 'domain').fix).toMatch(/^required/);
    });
  });
  describe('EKS managed capabilities', () => {
    test('default: no capability, every add-on by chart', () => {
      for (const c of testConfig().clusters) expect([c.name, c.capabilities]).toEqual([c.name, []]);
    });
    test('managed Argo CD: the hub gets the argocd capability in place of the argo-cd chart; spokes in other accounts are fine', () => {
      // Cross-account targets need only an access entry for the capability role
      // (https://docs.aws.amazon.com/eks/latest/userguide/argocd-register-clusters.html, "Cross-account clusters").
      const c = testConfig({ argocd: CAPABILITY_ARGOCD });
      expect(c.hub.capabilities).toEqual([{ id: 'argocd', replaces: ['argo-cd'] }]);
      expect(c.hub.addons).not.toContain('argo-cd');
      expect(c.spokes.map((s) => s.account)).toEqual(['222222222222', '333333333333']);
      expect(c.spokes.every((s) => s.capabilities.length === 0)).toBe(true);
    });
    test('ack and kro capabilities replace their enabled add-ons on that cluster only', () => {
      const spokes = raw().spokes as Spokes;
      const c = testConfig({ spokes: { ...spokes, dev: { ...spokes.dev, capabilities: { ack: true, kro: true } } } });
      const dev = c.spokes.find((s) => s.name === 'dev')!;
      const prod = c.spokes.find((s) => s.name === 'prod')!;
      expect(dev.capabilities).toEqual([{ id: 'ack', replaces: ['ack-s3', 'ack-dynamodb', 'ack-rds'] }, { id: 'kro', replaces: ['kro'] }]);
      expect(dev.addons.filter((a) => a === 'kro' || a.startsWith('ack-'))).toEqual([]);
      expect(prod.addons).toEqual(expect.arrayContaining(['kro', 'ack-s3', 'ack-dynamodb', 'ack-rds']));
      expect(prod.capabilities).toEqual([]);
    });
  });
});
