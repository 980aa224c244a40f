import type { ResolvedConfig } from '../../config/resolved-config';
import { PLATFORM_SECRETS } from '../../contract/platform-secrets';
import { renderGitOpsTree } from '../../gitops/render-gitops-tree';
import { forkLikeConfig, testConfig } from '../support/test-config';
import { ciWire, ssoWires, TreeIndex, treeIndex, WireEnd, wireProblems, WireProblem } from '../support/sso-wires';

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

  // What Secrets Manager holds under `<prefix>/oidc/<client>` before the generated secret: the hub stack's template.
  const secretsManager = (key: string) => PLATFORM_SECRETS.find((x) => `${config.resourcePrefix}/${x.id}` === key)?.template;
  const problems = (aspect: WireProblem['aspect'], t: TreeIndex = tree) => wireProblems(t, config.sso.adminGroup, secretsManager).filter((p) => p.aspect === aspect);

  test('client ids, client types (public with PKCE S256, confidential with a secret) and issuers agree', () => {
    expect([...problems('client'), ...problems('issuer')]).toEqual([]);
  });

  test('the redirect URI each tool sends is one the realm allows, and its web origin is the tool\'s origin', () => {
    expect(problems('redirect')).toEqual([]);
  });

  test('client secrets: the Secret the tool reads (name, key, labels) is synced from the same Secrets Manager secret as the realm\'s', () => {
    expect(problems('secret')).toEqual([]);
    // Argo CD resolves `$argocd-oidc:clientSecret` only from a Secret labelled part-of argocd
    // (https://argo-cd.readthedocs.io/en/stable/operator-manual/user-management/#sensitive-data-and-sso-client-secrets).
    if (config.argocd.mode !== 'eks-capability') expect(tree.externalSecretFor('argocd', 'argocd-oidc').spec.target.template.metadata.labels['app.kubernetes.io/part-of']).toBe('argocd');
  });

  test('every group a tool maps to a role exists in the realm, admin roles map the admin group, tokens carry short group names in `groups`', () => {
    const scope = realm.clientScopes.find((x: any) => x.name === 'groups');
    expect(scope.protocolMappers[0]).toMatchObject({ protocolMapper: 'oidc-group-membership-mapper', config: { 'full.path': 'false', 'claim.name': 'groups' } });
    expect(problems('groups')).toEqual([]);
    // Every team's group is mapped by the tools that give teams a role (Argo CD projects, Kargo projects, Workflows editors).
    const mapped = new Set(toolEnds().flatMap((w) => w.groups));
    for (const t of config.teams) expect([t.name, mapped.has(t.keycloakGroup)]).toEqual([t.name, true]);
  });

  // Each check bites: cut one end of a wire in the rendered tree and the problem names the tool and what differs.
  const cut = (edit: (t: TreeIndex) => void) => {
    const t = treeIndex(renderGitOpsTree(config));
    edit(t);
    return wireProblems(t, config.sso.adminGroup, secretsManager).map((p) => `${p.tool}: ${p.problem}`);
  };
  test('fails when the realm allows another redirect path than the tool sends (Grafana)', () => {
    expect(cut((t) => { const c = t.realm().clients.find((x: any) => x.clientId === 'grafana'); c.redirectUris = c.redirectUris.map((u: string) => u.replace('/login/generic_oauth', '/login/oauth')); }))
      .toEqual([expect.stringMatching(/^Grafana: Grafana redirects to https:\/\/grafana\.[^ ]+\/login\/generic_oauth; the realm allows/)]);
  });
  test('fails when Kargo\'s client is confidential while its UI signs in with PKCE', () => {
    expect(cut((t) => { t.realm().clients.find((x: any) => x.clientId === 'kargo').publicClient = false; })).toEqual(expect.arrayContaining(['Kargo: Kargo signs in as a public client; the realm\'s kargo is confidential']));
  });
  test('fails when a tool trusts another issuer (Keycloak\'s old /auth path)', () => {
    expect(cut((t) => { t.values('kargo').api.oidc.issuerURL = `https://keycloak.${config.domain}/auth/realms/${config.sso.realm}`; })).toEqual([expect.stringMatching(/^Kargo: Kargo trusts https:\/\/keycloak\.[^ ]+\/auth\/realms\//)]);
  });
  test('fails when a tool reads its secret from a Secret synced from another client\'s secret', () => {
    expect(cut((t) => { t.externalSecretFor('grafana', 'grafana-oidc').spec.data.find((d: any) => d.secretKey === 'clientSecret').remoteRef.key = `${config.resourcePrefix}/oidc/gitlab`; }))
      .toEqual([expect.stringMatching(/^Grafana: grafana-oidc\.clientSecret ← .*oidc\/gitlab.*, the realm's ← .*oidc\/grafana/)]);
  });
  test('fails when a mapped group is missing from the realm', () => {
    const team = config.teams[0].keycloakGroup;
    expect(cut((t) => { const r = t.realm(); r.groups = r.groups.filter((g: any) => g.name !== team); })).toEqual(expect.arrayContaining([expect.stringContaining(`maps group ${team}, which the realm does not have`)]));
  });
  if (config.argocd.mode !== 'eks-capability') {
    test('fails when the Argo CD client secret lacks the part-of label', () => {
      expect(cut((t) => { delete t.externalSecretFor('argocd', 'argocd-oidc').spec.target.template.metadata.labels['app.kubernetes.io/part-of']; })).toEqual(['Argo CD: argocd-oidc lacks the label app.kubernetes.io/part-of: argocd']);
    });
  }

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

});
