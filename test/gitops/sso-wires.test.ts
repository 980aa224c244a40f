import type { ResolvedConfig } from '../../config/resolved-config';
import { PLATFORM_SECRETS } from '../../contract/platform-secrets';
import { renderGitOpsTree } from '../../gitops/render-gitops-tree';
import { forkLikeConfig, testConfig } from '../support/test-config';
import { ciWire, ssoWires, TreeIndex, treeIndex, WireEnd } from '../support/sso-wires';

/**
 * Every sign-in wire, both ends read from the RENDERED tree (never from the functions that render it):
 * the realm's client in the keycloak-config-cli ConfigMap ↔ the tool's rendered values (client id, client
 * type, issuer, the redirect URI the tool really uses, where it reads its client secret, the groups it maps
 * to roles). The table of wires is test/support/sso-wires.ts (one row per tool, with the tool's doc);
 * docs/sign-in.md describes the same rows.
 */
const CONFIGS: [string, ResolvedConfig][] = [['the test config', testConfig()], ['a fork-like config', forkLikeConfig()]];

describe.each(CONFIGS)('SSO wires for %s', (_label, config) => {
  const tree: TreeIndex = treeIndex(renderGitOpsTree(config));
  const realm = tree.realm();
  const client = (id: string) => realm.clients.find((c: any) => c.clientId === id);
  const realmGroups = new Set<string>(realm.groups.map((g: any) => g.name));
  const wires = ssoWires(tree);

  test('Keycloak\'s issuer: KC_HOSTNAME (a full URL, Keycloak 25+ hostname v2) + http.relativePath + /realms/<realm>', () => {
    // https://www.keycloak.org/server/hostname: `hostname` may be a full URL; the realm's issuer is
    // `<hostname><http-relative-path>realms/<realm>` (relativePath `/` here, so no `/auth`).
    expect(tree.issuer()).toBe(`https://keycloak.${config.domain}/realms/${config.sso.realm}`);
  });

  test('the realm has one client per wire, and every wire of the table is rendered (or says why not)', () => {
    const rendered = wires.filter((w) => !w.absent);
    // Argo CD is the EKS managed capability in the fork-like config: it signs in with IAM Identity Center.
    expect(wires.filter((w) => w.absent).map((w) => `${w.tool}: ${w.absent}`)).toEqual(config.argocd.mode === 'eks-capability' ? ['Argo CD: EKS managed Argo CD signs in with IAM Identity Center'] : []);
    for (const w of rendered as WireEnd[]) expect([w.tool, client(w.clientId)?.clientId]).toEqual([w.tool, w.clientId]);
    expect(rendered.length).toBeGreaterThanOrEqual(7);
  });

  const toolEnds = (): WireEnd[] => wires.filter((w): w is WireEnd => !w.absent);

  test('client ids, client types and issuers agree', () => {
    for (const w of toolEnds()) {
      const c = client(w.clientId);
      expect([w.tool, c.publicClient]).toEqual([w.tool, w.publicClient]);
      // A public client proves the code exchange with PKCE (S256); a confidential one has a secret placeholder.
      if (w.publicClient) expect([w.tool, c.attributes?.['pkce.code.challenge.method']]).toEqual([w.tool, 'S256']);
      else expect([w.tool, c.secret]).toEqual([w.tool, expect.stringMatching(/^\$\(env:[A-Z_]+\)$/)]);
      expect([w.tool, c.standardFlowEnabled]).toEqual([w.tool, true]);
      expect([w.tool, w.issuer]).toEqual([w.tool, tree.issuer()]);
    }
  });

  test('the redirect URI each tool sends is one the realm allows, and its web origin is the tool\'s origin', () => {
    for (const w of toolEnds()) {
      const c = client(w.clientId);
      for (const uri of w.redirectUris) expect([w.tool, c.redirectUris]).toEqual([w.tool, expect.arrayContaining([uri])]);
      if (w.origin) expect([w.tool, c.webOrigins]).toEqual([w.tool, [w.origin]]);
    }
  });

  test('client secrets: the Secret the tool reads is synced from the same Secrets Manager secret as the realm\'s', () => {
    for (const w of toolEnds().filter((x) => !x.publicClient)) {
      // The realm's end: keycloak-config-cli reads `keycloak/keycloak-client-<client>` key clientSecret.
      const realmSide = tree.externalSecretFor('keycloak', tree.realmSecretOf(w.clientId));
      const toolSide = tree.externalSecretFor(w.secret!.namespace, w.secret!.name);
      expect([w.tool, toolSide]).toEqual([w.tool, expect.anything()]);
      const remote = (es: any, key: string) => es.spec.data.find((d: any) => d.secretKey === key)?.remoteRef;
      expect([w.tool, remote(toolSide, w.secret!.secretKey)]).toEqual([w.tool, remote(realmSide, 'clientSecret')]);
      // Keys the tool reads that are templated (GitLab's provider) or plain data keys.
      for (const key of w.secret!.keys) expect([w.tool, tree.externalSecretKeys(toolSide)]).toEqual([w.tool, expect.arrayContaining([key])]);
      for (const [k, v] of Object.entries(w.secret!.labels ?? {})) expect([w.tool, toolSide.spec.target.template?.metadata?.labels?.[k]]).toEqual([w.tool, v]);
      // A client id read from the Secret (clientID key) comes from the secret's clientId, which the hub stack sets to the client.
      if (w.secret!.clientIdKey) {
        expect([w.tool, remote(toolSide, w.secret!.clientIdKey)?.property]).toEqual([w.tool, 'clientId']);
        const sm = PLATFORM_SECRETS.find((s) => `${config.resourcePrefix}/${s.id}` === remote(toolSide, w.secret!.clientIdKey!)?.key);
        expect([w.tool, sm?.template.clientId]).toEqual([w.tool, w.clientId]);
      }
    }
  });

  test('every group a tool maps to a role exists in the realm, and tokens carry short group names in `groups`', () => {
    const scope = realm.clientScopes.find((s: any) => s.name === 'groups');
    expect(scope.protocolMappers[0]).toMatchObject({ protocolMapper: 'oidc-group-membership-mapper', config: { 'full.path': 'false', 'claim.name': 'groups' } });
    for (const w of toolEnds()) {
      expect([w.tool, client(w.clientId).defaultClientScopes]).toEqual([w.tool, expect.arrayContaining(['groups'])]);
      expect([w.tool, w.groups.filter((g) => !realmGroups.has(g))]).toEqual([w.tool, []]);
      expect([w.tool, w.groups.length]).toEqual([w.tool, expect.any(Number)]);
    }
    // Admin groups map to the admin role everywhere a tool has roles.
    for (const w of toolEnds().filter((x) => x.adminGroups)) expect([w.tool, w.adminGroups]).toEqual([w.tool, [config.sso.adminGroup]]);
  });

  test('Argo Workflows SSO: each role\'s ServiceAccount rule names realm groups; precedence puts admin before editor before viewer', () => {
    const sas = tree.objects('ServiceAccount', 'argo-workflows').filter((sa: any) => sa.metadata.annotations?.['workflows.argoproj.io/rbac-rule']);
    const byName = Object.fromEntries(sas.map((sa: any) => [sa.metadata.name, sa.metadata.annotations]));
    // A viewer ServiceAccount exists only when the config maps a group to the viewer role.
    const viewers = config.sso.groupRoles && Object.values(config.sso.groupRoles).includes('viewer');
    expect(Object.keys(byName).sort()).toEqual(viewers ? ['sso-admin', 'sso-editor', 'sso-viewer'] : ['sso-admin', 'sso-editor']);
    const prec = (n: string) => Number(byName[n]['workflows.argoproj.io/rbac-rule-precedence']);
    // https://argo-workflows.readthedocs.io/en/latest/argo-server-sso/#sso-rbac: the highest precedence that matches wins.
    expect(prec('sso-admin')).toBeGreaterThan(prec('sso-editor'));
    if (viewers) expect(prec('sso-editor')).toBeGreaterThan(prec('sso-viewer'));
    for (const n of Object.keys(byName)) {
      // Argo Server reads the SA's token from the Secret `<sa>.service-account-token` (v3.4+).
      expect(tree.find('Secret', 'argo-workflows', `${n}.service-account-token`)?.metadata.annotations['kubernetes.io/service-account.name']).toBe(n);
      expect(tree.objects('RoleBinding', 'argo-workflows').some((rb: any) => rb.subjects?.some((s: any) => s.kind === 'ServiceAccount' && s.name === n))).toBe(true);
    }
  });

  test('CI: the hook the plumbing registers is the EventSource\'s URL, with the secret it validates; the Sensor may create Workflows', () => {
    const ci = ciWire(tree, config);
    expect(ci.hookUrl).toBe(`${ci.eventSourceUrl}${ci.eventSourceEndpoint}`);
    expect(ci.ingressRoute).toEqual({ host: new URL(ci.hookUrl).host, path: ci.eventSourceEndpoint, service: ci.eventSourceService });
    // The token GitLab sends (X-Gitlab-Token) is the Secrets Manager value the plumbing reads; the EventSource reads it from the synced Secret.
    expect(ci.secretTokenRemote).toEqual({ key: `${config.resourcePrefix}/gitlab/webhook-token`, property: 'token' });
    expect(ci.sensorCanCreateWorkflows).toBe(true);
    expect(ci.projects.sort()).toEqual(config.applications.map((a) => `${a.team}/${a.name}`).sort());
  });

  test('fails when a wire is cut: a redirect path the realm does not allow is reported', () => {
    const broken = treeIndex(renderGitOpsTree(config));
    const c = broken.realm().clients.find((x: any) => x.clientId === 'grafana');
    c.redirectUris = c.redirectUris.map((u: string) => u.replace('/login/generic_oauth', '/login/oauth'));
    const w = ssoWires(broken).find((x): x is WireEnd => x.tool === 'Grafana' && !x.absent)!;
    expect(w.redirectUris.every((u) => c.redirectUris.includes(u))).toBe(false);
  });
});
