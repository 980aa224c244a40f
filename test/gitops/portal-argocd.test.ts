import type { ResolvedConfig } from '../../config/resolved-config';
import { PORTAL_ARGOCD, portalArgoCdEnabled, portalArgoCdSecretName } from '../../contract/portal-argocd';
import { renderGitOpsTree } from '../../gitops/render-gitops-tree';
import { testConfig } from '../support/test-config';

/**
 * Both ends of the portal's Argo CD token agree, read from the rendered GitOps tree (what Argo CD and
 * External Secrets apply), not from the contract alone:
 * - argocd-cm `accounts.<name>: apiKey` makes a local account that may hold API tokens
 *   (https://argo-cd.readthedocs.io/en/stable/operator-manual/user-management/#local-usersaccounts);
 * - argocd-rbac-cm: a local account is the RBAC subject of its own name; `p, <role>, applications, get, <project>/<app>`
 *   is all Roadie's backend needs (https://argo-cd.readthedocs.io/en/stable/operator-manual/rbac/);
 * - the ExternalSecret reads the Secrets Manager secret the bootstrap step writes, into the Secret and key
 *   the Backstage pod loads as env (`extraEnvVarsSecrets`), which app-config's `${ARGOCD_AUTH_TOKEN}` names.
 */
type Doc = Record<string, any>;
const tree = (config: ResolvedConfig) => renderGitOpsTree(config).flatMap((f) => f.documents.map((d) => ({ path: f.path, doc: d as Doc })));
const values = (config: ResolvedConfig, addon: string): Doc => tree(config).find((f) => f.path.endsWith(`/${addon}/values.yaml`))!.doc;

/** Argo CD's RBAC as it evaluates a local account: its `g` roles, then those roles' `p` grants (resource, action, object). */
function grantsOf(policyCsv: string, account: string): string[] {
  const rows = policyCsv.split('\n').map((l) => l.split(',').map((c) => c.trim()));
  const roles = rows.filter((r) => r[0] === 'g' && r[1] === account).map((r) => r[2]);
  return rows.filter((r) => r[0] === 'p' && roles.includes(r[1])).map((r) => `${r[2]} ${r[3]} ${r[4]} ${r[5]}`);
}

describe('the portal\'s read-only Argo CD account, end to end in the rendered tree', () => {
  const config = testConfig({});

  test('the account exists for API keys only, and RBAC lets it only get applications', () => {
    expect(portalArgoCdEnabled(config)).toBe(true);
    const argo = values(config, 'argo-cd').configs;
    const accounts = Object.entries(argo.cm as Doc).filter(([k]) => k.startsWith('accounts.'));
    expect(accounts).toEqual([[`accounts.${PORTAL_ARGOCD.account}`, 'apiKey']]);
    expect(argo.rbac['policy.default']).toBe('');
    expect(grantsOf(argo.rbac['policy.csv'], PORTAL_ARGOCD.account)).toEqual(['applications get */* allow']);
  });

  test('the token the step stores reaches the env var the app-config reads', () => {
    const backstage = values(config, 'backstage').backstage;
    const instances = backstage.appConfig.argocd.appLocatorMethods.flatMap((m: Doc) => m.instances);
    const envVar = /^\$\{(\w+)\}$/.exec(instances[0].token)?.[1];
    expect(envVar).toBe(PORTAL_ARGOCD.envVar);
    const es = tree(config).map((f) => f.doc).filter((d) => d.kind === 'ExternalSecret' && backstage.extraEnvVarsSecrets.includes(d.spec.target.name))
      .filter((d) => d.spec.data.some((x: Doc) => x.secretKey === envVar));
    expect(es.map((d) => [d.metadata.namespace, d.spec.data])).toEqual([['backstage', [{ secretKey: envVar, remoteRef: { key: portalArgoCdSecretName(config), property: PORTAL_ARGOCD.secretKey } }]]]);
  });

  test('fails when Argo CD is the EKS capability: no local account, no token reference, no ExternalSecret', () => {
    const managed = testConfig({ argocd: { mode: 'eks-capability', identityCenterInstanceArn: 'arn:aws:sso:::instance/ssoins-0123456789abcdef' } });
    expect(portalArgoCdEnabled(managed)).toBe(false);
    const docs = tree(managed).map((f) => f.doc);
    expect(docs.filter((d) => d.kind === 'ExternalSecret' && d.metadata.name === PORTAL_ARGOCD.kubernetesSecret)).toEqual([]);
    expect(JSON.stringify(values(managed, 'backstage'))).not.toContain(PORTAL_ARGOCD.envVar);
  });
});
