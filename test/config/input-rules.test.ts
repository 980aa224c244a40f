import { configErrorOf } from '../support/config-error-of';
import { ConfigProblem, formatProblem } from '../../config/config-error';
import { resolveConfig } from '../../config/resolve-config';
import { rawTestConfig } from '../support/test-config';

/** Every problem resolveConfig reports, and its printed message (fails the test if the config resolves). */
function rejected(config: unknown): { problems: ConfigProblem[]; message: string } {
  const err = configErrorOf(config);
  return { problems: [...err.problems], message: err.message };
}

const raw = rawTestConfig;
const team = (fields: object) => ({ teams: { payments: { sourceRepos: [], ...fields } } });

/** [case, config overrides, expected config path, expected fix, secret that must never be printed]. */
const REJECTED: [string, object, string, RegExp, string?][] = [
  ['a group name with a newline', { sso: { adminGroup: 'admins\ng, evil, role:admin' } }, 'sso.adminGroup', /group names reach Argo CD policy\.csv/],
  ['a group name with a comma', { sso: { groupRoles: { 'viewers,role:admin': 'viewer' } } }, 'sso.groupRoles.viewers,role:admin', /letters, digits, "\.", "_" and "-"/],
  ['a group name with a quote', team({ keycloakGroup: "team-x') || true || ('" }), 'teams.payments.keycloakGroup', /quotes/],
  ['a group name with "#"', { sso: { groupRoles: { 'ops#x': 'admin' } } }, 'sso.groupRoles.ops#x', /"#"/],
  ['a group name with a space', team({ keycloakGroup: 'team payments' }), 'teams.payments.keycloakGroup', /spaces/],
  ['git.url with user:password', { git: { provider: 'external', url: 'https://deploy:glpat-s3cr3tT0ken@gitlab.example.com/p/gitops.git' } }, 'git.url', /user name and password .*AWS Secrets Manager/, 'glpat-s3cr3tT0ken'],
  ['git.url with a token as user name', { git: { provider: 'external', url: 'https://ghp_abcdefS3cret@github.com/acme/gitops.git' } }, 'git.url', /user info .* http\(s\) URL/, 'ghp_abcdefS3cret'],
  ['git.url with an ssh password', { git: { provider: 'external', url: 'ssh://git:hunter2pass@gitlab.example.com/p/gitops.git' } }, 'git.url', /user name and password/, 'hunter2pass'],
  ['a sourceRepos URL with ?private_token=', team({ sourceRepos: ['https://gitlab.example.com/p/app.git?private_token=zzTopSecret'] }), 'teams.payments.sourceRepos.0', /"private_token" query parameter/, 'zzTopSecret'],
  ['a sourceRepos URL with user:token', team({ sourceRepos: ['https://gitlab.example.com/ok/*', 'https://oauth2:tok-9876SECRET@gitlab.example.com/p/*'] }), 'teams.payments.sourceRepos.1', /user name and password/, 'tok-9876SECRET'],
  ['git.basePath leaving the repository', { git: { basePath: '../../etc' } }, 'git.basePath', /inside the repository/],
  ['git.basePath with a ".." segment inside', { git: { basePath: 'gitops/../../outside' } }, 'git.basePath', /no "\.", "\.\." or empty segments/],
  ['an application named like an add-on', { applications: { kargo: { team: 'payments' } } }, 'applications.kargo', /an add-on id: .* rename the application/],
  ['an application named like a platform namespace', { applications: { 'kube-system': { team: 'payments' } } }, 'applications.kube-system', /a platform namespace/],
  ['a team whose default namespace is a platform namespace', { teams: { argocd: {} }, applications: {} }, 'teams.argocd', /default namespace "argocd" belongs to the platform; rename the team or set teams\.argocd\.namespaces/],
  ['a "__proto__" key in a JSON config', { teams: JSON.parse('{"payments": {}, "__proto__": {"quota": {"cpu": "999"}}}') }, 'teams.__proto__', /"__proto__" is not a valid key/],
  ['a "__proto__" key nested in an entry', { addons: JSON.parse('{"kargo": {"values": {"__proto__": {"polluted": true}}}}') }, 'addons.kargo.values.__proto__', /remove it/],
  ['a spoke dedicated to "constructor", which is no team', { spokes: { ...raw().spokes, dev: { ...raw().spokes.dev, tenant: 'constructor' } } }, 'spokes.dev.tenant', /no such team/],
  ['an application of team "constructor", which does not exist', { applications: { web: { team: 'constructor' } } }, 'applications.web.team', /no such team/],
];

describe('input rules', () => {
  // Every row gets all five values: jest passes `done` to a test function with more parameters than the row has.
  test.each(REJECTED.map(([c, o, p, f, secret]) => [c, o, p, f, secret ?? ''] as const))('fails when %s', (_case, overrides, path, fix, secret) => {
    const { problems, message } = rejected({ ...raw(), ...overrides });
    const problem = problems.find((p) => p.path === path);
    expect(problem ? formatProblem(problem) : JSON.stringify(problems)).toMatch(fix);
    expect(message).toContain(`  ${path}`);
    if (secret) {
      expect(message).not.toContain(secret);
      expect(JSON.stringify(problems)).not.toContain(secret);
    }
  });

  test('fails when the schema also rejects the URL, still without printing the credential', () => {
    const { message } = rejected({ ...raw(), git: { provider: 'external', url: 'https://u:Sup3rS3cret@gitlab.example.com/p has space.git' } });
    expect(message).toMatch(/git\.url: "https:\/\/\*\*\*@gitlab/);
    expect(message).not.toContain('Sup3rS3cret');
  });

  test.each([
    ['ssh URL with the git user', { git: { provider: 'external', url: 'ssh://git@gitlab.example.com/p/gitops.git' } }],
    ['scp-style URL', { git: { provider: 'external', url: 'git@gitlab.example.com:p/gitops.git' } }],
    ['https URL without credentials, with a glob', team({ sourceRepos: ['https://gitlab.example.com/payments/*'] })],
    ['group names with ".", "_" and "-"', { sso: { adminGroup: 'Platform_Admins.eu-1', groupRoles: { 'sre-oncall': 'editor' } } }],
    ['a nested basePath', { git: { basePath: 'deploy/gitops/manifests' } }],
  ])('accepts %s', (_case, overrides) => {
    expect(() => resolveConfig({ ...raw(), ...overrides })).not.toThrow();
  });

  test('accepts and uses names equal to Object.prototype members ("constructor")', () => {
    const c = resolveConfig({
      ...raw(),
      spokes: { ...raw().spokes, constructor: { environment: 'constructor', account: '222222222222', region: 'eu-west-1', vpcCidr: '10.9.0.0/16', tenant: 'constructor' } },
      teams: { constructor: {}, payments: { namespaces: { dev: ['payments'] } } },
      applications: { constructor: { team: 'constructor', promotion: ['dev', 'constructor'] } },
      sso: { groupRoles: { constructor: 'viewer', toString: 'viewer' } },
    });
    expect(c.spokes.map((s) => s.name)).toContain('constructor');
    expect(c.teams.find((t) => t.name === 'constructor')).toMatchObject({ keycloakGroup: 'team-constructor', namespaces: { dev: ['constructor'], prod: ['constructor'], constructor: ['constructor'] } });
    expect(c.applications[0]).toMatchObject({ name: 'constructor', team: 'constructor' });
    expect(Object.keys(c.sso.groupRoles).sort()).toEqual(['constructor', 'toString']);
  });

  test('accepts a hub named "constructor" (not mistaken for a spoke of that name)', () => {
    expect(() => resolveConfig({ ...raw(), hub: { ...raw().hub, name: 'constructor' } })).not.toThrow();
  });
});
