import type { ResolvedConfig } from '../../config/resolved-config';
import { CONNECTION_KEYS } from '../../contract/gitops-bridge';
import { goTemplateJson, goTemplateLiteral, TemplateRef } from '../../gitops/charts/go-template-json';
import { clientSecretEnv, REALM_CONFIGMAP } from '../../gitops/charts/keycloak-realm';
import { renderGitOpsTree } from '../../gitops/render-gitops-tree';
import { goJsonString, renderGoTemplate } from '../support/go-template';
import { testConfig } from '../support/test-config';

/** Values a hostile or broken registration could hold: quotes and backslashes that would close a JSON string, template delimiters. */
const HOSTILE = [
  'x","execProviderConfig":{"command":"/bin/sh","args":["-c","id"]},"y":"',
  'x\\","execProviderConfig":{"command":"sh"},"z":"\\',
  '{{ .argocd_role_arn }}',
  'line\nbreak\t<script>&\u2028',
];

type Doc = { kind: string; metadata: { name: string }; spec?: any };
const externalSecrets = (config: ResolvedConfig) =>
  renderGitOpsTree(config).flatMap((f) => f.documents as Doc[]).filter((d) => d.kind === 'ExternalSecret');
const registrations = (config: ResolvedConfig) => externalSecrets(config).filter((d) => d.metadata.name.startsWith('cluster-'));

/** Every key the registration template reads, each set to `value`. */
function registrationData(template: Record<string, string>, value: string): Record<string, string> {
  const keys = new Set<string>();
  for (const t of Object.values(template)) for (const m of t.matchAll(/\{\{\s*\.(\w+)/g)) keys.add(m[1]);
  return Object.fromEntries([...keys].map((k) => [k, value]));
}

describe('templates render hostile values as data, never as structure (H1)', () => {
  const selfManaged = testConfig();
  const managed = testConfig({ argocd: { mode: 'eks-capability', identityCenterInstanceArn: 'arn:aws:sso:::instance/ssoins-0123456789abcdef' } });

  test.each(HOSTILE)('the spoke cluster secret config stays the intended JSON with the registration value %j', (hostile) => {
    const spokes = registrations(selfManaged).filter((es) => es.metadata.name !== 'cluster-hub');
    expect(spokes.map((s) => s.metadata.name).sort()).toEqual(['cluster-dev', 'cluster-prod']);
    for (const es of spokes) {
      const data = es.spec.target.template.data as Record<string, string>;
      const values = registrationData(data, hostile);
      const config = JSON.parse(renderGoTemplate(data.config, values));
      // Exactly the intended shape: no execProviderConfig, no extra key anywhere; the value stays one string.
      expect(config).toEqual({
        awsAuthConfig: { clusterName: expect.any(String), roleARN: hostile },
        tlsClientConfig: { insecure: false, caData: hostile },
      });
      expect(renderGoTemplate(data.server, values)).toBe(hostile);
      expect(renderGoTemplate(data.name, values)).toBe(es.metadata.name.replace(/^cluster-/, ''));
    }
  });

  test.each(HOSTILE)('every metadata value of every registration renders to exactly one value with %j', (hostile) => {
    for (const config of [selfManaged, managed]) {
      for (const es of registrations(config)) {
        const { labels, annotations } = es.spec.target.template.metadata as Record<string, Record<string, string>>;
        for (const [key, t] of Object.entries({ ...labels, ...annotations })) {
          const rendered = renderGoTemplate(t, registrationData({ t }, hostile));
          // A reference renders to the registration value; a config literal to itself.
          expect([hostile, t]).toContain(rendered);
          if (rendered === hostile) expect(t).toMatch(/^\{\{ \.\w+ \}\}$/);
          expect(key).toMatch(/^[\w./-]+$/);
        }
      }
    }
  });

  test('the managed capability registers every cluster by the ARN alone (no JSON config to inject into)', () => {
    for (const es of registrations(managed)) {
      const data = es.spec.target.template.data as Record<string, string>;
      expect(Object.keys(data).sort()).toEqual(['name', 'server']);
      expect(renderGoTemplate(data.server, { [CONNECTION_KEYS.clusterArn]: HOSTILE[0] })).toBe(HOSTILE[0]);
    }
  });

  test('the Keycloak realm holds no secret and no template: client secrets are keycloak-config-cli env references', () => {
    // keycloak-config-cli substitutes $(env:NAME) as text before it parses the file; the secrets it
    // substitutes are generated alphanumeric by Secrets Manager (test/blueprints/platform-app.test.ts),
    // so no value can close the JSON string it lands in.
    const realm = renderGitOpsTree(selfManaged).flatMap((f) => f.documents as any[]).find((d) => d.kind === 'ConfigMap' && d.metadata.name === REALM_CONFIGMAP)!;
    const text = Object.values(realm.data as Record<string, string>)[0];
    expect(text).not.toContain('{{');
    const parsed = JSON.parse(text);
    for (const c of parsed.clients.filter((x: { publicClient: boolean }) => !x.publicClient)) expect(c.secret).toBe(`$(env:${clientSecretEnv(c.clientId)})`);
  });

  test('config literals that contain template delimiters are emitted verbatim, never executed', () => {
    const literal = 'a {{ .argocd_role_arn }} b {{ fail "x" }}';
    expect(renderGoTemplate(goTemplateLiteral(literal), {})).toBe(literal);
    const json = goTemplateJson({ k: literal, v: new TemplateRef('v') });
    expect(JSON.parse(renderGoTemplate(json, { v: literal }))).toEqual({ k: literal, v: literal });
  });

  test('a literal shaped like the ref marker stays a literal', () => {
    const sneaky = '"ref-000000000000000000000000:v"';
    expect(JSON.parse(renderGoTemplate(goTemplateJson({ k: sneaky }), {}))).toEqual({ k: sneaky });
  });
});

describe('the Go-template evaluator (test/support/go-template.ts)', () => {
  test('matches encoding/json on the escapes it documents', () => {
    expect(goJsonString('a"b\\c\n<&>')).toBe('"a\\"b\\\\c\\n\\u003c\\u0026\\u003e"');
    expect(JSON.parse(goJsonString(HOSTILE[3]))).toBe(HOSTILE[3]);
  });

  test('fails when a template uses anything outside the implemented subset', () => {
    expect(() => renderGoTemplate('{{ .a | quote }}', { a: 'x' })).toThrow(/quote is not implemented/);
    expect(() => renderGoTemplate('{{ if .a }}x{{ end }}', { a: 'x' })).toThrow(/outside the implemented subset/);
    expect(() => renderGoTemplate('{{ .missing }}', {})).toThrow(/no key "missing"/);
    expect(() => renderGoTemplate('{{ .a ', { a: 'x' })).toThrow(/unclosed/);
  });

  test('trims white space around {{- and -}} like text/template', () => {
    expect(renderGoTemplate('a  {{- .x -}}  b', { x: '1' })).toBe('a1b');
  });
});
