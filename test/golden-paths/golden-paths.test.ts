import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  componentEntityV1alpha1Validator,
  DefaultNamespaceEntityPolicy,
  EntityPolicies,
  FieldFormatEntityPolicy,
  groupEntityV1alpha1Validator,
  locationEntityV1alpha1Validator,
  NoForeignRootFieldsEntityPolicy,
  SchemaValidEntityPolicy,
  systemEntityV1alpha1Validator,
} from '@backstage/catalog-model';
import { templateEntityV1beta3Validator } from '@backstage/plugin-scaffolder-common';
import { parseAllDocuments } from 'yaml';
import { catalogEntities } from '../../golden-paths/paths/catalog';
import { GOLDEN_PATHS } from '../../golden-paths/paths/registry';
import { testConfig } from '../support/test-config';

const config = testConfig();
const KIND_VALIDATORS = [componentEntityV1alpha1Validator, groupEntityV1alpha1Validator, locationEntityV1alpha1Validator, systemEntityV1alpha1Validator, templateEntityV1beta3Validator];
// The catalog's own entity policies: envelope, field formats, no foreign root fields.
const policy = EntityPolicies.allOf([new SchemaValidEntityPolicy(), new DefaultNamespaceEntityPolicy(), new NoForeignRootFieldsEntityPolicy(), new FieldFormatEntityPolicy()]);

/** Runs an entity through the catalog's policies and the validator of its kind, as the catalog does. */
async function expectValidEntity(entity: Record<string, unknown>): Promise<void> {
  await policy.enforce(entity as any);
  const results = await Promise.all(KIND_VALIDATORS.map((v) => v.check(entity as any)));
  expect([entity.kind, results.some(Boolean)]).toEqual([entity.kind, true]);
}

describe('golden paths', () => {
  test.each(GOLDEN_PATHS.map((p) => p.name))('%s: the template passes Backstage\'s template and entity validators', async (name) => {
    const template = GOLDEN_PATHS.find((p) => p.name === name)!.template(config);
    await expectValidEntity(template);
    expect(await templateEntityV1beta3Validator.check(template as any)).toBe(true);
  });

  test('fails when a template is malformed (the validators really check)', async () => {
    const template = GOLDEN_PATHS[0].template(config) as any;
    const broken = { ...template, spec: { ...template.spec, steps: [{ id: 'x', action: 42 }] } };
    await expect(templateEntityV1beta3Validator.check(broken)).rejects.toThrow();
    await expect(policy.enforce({ ...template, metadata: { ...template.metadata, name: 'Not Valid!' } })).rejects.toThrow(/metadata\.name/);
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

  test('every catalog entity passes the catalog validators', async () => {
    for (const entity of catalogEntities(config)) await expectValidEntity(entity);
  });

  test('the committed templates and catalog are the ones the example config renders, and valid', async () => {
    const example = require('../../config/load-config').loadResolvedConfig('platform.config.ts');
    for (const path of GOLDEN_PATHS) {
      const file = join('golden-paths', 'templates', path.name, 'template.yaml');
      const [doc] = parseAllDocuments(readFileSync(file, 'utf8')).map((d) => d.toJS());
      expect(doc).toEqual(path.template(example));
    }
    const catalog = parseAllDocuments(readFileSync('golden-paths/catalog-info.yaml', 'utf8')).map((d) => d.toJS());
    expect(catalog).toEqual(catalogEntities(example));
    for (const e of catalog) await expectValidEntity(e);
  });
});
