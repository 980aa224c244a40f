import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { parse, parseAllDocuments } from 'yaml';
import { resolveConfig } from '../../config/resolve-config';
import type { ResolvedConfig } from '../../config/resolved-config';
import { ecrRegistry } from '../../contract/endpoints';
import { renderGitOpsTree } from '../../gitops/render-gitops-tree';
import { gitlabHost } from '../../golden-paths/paths/golden-path';
import { serviceRuleFiles } from '../../projenrc/assistant-files';
import { forkLikeRawConfig, rawTestConfig } from '../support/test-config';
import { GOLDEN_PATHS } from '../../golden-paths/paths/registry';
import { K8sObject, validateCustomResources } from '../support/crd-schemas';
import { catalogModel, PortalScaffolder, postJson, startPortalScaffolder, StubAction } from '../support/portal-backend-modules';

/**
 * Every golden path runs through Backstage's real scaffolder, the one the hub's portal runs (the
 * scaffolder backend plugin of portal/packages/backend's install in a started backend,
 * POST /api/scaffolder/v2/dry-run), for every choice of its enum parameters. Only the network actions
 * are replaced, by dry-run stubs with the same ids that record their input.
 */

type Json = Record<string, any>;
interface DryRun {
  status: number;
  body: { log?: { body: { message: string } }[]; directoryContents?: { path: string; base64Content: string }[]; output?: Json; errors?: unknown[] };
}

const recorded: { action: string; input: Json }[] = [];
const NETWORK_STUBS: StubAction[] = [
  { id: 'publish:gitlab', output: { remoteUrl: 'https://gitlab.test/team/repo', repoContentsUrl: 'https://gitlab.test/team/repo/-/blob/main' } },
  { id: 'publish:gitlab:merge-request', output: { mergeRequestUrl: 'https://gitlab.test/platform/gitops/-/merge_requests/1' } },
];

const TEMPLATES_DIR = join(__dirname, '..', '..', 'golden-paths', 'templates');
/**
 * Fixture configs, never the fork's platform.config.ts: templates are generated IN MEMORY from each
 * (path.template(config)), and so are the skeleton files projen generates from the config (the
 * service's assistant rules); the other skeleton files come from disk.
 */
const RAW_CONFIGS: [string, Json][] = [['testConfig()', rawTestConfig() as Json], ['a fork-like config', forkLikeRawConfig() as Json]];
const resolved = new Map(RAW_CONFIGS.map(([label, raw]) => [label, resolveConfig(raw)]));

function diskFiles(dir: string, base = dir): { path: string; base64Content: string }[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? diskFiles(p, base) : [{ path: relative(base, p), base64Content: readFileSync(p).toString('base64') }];
  });
}

/** The template's directory as this config's `npx projen` would write it. */
function templateFiles(name: string, config: ResolvedConfig): { path: string; base64Content: string }[] {
  const dir = join(TEMPLATES_DIR, name);
  const generated = new Map(serviceRuleFiles(config).map((f) => [relative(dir, f.path), Buffer.from(f.text!).toString('base64')]));
  return diskFiles(dir).filter((f) => f.path !== 'template.yaml').map((f) => ({ path: f.path, base64Content: generated.get(f.path) ?? f.base64Content }));
}

/** Valid answers per template, from the config (its teams, environments, GitLab host, registry); enum parameters are then varied over every choice. */
function baseValues(config: ResolvedConfig): Record<string, Json> {
  const owner = `group:default/${config.teams[0].name}`;
  const [first] = config.environments;
  return {
    'onboard-service': { name: 'my-service', description: 'Orders API', owner, language: 'typescript', port: 8080 },
    'provision-aws-resource': { kind: 'bucket', name: 'orders', owner, environment: first },
    'request-environment': { name: 'perf', environment: 'perf', account: '999999999999', region: config.hub.region, vpcCidr: '10.99.0.0/16', kubernetesVersion: '1.34' },
    'onboard-team': { name: 'search', environments: [...config.environments], sourceRepos: [`https://${gitlabHost(config)}/search/*`] },
    'data-job': { name: 'nightly-etl', owner, environment: first, image: `${ecrRegistry(config)}/${config.resourcePrefix}/etl:1.4.2`, schedule: '0 3 * * *', size: 'small' },
  };
}
const BASE_VALUES = baseValues(resolved.get('testConfig()')!);

/** Every combination of the template's enum parameters over the base values. */
function combinations(template: Json, base: Json): Json[] {
  const props: Record<string, Json> = Object.assign({}, ...template.spec.parameters.map((p: Json) => p.properties));
  let combos: Json[] = [base];
  for (const [key, schema] of Object.entries(props)) {
    if (Array.isArray(schema.enum)) combos = combos.flatMap((c) => schema.enum.map((v: unknown) => ({ ...c, [key]: v })));
    else if (schema.type === 'array' && Array.isArray(schema.items?.enum)) combos = combos.flatMap((c) => [schema.items.enum, schema.items.enum.slice(0, 1)].map((v: unknown) => ({ ...c, [key]: v })));
  }
  return combos;
}

let portal: PortalScaffolder | undefined;

beforeAll(async () => {
  portal = await startPortalScaffolder(NETWORK_STUBS, (action, input) => recorded.push({ action, input }));
}, 120_000);

afterAll(async () => {
  await portal?.stop();
});

async function dryRun(name: string, values: Json, config: ResolvedConfig = resolved.get('testConfig()')!): Promise<DryRun> {
  const template = GOLDEN_PATHS.find((p) => p.name === name)!.template(config);
  return postJson(`${portal!.baseUrl}/api/scaffolder/v2/dry-run`, { authorization: portal!.authorization }, { template, values, directoryContents: templateFiles(name, config) });
}

const files = (r: DryRun) => new Map((r.body.directoryContents ?? []).map((f) => [f.path, Buffer.from(f.base64Content, 'base64').toString('utf8')]));
const { EntityPolicies, SchemaValidEntityPolicy, NoForeignRootFieldsEntityPolicy, FieldFormatEntityPolicy } = catalogModel();
const entityPolicy = EntityPolicies.allOf([new SchemaValidEntityPolicy(), new NoForeignRootFieldsEntityPolicy(), new FieldFormatEntityPolicy()]);

/** The kinds (and spec fields) the platform's kro compositions offer, from the rendered tree. */
function kroKinds(config: ResolvedConfig): Map<string, string[]> {
  const file = renderGitOpsTree(config).find((f) => f.path === 'addon-objects/kro/compositions.yaml')!;
  return new Map(file.documents.filter((d: Json) => d.kind === 'ResourceGraphDefinition').map((rgd: Json) => [rgd.spec.schema.kind, Object.keys(rgd.spec.schema.spec)]));
}

const CASES = RAW_CONFIGS.flatMap(([label]) => {
  const config = resolved.get(label)!;
  const base = baseValues(config);
  return GOLDEN_PATHS.flatMap((p) => combinations(p.template(config), base[p.name]).map((values) => [p.name, label, values] as const));
});

describe('golden paths in Backstage\'s real scaffolder (dry-run)', () => {
  test('there is a case for every template', () => {
    expect(Object.keys(BASE_VALUES).sort()).toEqual(GOLDEN_PATHS.map((p) => p.name).sort());
    expect(CASES.length).toBeGreaterThanOrEqual(24);
  });

  test.each(CASES.map(([name, label, values]) => [name, label, JSON.stringify(values), values] as const))('%s (%s) with %s renders completely and correctly', async (name, label, _values, values) => {
    recorded.length = 0;
    const config = resolved.get(label)!;
    const example = RAW_CONFIGS.find(([l]) => l === label)![1];
    const r = await dryRun(name, values as Json, config);
    expect([r.status, r.body.errors, r.status === 200 ? "" : JSON.stringify(r.body).slice(0, 1500)]).toEqual([200, undefined, ""]);
    const out = files(r);
    expect(out.size).toBeGreaterThan(0);
    // Every custom resource a skeleton renders validates against the pinned CRDs (closed schemas).
    const rendered = [...out].filter(([path]) => /\.ya?ml$/.test(path)).flatMap(([path, text]) =>
      parseAllDocuments(text).map((d) => d.toJS()).filter((d) => d?.apiVersion && d?.kind)
        // Not cluster objects of a chart's CRD: catalog entities (entityPolicy below) and instances of the
        // platform's kro compositions (checked against the composition's schema below).
        .filter((d) => !d.apiVersion.startsWith('backstage.io/') && !(d.apiVersion.startsWith('kro.run/') && d.kind !== 'ResourceGraphDefinition'))
        .map((doc) => ({ where: path, doc: doc as K8sObject })));
    expect(validateCustomResources(rendered)).toEqual([]);
    if (name === 'onboard-service') expect(rendered.map((r) => r.doc.kind)).toContain('Workflow');
    for (const [path, text] of out) {
      // No placeholder is left unrendered (CI syntax protected with {% raw %} is checked below).
      expect([path, /\$\{\{\s*(values|parameters)\./.test(text) || /\{%-?\s*(if|for|raw|endraw)/.test(text)]).toEqual([path, false]);
    }
    const mr = recorded.find((c) => c.action === 'publish:gitlab:merge-request');
    expect(mr).toBeDefined(); // every path changes git by merge request, never a cluster directly
    const v = values as Json;
    const team = String(v.owner ?? '').replace('group:default/', '');

    if (name === 'onboard-service') {
      expect(out.get('.github/workflows/mirror-checks.yml')).toContain('${{ github.repository }} at ${{ github.sha }}');
      expect(out.get('.platform/release.sh')).toContain('if [ "${#VERSION}" -gt 32 ]; then');
      const entity = parse(out.get('catalog-info.yaml')!);
      await entityPolicy.enforce(entity);
      expect(entity.spec.owner).toBe(v.owner);
      expect(out.has(v.language === 'typescript' ? 'src/server.ts' : 'app/main.py')).toBe(true);
      const registration = parse(out.get(`change/${v.name}.yaml`)!);
      const app = resolveConfig({ ...example, applications: { ...example.applications, [v.name]: registration } }).applications.find((a) => a.name === v.name);
      expect(app).toBeDefined();
      // The service's assistant rules (AGENTS.md, Amazon Q, Kiro) name its team and the environments it is really promoted through.
      for (const rules of ['AGENTS.md', '.amazonq/rules/service.md', '.kiro/steering/service.md']) {
        expect([rules, out.get(rules)]).toEqual([rules, expect.stringContaining(`Owned by team ${team} (${v.owner}); delivered through the environments ${app!.promotion.join(' → ')}, in that order.`)]);
        expect(out.get(rules)).toContain(`Service ${v.name} on the ${config.name} platform`);
        expect(out.get(rules)).toContain(`port ${v.port}`);
      }
      expect(mr!.input.targetPath).toBe('platform.d/applications');
      expect(recorded.find((c) => c.action === 'publish:gitlab')!.input.repoUrl).toBe(`${gitlabHost(config)}?owner=${team}&repo=${v.name}`);
    }
    if (name === 'provision-aws-resource') {
      const instance = parse(out.get(`change/${v.name}.yaml`)!);
      const kinds = kroKinds(config);
      expect(kinds.has(instance.kind)).toBe(true);
      expect(instance.apiVersion).toBe('kro.run/v1alpha1');
      for (const field of Object.keys(instance.spec)) expect(kinds.get(instance.kind)).toContain(field);
      expect(mr!.input.targetPath).toBe(`team-resources/${team}/${v.environment}`);
    }
    if (name === 'request-environment') {
      const spoke = parse(out.get(`change/${v.name}.yaml`)!);
      const resolved = resolveConfig({ ...example, spokes: { ...example.spokes, [v.name]: spoke } });
      expect(resolved.spokes.find((s) => s.name === v.name)).toMatchObject({ account: v.account, kubernetesVersion: v.kubernetesVersion });
      expect(mr!.input.targetPath).toBe('platform.d/spokes');
    }
    if (name === 'data-job') {
      const job = parse(out.get(`change/${v.name}.yaml`)!);
      const problems = JSON.parse(execFileSync(process.execPath, [join(__dirname, '..', 'support', 'validate-builtin.mjs')], { input: JSON.stringify([job]) }).toString());
      expect(problems).toEqual([]);
      const container = job.spec.jobTemplate.spec.template.spec.containers[0];
      expect(container.resources.limits.cpu).toBe({ small: '500m', medium: '2', large: '4' }[v.size as string]);
      expect(container.securityContext).toMatchObject({ allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } });
      expect(mr!.input.targetPath).toBe(`team-resources/${team}/${v.environment}`);
    }
    if (name === 'onboard-team') {
      const entry = parse(out.get(`change/${v.name}.yaml`)!);
      const resolved = resolveConfig({ ...example, teams: { ...example.teams, [v.name]: entry } });
      expect(resolved.teams.find((t) => t.name === v.name)).toMatchObject({ keycloakGroup: `team-${v.name}`, sourceRepos: v.sourceRepos });
      expect(Object.keys(resolved.teams.find((t) => t.name === v.name)!.namespaces).sort()).toEqual([...v.environments].sort());
      expect(mr!.input.targetPath).toBe('platform.d/teams');
    }
  });

  test.each([
    ['onboard-service', { ...BASE_VALUES['onboard-service'], name: 'My_Service' }, 'name'],
    ['onboard-service', { ...BASE_VALUES['onboard-service'], owner: 'group:default/nobody' }, 'owner'],
    ['provision-aws-resource', { ...BASE_VALUES['provision-aws-resource'], kind: 'queue' }, 'kind'],
    ['provision-aws-resource', { ...BASE_VALUES['provision-aws-resource'], environment: 'nowhere' }, 'environment'],
    ['request-environment', { ...BASE_VALUES['request-environment'], account: '4444' }, 'account'],
    ['request-environment', { ...BASE_VALUES['request-environment'], vpcCidr: '10.9.0.0/8' }, 'vpcCidr'],
    ['onboard-team', { ...BASE_VALUES['onboard-team'], environments: [] }, 'environments'],
    ['data-job', { ...BASE_VALUES['data-job'], image: 'etl:latest' }, 'image'],
  ])('%s rejects invalid input (%j)', async (name, values, field) => {
    recorded.length = 0;
    const r = await dryRun(name, values);
    expect(r.status).toBe(400);
    expect(JSON.stringify(r.body.errors)).toContain(field);
    expect(recorded).toEqual([]);
  });

  test('a missing required value is rejected', async () => {
    const { owner: _omit, ...values } = BASE_VALUES['onboard-service'];
    const r = await dryRun('onboard-service', values);
    expect(r.status).toBe(400);
    expect(JSON.stringify(r.body.errors)).toContain('owner');
  });
});
