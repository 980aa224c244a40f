import { configErrorOf } from '../support/config-error-of';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { entriesFromFolder } from '../../config/entries-from-folder';
import { resolveConfig } from '../../config/resolve-config';
import type { PlatformConfig } from '../../config/schema';
import { renderGitOpsTree } from '../../gitops/render-gitops-tree';
import { synthPlatform } from '../support/synth-platform';
import { rawTestConfig } from '../support/test-config';

/**
 * A corpus of hostile and mistaken configs (issue #13): each must be rejected at validate time with the
 * config path (and the platform.d file) in the message; legal edge cases must pass, synthesize and render.
 * Complements test/config/input-rules.test.ts and resolve-config.test.ts (not repeated here).
 */
const raw = rawTestConfig;
const spoke = (fields: object) => ({ spokes: { ...raw().spokes, dev: { ...raw().spokes.dev, ...fields } } });
const hub = (fields: object) => ({ hub: { ...raw().hub, ...fields } });
const team = (fields: object) => ({ teams: { payments: { sourceRepos: [], ...fields } } });
const app = (fields: object) => ({ applications: { checkout: { team: 'payments', ...fields } } });
const long = (n: number, c = 'a') => c.repeat(n);

/** [case, overrides, expected path, expected message fragment]. */
const HOSTILE: [string, object, string, RegExp][] = [
  // --- AWS identifiers: accounts, regions ---
  ['an 11-digit account', hub({ account: '11111111111' }), 'hub.account', /12-digit/],
  ['an account as a number', hub({ account: 111111111111 }), 'hub.account', /string/],
  ['an account with a space', spoke({ account: '222222222222 ' }), 'spokes.dev.account', /12-digit/],
  ['an account with letters', spoke({ account: '22222222222a' }), 'spokes.dev.account', /12-digit/],
  ['a region in capitals', hub({ region: 'EU-WEST-1' }), 'hub.region', /region code/],
  ['a region with an AZ suffix', spoke({ region: 'eu-west-1a' }), 'spokes.dev.region', /region code/],
  ['a region that does not exist', spoke({ region: 'eu-nowhere-9' }), 'spokes.dev.region', /no availability zone names known/],
  ['a region with a shell metacharacter', hub({ region: 'eu-west-1;id' }), 'hub.region', /region code/],
  ['3 AZs in a 2-AZ region', spoke({ region: 'us-west-1', azCount: 3 }), 'spokes.dev.azCount', /us-west-1 offers 2/],
  ['azCount 1', spoke({ azCount: 1 }), 'spokes.dev.azCount', /2 or 3/],
  ['azCount 4', hub({ azCount: 4 }), 'hub.azCount', /2 or 3/],
  ['azCount 2.5', hub({ azCount: 2.5 }), 'hub.azCount', /integer|expected int/i],
  // --- CIDRs ---
  ['a public CIDR', hub({ vpcCidr: '8.8.0.0/16' }), 'hub.vpcCidr', /private range/],
  ['a CIDR just outside 172.16/12', spoke({ vpcCidr: '172.32.0.0/16' }), 'spokes.dev.vpcCidr', /private range/],
  ['a CIDR just outside 100.64/10', spoke({ vpcCidr: '100.128.0.0/16' }), 'spokes.dev.vpcCidr', /private range/],
  ['a CIDR with leading zeros (octal in ipaddr.js)', spoke({ vpcCidr: '010.1.0.0/16' }), 'spokes.dev.vpcCidr', /canonical form/],
  ['a CIDR with a zero-padded octet', spoke({ vpcCidr: '10.01.0.0/16' }), 'spokes.dev.vpcCidr', /canonical form|network address/],
  ['a CIDR with host bits', hub({ vpcCidr: '10.0.0.1/16' }), 'hub.vpcCidr', /network address/],
  ['a /8 VPC', hub({ vpcCidr: '10.0.0.0/8' }), 'hub.vpcCidr', /between \/16 and \/24/],
  ['a /28 VPC', hub({ vpcCidr: '10.0.0.0/28' }), 'hub.vpcCidr', /between \/16 and \/24/],
  ['a /20 VPC without room for 3 AZs of subnets', hub({ vpcCidr: '10.0.0.0/20' }), 'hub.vpcCidr', /need 16384 addresses.*\/18/],
  ['a /19 VPC without room for 2 AZs of subnets', spoke({ vpcCidr: '10.1.0.0/19' }), 'spokes.dev.vpcCidr', /need 12288 addresses/],
  ['an IPv6 CIDR', hub({ vpcCidr: 'fd00::/48' }), 'hub.vpcCidr', /IPv4 CIDR/],
  ['a CIDR without a prefix', hub({ vpcCidr: '10.0.0.0' }), 'hub.vpcCidr', /IPv4 CIDR/],
  ['an octet over 255', hub({ vpcCidr: '10.300.0.0/16' }), 'hub.vpcCidr', /IPv4 CIDR/],
  ['a spoke VPC inside the hub VPC', spoke({ vpcCidr: '10.0.128.0/17' }), 'spokes.dev.vpcCidr', /overlaps hub\.vpcCidr/],
  ['a spoke VPC containing the hub VPC', { ...hub({ vpcCidr: '10.0.64.0/18' }), ...spoke({ vpcCidr: '10.0.0.0/16' }) }, 'spokes.dev.vpcCidr', /overlaps hub\.vpcCidr/],
  ['two spokes with the same VPC', { spokes: { ...raw().spokes, qa: { environment: 'dev', account: '222222222222', region: 'eu-west-1', vpcCidr: '10.1.0.0/16' } } }, 'spokes.qa.vpcCidr', /overlaps spokes\.dev\.vpcCidr/],
  // --- NAT ---
  ['no NAT gateway (no endpoints for ECR/STS/EKS)', spoke({ natGateways: 0 }), 'spokes.dev.natGateways', /no route to ECR, STS and EKS/],
  ['negative NAT gateways', hub({ natGateways: -1 }), 'hub.natGateways', /0 to 3/],
  ['4 NAT gateways', hub({ natGateways: 4 }), 'hub.natGateways', /0 to 3/],
  // --- derived names: IAM roles (64), Argo CD Applications (63), ECR ---
  ['a spoke name whose IAM roles exceed 64 characters', { spokes: { [`s${long(40)}`]: { ...raw().spokes.dev } } }, `spokes.s${long(40)}`, /IAM role .* over IAM's 64/],
  ['a hub name whose IAM roles exceed 64 characters', hub({ name: `h${long(44)}` }), 'hub.name', /over IAM's 64/],
  ['a platform name (default prefix) that makes IAM roles too long', { name: `p${long(40)}` }, 'hub.name', /shorten the cluster name or name by 2/],
  ['a resourcePrefix over 20 characters', { resourcePrefix: long(21) }, 'resourcePrefix', /3–20/],
  ['a resourcePrefix with capitals', { resourcePrefix: 'Acme' }, 'resourcePrefix', /lowercase/],
  ['a resourcePrefix ending in "-"', { resourcePrefix: 'acme-' }, 'resourcePrefix', /lowercase/],
  ['a spoke name whose Argo CD Application would exceed 63', { spokes: { [`s${long(46)}`]: { ...raw().spokes.dev } }, name: 'x1', resourcePrefix: 'x1y' }, `spokes.s${long(46)}`, /<add-on>-<cluster>.*63/],
  ['an application whose <app>-<cluster> exceeds 63', { applications: { [`a${long(60)}`]: { team: 'payments' } } }, `applications.a${long(60)}`, /<app>-<cluster>/],
  ['an image with capitals', app({ image: 'Acme/Checkout' }), 'applications.checkout.image', /ECR repository name/],
  ['an image with "//"', app({ image: 'acme//checkout' }), 'applications.checkout.image', /ECR repository name/],
  ['an image with a tag', app({ image: 'acme/checkout:latest' }), 'applications.checkout.image', /ECR repository name/],
  ['an image with ".."', app({ image: '../checkout' }), 'applications.checkout.image', /ECR repository name/],
  ['an image with a leading "/"', app({ image: '/checkout' }), 'applications.checkout.image', /ECR repository name/],
  ['an image over 256 characters', app({ image: long(257) }), 'applications.checkout.image', /2–256/],
  ['an empty image', app({ image: '' }), 'applications.checkout.image', /.+/],
  // --- DNS-1123 labels: cluster, environment, tenant, team, namespace, realm ---
  ['a spoke name with capitals', { spokes: { Dev: { ...raw().spokes.dev } } }, 'spokes.Dev', /DNS-safe/],
  ['a spoke name with "_"', { spokes: { dev_1: { ...raw().spokes.dev } } }, 'spokes.dev_1', /DNS-safe/],
  ['a spoke name starting with a digit', { spokes: { '1dev': { ...raw().spokes.dev } } }, 'spokes.1dev', /DNS-safe/],
  ['a spoke name with a dot', { spokes: { 'dev.eu': { ...raw().spokes.dev } } }, 'spokes.dev.eu', /DNS-safe/],
  ['a spoke named like the hub', { spokes: { hub: { ...raw().spokes.dev } } }, 'spokes.hub', /hub's name/],
  ['an environment with a space', spoke({ environment: 'dev env' }), 'spokes.dev.environment', /DNS-safe/],
  ['an environment over 63', spoke({ environment: long(64) }), 'spokes.dev.environment', /at most 63/],
  ['a tenant with capitals', spoke({ tenant: 'Payments' }), 'spokes.dev.tenant', /DNS-safe/],
  ['a tenant that is no team', spoke({ tenant: 'ghost' }), 'spokes.dev.tenant', /no such team/],
  ['a team name with "/"', { teams: { 'a/b': {} }, applications: {} }, 'teams.a/b', /DNS-safe/],
  ['a team name with capitals', { teams: { Payments: {} }, applications: {} }, 'teams.Payments', /DNS-safe/],
  ['a team namespace with capitals', team({ namespaces: { dev: ['Payments'] } }), 'teams.payments.namespaces.dev.0', /DNS-safe/],
  ['a team namespace "kube-system"', team({ namespaces: { dev: ['kube-system'] } }), 'teams.payments.namespaces.dev.0', /belongs to the platform/],
  ['a team namespace of an add-on', team({ namespaces: { dev: ['external-secrets'] } }), 'teams.payments.namespaces.dev.0', /belongs to the platform/],
  ['a team namespace for an environment no spoke serves', team({ namespaces: { staging: ['payments'] } }), 'teams.payments.namespaces.staging', /no spoke serves/],
  ['two teams claiming one namespace', { teams: { payments: { namespaces: { dev: ['shared'] } }, orders: { namespaces: { dev: ['shared'] } } } }, 'teams.payments.namespaces.dev.0', /already owns/],
  ['a realm with capitals', { sso: { realm: 'Platform' } }, 'sso.realm', /DNS-safe/],
  ['an application name with capitals', { applications: { Checkout: { team: 'payments' } } }, 'applications.Checkout', /DNS-safe/],
  ['an application named "argocd"', { applications: { argocd: { team: 'payments' } } }, 'applications.argocd', /platform namespace/],
  ['an application named like an add-on', { applications: { 'external-secrets': { team: 'payments' } } }, 'applications.external-secrets', /an add-on id/],
  ['an application promoted to an unknown environment', app({ promotion: ['dev', 'staging'] }), 'applications.checkout.promotion.1', /no spoke serves/],
  ['an application promoted twice to dev', app({ promotion: ['dev', 'dev'] }), 'applications.checkout.promotion', /each environment once/],
  ['an application port 0', app({ port: 0 }), 'applications.checkout.port', /.+/],
  ['an application port 70000', app({ port: 70000 }), 'applications.checkout.port', /.+/],
  // --- templates, CSV, JSON: group names, revisions, quantities, tags ---
  ['a group name with "{{"', { sso: { adminGroup: '{{ .argocd }}' } }, 'sso.adminGroup', /group names reach/],
  ['a group name with a double quote', team({ keycloakGroup: 'team"x' }), 'teams.payments.keycloakGroup', /quotes/],
  ['a group name with a backslash', { sso: { groupRoles: { 'ops\\x': 'viewer' } } }, 'sso.groupRoles.ops\\x', /letters, digits/],
  ['a group role that does not exist', { sso: { groupRoles: { ops: 'root' } } }, 'sso.groupRoles.ops', /admin|editor|viewer/],
  ['a git revision with a newline', { git: { revision: 'main\nx: y' } }, 'git.revision', /branch or tag name/],
  ['a git revision with template text', { git: { revision: '{{ .metadata.name }}' } }, 'git.revision', /branch or tag name/],
  ['a git revision that is an option', { git: { revision: '--upload-pack=touch' } }, 'git.revision', /not starting with "-"/],
  ['a git revision with ".."', { git: { revision: 'a..b' } }, 'git.revision', /branch or tag name/],
  ['a basePath that is absolute', { git: { basePath: '/etc' } }, 'git.basePath', /relative path/],
  ['an external git provider without a URL', { git: { provider: 'external' } }, 'git.url', /.+/],
  ['the hub GitLab serving the repository switched off on the hub', { hub: { ...rawTestConfig().hub, addons: { gitlab: false } } }, 'hub.addons.gitlab', /hub's GitLab serves the platform repository/],
  ['the hub GitLab switched off for the hub role', { addons: { gitlab: { hub: false } } }, 'addons.gitlab.hub', /git.provider: "external"/],
  ['a git URL with a space', { git: { provider: 'external', url: 'https://a b/c.git' } }, 'git.url', /git URL/],
  ['a git URL with a double quote', { git: { provider: 'external', url: 'https://gitlab.example.com/p".git' } }, 'git.url', /RFC 3986/],
  ['a git URL with template braces', { git: { provider: 'external', url: 'https://gitlab.example.com/{{.name}}.git' } }, 'git.url', /RFC 3986/],
  ['a sourceRepos URL with a backslash', team({ sourceRepos: ['https://gitlab.example.com/p\\x/*'] }), 'teams.payments.sourceRepos.0', /RFC 3986/],
  ['a git URL over plain http', { git: { provider: 'external', url: 'http://gitlab.example.com/p.git' } }, 'git.url', /git URL/],
  ['a quota cpu that is no quantity', team({ quota: { cpu: 'lots', memory: '16Gi' } }), 'teams.payments.quota.cpu', /Kubernetes quantity/],
  ['a quota memory with YAML injection', team({ quota: { cpu: '8', memory: '16Gi\nlimits.cpu: 0' } }), 'teams.payments.quota.memory', /Kubernetes quantity/],
  ['a tag key starting with "aws:"', { tags: { 'aws:cost': 'x' } }, 'tags.aws:cost', /not starting with "aws:"/],
  ['a tag key over 128', { tags: { [long(129)]: 'x' } }, `tags.${long(129)}`, /1–128/],
  ['a tag value over 256', { tags: { team: long(257) } }, 'tags.team', /at most 256/],
  ['a tag value with a quote', { tags: { team: 'a"b' } }, 'tags.team', /tag value/],
  ['a tag value with "&"', { tags: { team: 'R&D' } }, 'tags.team', /tag value/],
  // --- domains, hosted zones, principals ---
  ['a domain with capitals', { domain: 'Platform.Example.com' }, 'domain', /lowercase DNS domain/],
  ['a domain with a trailing dot', { domain: 'platform.example.com.' }, 'domain', /lowercase DNS domain/],
  ['a domain with a label over 63', { domain: `${long(64)}.example.com` }, 'domain', /lowercase DNS domain/],
  ['a hosted zone id with the /hostedzone/ prefix', { ingress: { hostedZoneId: '/hostedzone/Z0TESTZONE00000000001' } }, 'ingress.hostedZoneId', /without "\/hostedzone\/"/],
  ['an admin principal of the whole account', { admins: { principals: ['arn:aws:iam::111111111111:root'] } }, 'admins.principals.0', /role or user ARN/],
  ['an admin principal "*"', { admins: { principals: ['*'] } }, 'admins.principals.0', /role or user ARN/],
  ['no admin principal', { admins: { principals: [] } }, 'admins.principals', /at least one/],
  ['an unknown top-level key', { nmae: 'typo' }, 'nmae', /unknown field/],
  ['an unknown add-on switch', spoke({ addons: { 'argo-cdd': true } }), 'spokes.dev.addons.argo-cdd', /.+/],
  ['a Kubernetes version not supported', hub({ kubernetesVersion: '1.20' }), 'hub.kubernetesVersion', /supported Kubernetes versions/],
  ['the general-purpose node pool', hub({ nodePools: ['system', 'general-purpose'] }), 'hub.nodePools', /.+/],
];

const rejected = (config: unknown) => configErrorOf(config, 'platform.config.ts');

describe('hostile and mistaken configs are rejected with their config path', () => {
  test('the corpus has at least 80 cases, each distinct', () => {
    expect(HOSTILE.length).toBeGreaterThanOrEqual(80);
    expect(new Set(HOSTILE.map(([c]) => c)).size).toBe(HOSTILE.length);
  });

  test.each(HOSTILE)('fails when %s', (_case, overrides, path, fix) => {
    const err = rejected({ ...raw(), ...overrides });
    const atPath = err.problems.filter((p) => p.path === path);
    if (atPath.length === 0) throw new Error(`no problem at "${path}"; got: ${err.message}`);
    expect(atPath.map((p) => `${p.fix} ${JSON.stringify(p.value)}`).join('\n')).toMatch(fix);
    expect(err.message).toContain(`  ${path}`);
  });
});

describe('hostile entries from platform.d name their file', () => {
  const root = mkdtempSync(join(tmpdir(), 'pb-hostile-'));
  const files: Record<string, string> = {
    'platform.d/spokes/qa.yaml': 'environment: dev\naccount: "444444444444"\nregion: ap-northeast-1\nvpcCidr: 010.9.0.0/16\n',
    'platform.d/spokes/edge.yaml': 'environment: dev\naccount: "444444444444"\nregion: us-west-1\nvpcCidr: 10.10.0.0/16\nnatGateways: 0\n',
    'platform.d/teams/ops.yaml': 'quota:\n  cpu: "8; rm -rf /"\n',
    'platform.d/applications/web.yaml': 'team: ops\nimage: "Web:latest"\n',
  };
  for (const [p, content] of Object.entries(files)) {
    mkdirSync(dirname(join(root, p)), { recursive: true });
    writeFileSync(join(root, p), content);
  }
  const base = raw();
  const err = rejected({
    ...base,
    spokes: { ...base.spokes, ...entriesFromFolder('platform.d/spokes', root) },
    teams: { ...base.teams, ...entriesFromFolder('platform.d/teams', root) },
    applications: { ...base.applications, ...entriesFromFolder('platform.d/applications', root) },
  });

  test.each([
    ['spokes.qa.vpcCidr', 'platform.d/spokes/qa.yaml', /canonical form/],
    ['spokes.edge.azCount', 'platform.d/spokes/edge.yaml', /us-west-1 offers 2/],
    ['spokes.edge.natGateways', 'platform.d/spokes/edge.yaml', /NAT gateway/],
    ['teams.ops.quota.cpu', 'platform.d/teams/ops.yaml', /Kubernetes quantity/],
    ['applications.web.image', 'platform.d/applications/web.yaml', /ECR repository name/],
  ])('fails when %s is hostile in %s', (path, file, fix) => {
    expect(err.message).toMatch(new RegExp(`  ${path.replace(/\./g, '\\.')} \\(${file.replace(/[./]/g, '\\$&')}\\): .* — .*${fix.source}`));
  });
});

/** Legal edge cases, all in one config: must resolve, synthesize (cdk-nag clean) and render. */
const EDGE: PlatformConfig = rawTestConfig({
  name: 'p',
  resourcePrefix: 'abc',
  hub: { name: 'h', account: '111111111111', region: 'ap-northeast-1', vpcCidr: '100.64.0.0/18', azCount: 3 },
  spokes: {
    // 64-character role names exactly: abc-<cluster>-gitops-bridge-reader, 3 + 1 + 19 + 1 + 20 + 20 = 64.
    [`s${long(18, '0')}`]: { environment: 'dev', account: '222222222222', region: 'us-west-1', vpcCidr: '172.31.0.0/16', azCount: 2, natGateways: 2 },
    'p-1': { environment: 'prod', account: '333333333333', region: 'ca-central-1', vpcCidr: '192.168.0.0/18', natGateways: 3 },
  },
  teams: { payments: { keycloakGroup: 'Team_Payments.v2', quota: { cpu: '500m', memory: '1.5Gi' }, sourceRepos: [] } },
  applications: { checkout: { team: 'payments', image: 'a1/b.c-d_e/f' } },
  tags: { 'cost-center': 'R D: plattform/ü+=@' },
  git: { provider: 'hub-gitlab', revision: 'release/2026.01', basePath: 'gitops/manifests' },
  sso: { realm: 'r', adminGroup: 'A', groupRoles: { 'ops.read-only_1': 'viewer' } },
});

describe('legal edge cases pass, synthesize and render', () => {
  test.each([
    ['tag values allow the documented punctuation', { tags: { 'cost-center': 'R D: plattform/ü+=@' } }],
    ['the smallest VPC with room for 2 AZs, a /18', spoke({ vpcCidr: '10.1.0.0/18' })],
    ['a tag value with a space and non-ASCII letters', { tags: { owner: 'Zoë Müller' } }],
    ['a revision that is a tag with dots', { git: { revision: 'v1.2.3' } }],
  ])('%s', (_case, overrides) => {
    expect(() => resolveConfig({ ...raw(), ...overrides })).not.toThrow();
  });

  test('the combined edge config resolves, synthesizes cdk-nag clean and renders', () => {
    const config = resolveConfig(EDGE);
    const { stacks, exitCode } = synthPlatform(config);
    expect(exitCode).toBeUndefined();
    expect(stacks.all.map((s) => s.stackName).sort()).toEqual(['abc-h', 'abc-p-1', `abc-s${long(18, '0')}`]);
    const files = renderGitOpsTree(config);
    expect(files.length).toBeGreaterThan(10);
  });
});
