import { configErrorOf } from '../support/config-error-of';
import { inPromotionOrder } from '../../config/promotion-order';
import { resolveConfig } from '../../config/resolve-config';
import { GOLDEN_PATHS } from '../../golden-paths/paths/registry';
import { forkLikeConfig, forkLikeRawConfig, rawTestConfig } from '../support/test-config';

/** dev, staging, prod: the alphabetical order (dev, prod, staging) would promote prod before staging. */
const withStaging = (applications = {}) => rawTestConfig({
  spokes: {
    ...rawTestConfig().spokes,
    staging: { environment: 'staging', account: '222222222222', region: 'eu-central-1', vpcCidr: '10.3.0.0/16' },
  },
  applications: { checkout: { team: 'payments', promotion: ['dev', 'staging', 'prod'] }, ...applications },
});

const problemsOf = (raw: unknown) => [...configErrorOf(raw).problems];

describe('promotion order of environments', () => {
  test('staging between dev and prod: the applications\' promotion orders the environments, not the alphabet', () => {
    const c = resolveConfig(withStaging());
    expect(c.environments).toEqual(['dev', 'staging', 'prod']);
  });

  test('an application without promotion goes through every environment in promotion order', () => {
    const c = resolveConfig(withStaging({ search: { team: 'payments' } }));
    expect(c.applications.find((a) => a.name === 'search')!.promotion).toEqual(['dev', 'staging', 'prod']);
  });

  test('environments no promotion orders follow the order spokes declare them', () => {
    const raw = forkLikeRawConfig({ applications: {} });
    expect(resolveConfig(raw).environments).toEqual(['qa', 'staging', 'live']);
    // Declared the other way round, with nothing promoting between them: the declaration wins.
    const reversed = Object.fromEntries(Object.entries(raw.spokes).reverse());
    expect(resolveConfig({ ...raw, spokes: reversed }).environments).toEqual(['live', 'staging', 'qa']);
  });

  test('a promotion orders environments against the declaration order, merged across applications', () => {
    const raw = forkLikeRawConfig();
    const reversed = Object.fromEntries(Object.entries(raw.spokes).reverse());
    const c = resolveConfig({ ...raw, spokes: reversed, applications: { a: { team: 'ledger', promotion: ['staging', 'live'] }, b: { team: 'ledger', promotion: ['qa', 'staging'] } } });
    expect(c.environments).toEqual(['qa', 'staging', 'live']);
  });

  test('the fork-like fixture: qa → staging → live everywhere environments are listed', () => {
    const c = forkLikeConfig();
    expect(c.environments).toEqual(['qa', 'staging', 'live']);
    const service = GOLDEN_PATHS.find((p) => p.name === 'onboard-service')!.template(c) as any;
    expect(service.metadata.description).toContain('(qa → staging → live)');
    expect(service.spec.steps[0].input.values.environments).toBe('qa → staging → live');
    const team = GOLDEN_PATHS.find((p) => p.name === 'onboard-team')!.template(c) as any;
    expect(team.spec.parameters[0].properties.environments.default).toEqual(['qa', 'staging', 'live']);
    // The last environment is production whatever it is called: its spokes are deletion-protected by default.
    const unset = forkLikeConfig({ spokes: Object.fromEntries(Object.entries(forkLikeRawConfig().spokes).map(([n, sp]) => [n, { ...sp, deletionProtection: undefined }])) });
    expect(unset.spokes.map((sp) => [sp.name, sp.deletionProtection])).toEqual([['ledger-live', true], ['live-apac', true], ['live-east', true], ['qa', false], ['staging', false]]);
    expect(inPromotionOrder(c.environments, { live: 1, qa: 2, staging: 3 }).map(([e]) => e)).toEqual(['qa', 'staging', 'live']);
  });

  test('fails when two applications promote in contradicting orders, naming both config paths', () => {
    const problems = problemsOf(withStaging({ search: { team: 'payments', promotion: ['prod', 'dev'] } }));
    expect(problems).toEqual([{
      path: 'applications.search.promotion',
      value: ['prod', 'dev'],
      fix: expect.stringContaining('but applications.checkout.promotion promotes dev before prod'),
    }]);
  });

  test('fails when a contradiction only shows through a third environment (a cycle across applications)', () => {
    const problems = problemsOf(rawTestConfig({
      spokes: withStaging().spokes,
      applications: { a: { team: 'payments', promotion: ['dev', 'staging'] }, b: { team: 'payments', promotion: ['staging', 'prod'] }, c: { team: 'payments', promotion: ['prod', 'dev'] } },
    }));
    expect(problems.map((p) => p.path)).toEqual(['applications.c.promotion']);
    expect(problems[0].fix).toContain('applications.a.promotion and applications.b.promotion promote dev before prod');
  });
});
