import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ResolvedConfig } from '../../config/resolved-config';
import { renderGitOpsTree } from '../../gitops/render-gitops-tree';
import { synthPlatform } from '../support/synth-platform';
import { treeIndex } from '../support/sso-wires';
import { forkLikeConfig, testConfig } from '../support/test-config';

/**
 * The spokes' Kubernetes API sign-in wire, both ends rendered: each spoke's synthesized
 * `AWS::EKS::IdentityProviderConfig` (cloud assembly) ↔ the realm's `kubernetes` client and groups mapper
 * (keycloak-config-cli ConfigMap) ↔ the team RoleBindings in the tenants tree. EKS prefixes the claim's
 * groups with groupsPrefix (https://docs.aws.amazon.com/eks/latest/userguide/authenticate-oidc-identity-provider.html),
 * so a RoleBinding must name `<prefix><group>`; kubectl oidc-login (int128/kubelogin) is a public client
 * redirecting to localhost:8000 (https://github.com/int128/kubelogin/blob/master/docs/usage.md).
 */
const CONFIGS: [string, ResolvedConfig][] = [['the test config', testConfig()], ['a fork-like config', forkLikeConfig()]];

describe.each(CONFIGS)('spoke Kubernetes API sign-in for %s', (_label, config) => {
  const files = renderGitOpsTree(config);
  const tree = treeIndex(files);
  const realm = tree.realm();
  const { outdir } = synthPlatform(config);
  const providers = config.spokes.map((s) => {
    const template = JSON.parse(readFileSync(join(outdir, `${config.resourcePrefix}-${s.name}.template.json`), 'utf8')) as { Resources: Record<string, { Type: string; Properties: any }> };
    const idps = Object.values(template.Resources).filter((r) => r.Type === 'AWS::EKS::IdentityProviderConfig');
    return { spoke: s, idps };
  });

  test('every spoke trusts the realm\'s issuer with the public `kubernetes` client and the `groups` claim', () => {
    const kubernetes = realm.clients.find((c: any) => c.clientId === 'kubernetes');
    const mapper = realm.clientScopes.find((s: any) => s.name === 'groups').protocolMappers[0].config;
    expect(kubernetes).toMatchObject({ publicClient: true, standardFlowEnabled: true, attributes: { 'pkce.code.challenge.method': 'S256' } });
    expect(kubernetes.redirectUris).toEqual(expect.arrayContaining(['http://localhost:8000']));
    expect(kubernetes.defaultClientScopes).toContain('groups');
    for (const { spoke, idps } of providers) {
      expect([spoke.name, idps.length]).toEqual([spoke.name, 1]);
      const oidc = idps[0].Properties.Oidc;
      expect([spoke.name, oidc.IssuerUrl, oidc.ClientId, oidc.GroupsClaim]).toEqual([spoke.name, tree.issuer(), kubernetes.clientId, mapper['claim.name']]);
      // Never an empty prefix: a Keycloak group named system:masters must not become one.
      expect([spoke.name, oidc.GroupsPrefix]).toEqual([spoke.name, expect.stringMatching(/^[a-z]+:$/)]);
    }
  });

  test('every team RoleBinding on a spoke names `<groupsPrefix><realm group>` of the team', () => {
    const groups = new Set(realm.groups.map((g: any) => g.name));
    const prefix = providers[0].idps[0].Properties.Oidc.GroupsPrefix;
    const bindings = files.filter((f) => f.path.startsWith('tenants/')).flatMap((f) => f.documents as any[]).filter((d) => d.kind === 'RoleBinding' && d.metadata.labels?.['platform-blueprint/team']);
    expect(bindings.length).toBeGreaterThan(0);
    for (const rb of bindings) {
      const team = config.teams.find((t) => t.name === rb.metadata.labels['platform-blueprint/team'])!;
      for (const s of rb.subjects.filter((x: any) => x.kind === 'Group')) {
        expect([rb.metadata.name, s.name]).toEqual([rb.metadata.name, `${prefix}${team.keycloakGroup}`]);
        expect([rb.metadata.name, groups.has(s.name.slice(prefix.length))]).toEqual([rb.metadata.name, true]);
      }
    }
  });
});
