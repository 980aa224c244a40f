import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { catalogEntities } from '../../golden-paths/paths/catalog';
import { GOLDEN_PATHS } from '../../golden-paths/paths/registry';
import type { ResolvedConfig } from '../../config/resolved-config';
import { catalogModel, portalBackendRequire, templateEntityV1beta3Validator as scaffolderTemplateValidator } from '../support/portal-backend-modules';
import { forkLikeCapabilityConfig, forkLikeConfig, testConfig } from '../support/test-config';

// The catalog's validators from the portal backend's install: the same ones the hub's catalog runs.
const {
  componentEntityV1alpha1Validator, DefaultNamespaceEntityPolicy, EntityPolicies, FieldFormatEntityPolicy, groupEntityV1alpha1Validator,
  locationEntityV1alpha1Validator, NoForeignRootFieldsEntityPolicy, resourceEntityV1alpha1Validator, SchemaValidEntityPolicy, systemEntityV1alpha1Validator,
} = catalogModel();
const templateEntityV1beta3Validator = scaffolderTemplateValidator();

const config = testConfig();
// Templates generated in memory for forks unlike the example (not the committed example templates).
const CONFIGS: [string, ResolvedConfig][] = [['testConfig()', config], ['a fork-like config', forkLikeConfig()], ['a fork-like config with every managed capability', forkLikeCapabilityConfig()]];
const KIND_VALIDATORS = [componentEntityV1alpha1Validator, groupEntityV1alpha1Validator, locationEntityV1alpha1Validator, resourceEntityV1alpha1Validator, systemEntityV1alpha1Validator, templateEntityV1beta3Validator];
// The catalog's own entity policies: envelope, field formats, no foreign root fields.
const policy = EntityPolicies.allOf([new SchemaValidEntityPolicy(), new DefaultNamespaceEntityPolicy(), new NoForeignRootFieldsEntityPolicy(), new FieldFormatEntityPolicy()]);

/** Runs an entity through the catalog's policies and the validator of its kind, as the catalog does. */
async function expectValidEntity(entity: Record<string, unknown>): Promise<void> {
  await policy.enforce(entity as any);
  const results = await Promise.all(KIND_VALIDATORS.map((v) => v.check(entity as any)));
  expect([entity.kind, results.some(Boolean)]).toEqual([entity.kind, true]);
}

describe('golden paths', () => {
  test.each(CONFIGS.flatMap(([label, c]) => GOLDEN_PATHS.map((p) => [p.name, label, c] as const)))('%s (%s): the template passes Backstage\'s template and entity validators', async (name, _label, c) => {
    const template = GOLDEN_PATHS.find((p) => p.name === name)!.template(c);
    await expectValidEntity(template);
    expect(await templateEntityV1beta3Validator.check(template as any)).toBe(true);
  });

  test('fails when a template is malformed (the validators really check)', async () => {
    const template = GOLDEN_PATHS[0].template(config) as any;
    const broken = { ...template, spec: { ...template.spec, steps: [{ id: 'x', action: 42 }] } };
    await expect(templateEntityV1beta3Validator.check(broken)).rejects.toThrow();
    await expect(policy.enforce({ ...template, metadata: { ...template.metadata, name: 'Not Valid!' } })).rejects.toThrow(/metadata\.name/);
  });

  test('fails when the portal backend\'s install is missing, naming the command that installs it (no silent skip)', () => {
    expect(() => portalBackendRequire(join(tmpdir(), 'no-portal-backend-here'))).toThrow('npm ci --omit=dev --prefix portal/packages/backend');
  });

  test('owner choices come from the config\'s teams; names are validated DNS-safe', () => {
    const template = GOLDEN_PATHS[0].template(config) as any;
    const props = template.spec.parameters[0].properties;
    expect(props.owner.enum).toEqual(['group:default/payments']);
    expect(new RegExp(props.name.pattern).test('my-service')).toBe(true);
    expect(new RegExp(props.name.pattern).test('My_Service')).toBe(false);
    expect(template.spec.parameters[0].required).toEqual(expect.arrayContaining(['name', 'owner']));
  });

  test('onboarding changes the GitOps repository by merge request, never by applying to a cluster', () => {
    const actions = (GOLDEN_PATHS[0].template(config) as any).spec.steps.map((s: any) => s.action);
    expect(actions).toContain('publish:gitlab:merge-request');
    expect(actions.filter((a: string) => a.startsWith('kube:'))).toEqual([]);
  });

  test.each(CONFIGS)('every catalog entity (%s) passes the catalog validators', async (_label, c) => {
    for (const entity of catalogEntities(c)) await expectValidEntity(entity);
  });

  // The committed templates and catalog of the fork's own config: test/your-platform.test.ts.
});
