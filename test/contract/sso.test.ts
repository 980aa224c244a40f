import { defineAddon } from '../../catalog/addon-definition';
import { ADDONS } from '../../catalog/registry';
import { OIDC_CLIENTS, PLATFORM_SECRETS } from '../../contract/platform-secrets';
import { KUBERNETES_CLIENT, ssoClientsOf } from '../../contract/sso';
import { realmRepresentation } from '../../gitops/charts/keycloak-realm';
import { testConfig } from '../support/test-config';

/**
 * The realm's clients come from the catalog: an add-on's `oidc` is all it takes to get a realm client
 * (and, when confidential, its `oidc/<client>` secret). Fixture add-ons, not the registry, so the
 * derivation is tested on data the catalog does not happen to hold.
 */
const chart = { repoURL: 'https://charts.invalid', chart: 'x', version: '1.0.0' };
const base = { description: 'fixture', chart, syncWave: 9, defaultOn: { hub: true, spoke: false } };
const portal = defineAddon({ ...base, id: 'portal-x', namespace: 'portal-x', oidc: { client: 'portal-x', type: 'confidential', redirectPaths: ['/cb'], serviceAccount: true } });
const cli = defineAddon({ ...base, id: 'cli-x', namespace: 'cli-x', oidc: { client: 'cli-x', type: 'public', redirectPaths: ['/login'], extraRedirectUris: ['http://localhost/cb'] } });
const noSso = defineAddon({ ...base, id: 'no-sso', namespace: 'no-sso' });

describe('contract/sso: realm clients from the catalog', () => {
  test('one client per add-on with oidc, in registry order, then kubectl\'s kubernetes client', () => {
    expect(ssoClientsOf([cli, noSso, portal])).toEqual([
      { id: 'cli-x', publicClient: true, redirectPaths: ['/login'], extraRedirectUris: ['http://localhost/cb'] },
      { id: 'portal-x', publicClient: false, redirectPaths: ['/cb'], serviceAccount: true },
      { id: KUBERNETES_CLIENT, publicClient: true, redirectPaths: [], extraRedirectUris: ['http://localhost:8000', 'http://127.0.0.1:8000'] },
    ]);
  });

  test('fails when two add-ons declare the same client id (keycloak-config-cli would keep one client for both)', () => {
    const twin = defineAddon({ ...portal, id: 'portal-y', namespace: 'portal-y' });
    expect(() => ssoClientsOf([portal, twin])).toThrow('SSO client id(s) declared twice: portal-x');
  });

  test('fails when an add-on claims the kubernetes client', () => {
    const k = defineAddon({ ...base, id: 'k', namespace: 'k', oidc: { client: KUBERNETES_CLIENT, type: 'public', redirectPaths: [] } });
    expect(() => ssoClientsOf([k])).toThrow(`declared twice: ${KUBERNETES_CLIENT}`);
  });

  // The registry's entries reach the rendered realm and the secrets: each catalog `oidc` is a realm client
  // of its type with its tool's callbacks, and each confidential one has its Secrets Manager secret.
  const config = testConfig();
  const realmClients = realmRepresentation(config).clients as Record<string, unknown>[];
  const withOidc = ADDONS.flatMap((a) => (a.oidc ? [a.oidc] : []));
  test.each(withOidc.map((o) => [o.client, o] as const))('the catalog\'s %s client is in the realm as declared', (client, oidc) => {
    expect(realmClients.find((c) => c.clientId === client)).toMatchObject({
      publicClient: oidc.type === 'public',
      redirectUris: [...oidc.redirectPaths.map((p) => `https://${client}.${config.domain}${p}`), ...(oidc.extraRedirectUris ?? [])],
      ...(oidc.serviceAccount ? { serviceAccountsEnabled: true } : {}),
    });
    expect(PLATFORM_SECRETS.some((s) => s.id === `oidc/${client}`)).toBe(oidc.type === 'confidential');
  });

  test('the realm holds no client the catalog (or kubectl) does not declare', () => {
    expect(realmClients.map((c) => c.clientId).sort()).toEqual([...withOidc.map((o) => o.client), KUBERNETES_CLIENT].sort());
    expect([...OIDC_CLIENTS].sort()).toEqual(withOidc.filter((o) => o.type === 'confidential').map((o) => o.client).sort());
  });
});
