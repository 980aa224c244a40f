import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { parse } from 'yaml';
import type { ResolvedConfig } from '../../config/resolved-config';
import { GITLAB_RUNNER } from '../../contract/gitlab-runner';
import { renderGitOpsTree, toYaml } from '../../gitops/render-gitops-tree';
import { externalSecretAsSecret, platformExternalSecret, platformSecretsFile, RenderedExternalSecret, renderedExternalSecrets, seedSecrets } from '../../scripts/platform/seed-secrets';
import type { Tools } from '../../scripts/lib/tools';
import { forkLikeConfig, testConfig } from '../support/test-config';

/**
 * The bootstrap seeds, before External Secrets runs, the Secrets that must exist first (GitLab's install-time
 * Secrets, Argo CD's repository credentials, the runner's token): the Secret External Secrets itself would make
 * from the rendered ExternalSecret, so that its adoption (creationPolicy Owner takes over an unowned Secret:
 * https://external-secrets.io/latest/guides/ownership-deletion-policy/#owner-default) changes nothing.
 * ESO's template semantics (engine v2, Go text/template with `missingkey=error`, `mergePolicy: Replace` keeping
 * only the templated keys: https://external-secrets.io/latest/guides/templating/) are modelled here for the
 * one form the seeding evaluates, `{{ .key }}`; anything else is refused by name.
 */
function renderedTree(config: ResolvedConfig): string {
  const dir = mkdtempSync(join(tmpdir(), 'pb-seed-'));
  for (const f of renderGitOpsTree(config)) {
    const path = join(dir, config.git.basePath, f.path);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, toYaml(f));
  }
  return dir;
}

/** Remote values the way Secrets Manager answers: each key's JSON document, values naming their key and property. */
const remote = async (key: string) => new Proxy({}, { get: (_, p) => (typeof p === 'string' ? `${key}#${p}` : undefined), has: () => true }) as Record<string, string>;

describe.each([['testConfig', testConfig()], ['forkLikeConfig', forkLikeConfig()]])('seeding rendered ExternalSecrets (%s)', (_, config) => {
  const dir = renderedTree(config);
  const all = renderedExternalSecrets(join(dir, platformSecretsFile(config)));

  test('every platform ExternalSecret can be seeded, with exactly the keys External Secrets would write', async () => {
    expect(all.size).toBeGreaterThan(5);
    for (const es of all.values()) {
      const secret = await externalSecretAsSecret(es, remote) as { metadata: { name: string; namespace: string }; stringData: Record<string, string> };
      const template = es.spec.target?.template?.data;
      expect([es.metadata.name, Object.keys(secret.stringData).sort()]).toEqual([es.metadata.name, Object.keys(template ?? Object.fromEntries((es.spec.data ?? []).map((d) => [d.secretKey, 1]))).sort()]);
      expect(secret.metadata).toMatchObject({ name: es.spec.target?.name ?? es.metadata.name, namespace: es.metadata.namespace });
      // No template syntax survives: every placeholder was filled from the remote document.
      for (const v of Object.values(secret.stringData)) expect(v).not.toContain('{{');
    }
  });

  test('GitLab\'s OIDC provider document keeps its YAML shape with the client secret filled in', async () => {
    const es = [...all.values()].find((e) => e.metadata.name === 'gitlab-oidc-provider')!;
    const secret = await externalSecretAsSecret(es, remote) as { stringData: Record<string, string> };
    const provider = parse(secret.stringData.provider);
    expect(provider.args.client_options.secret).toBe(`${es.spec.data![0].remoteRef.key}#${es.spec.data![0].remoteRef.property}`);
    expect(provider.name).toBe('openid_connect');
  });

  test('one read per Secrets Manager entry, however many keys of it the ExternalSecrets name; the values go on stdin only', async () => {
    const repoCreds = [...all.values()].find((e) => e.metadata.name === 'gitlab-repo-creds')!;
    expect(new Set(repoCreds.spec.data!.map((d) => d.remoteRef.key)).size).toBeLessThan(repoCreds.spec.data!.length);
    const reads: string[] = [];
    const applied: { input: string; args: string[] }[] = [];
    const tools = { runWithInput: async (input: string, ...args: string[]) => { applied.push({ input, args }); return ''; } } as unknown as Tools;
    const secrets = { get: async (key: string) => { reads.push(key); return { token: 'tok', username: 'bot' }; }, exists: async () => true, put: async () => undefined };
    await seedSecrets({ tools, secrets, hubContext: 'ctx', target: {} }, [repoCreds]);
    expect(reads).toEqual([repoCreds.spec.data![0].remoteRef.key]);
    expect(applied.map((a) => a.args)).toEqual([['kubectl', 'apply', '--context', 'ctx', '-f', '-']]);
    expect(JSON.parse(applied[0].input).items.find((o: { kind: string }) => o.kind === 'Secret').stringData).toMatchObject({ username: 'bot', password: 'tok' });
  });

  test('the runner\'s Secret holds the token and an empty registration token (both keys the runner chart mounts)', async () => {
    const es = platformExternalSecret({ git: { basePath: join(dir, config.git.basePath) } }, 'gitlab', GITLAB_RUNNER.kubernetesSecret);
    const secret = await externalSecretAsSecret(es, remote) as { stringData: Record<string, string> };
    expect(secret.stringData).toEqual({ [GITLAB_RUNNER.tokenKey]: `${config.resourcePrefix}/gitlab/runner-token#token`, [GITLAB_RUNNER.registrationTokenKey]: '' });
  });
});

describe('seeding refuses what it cannot evaluate', () => {
  const es = (data: Record<string, string>): RenderedExternalSecret => ({
    metadata: { name: 'x', namespace: 'ns' },
    spec: { target: { template: { data } }, data: [{ secretKey: 'token', remoteRef: { key: 'p/x', property: 'token' } }] },
  });

  test('fails when a template uses more than {{ .key }} (a pipeline or function), naming the expression', async () => {
    await expect(externalSecretAsSecret(es({ v: '{{ .token | b64enc }}' }), remote)).rejects.toThrow('the bootstrap evaluates only {{ .key }} placeholders, not "{{ .token | b64enc }}"');
  });

  test('fails when a placeholder names a key the ExternalSecret does not fetch (missingkey=error)', async () => {
    await expect(externalSecretAsSecret(es({ v: '{{ .password }}' }), remote)).rejects.toThrow('template key "password" is not in its data');
  });

  test('fails when Secrets Manager\'s document lacks the property, naming the entry', async () => {
    await expect(externalSecretAsSecret(es({ v: '{{ .token }}' }), async () => ({}))).rejects.toThrow('Secrets Manager p/x has no "token"');
  });

  test('fails when the rendered file is missing or lacks the ExternalSecret, saying to run npx projen', () => {
    expect(() => renderedExternalSecrets('/nonexistent/platform-secrets.yaml')).toThrow('run `npx projen` first');
    const config = testConfig();
    expect(() => platformExternalSecret({ git: { basePath: join(renderedTree(config), config.git.basePath) } }, 'gitlab', 'no-such')).toThrow(/has no ExternalSecret gitlab\/no-such: run `npx projen`/);
  });
});
