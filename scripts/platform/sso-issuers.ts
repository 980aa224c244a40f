import { globSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * A Keycloak realm's issuer as tools' values spell it, alone (`issuer: …`) or as the prefix of an
 * endpoint (`…/protocol/openid-connect/token`, `…/.well-known/openid-configuration`):
 * `<scheme>://<host>[:port][/path]/realms/<realm>`.
 */
const REALM_ISSUER = /https?:\/\/[A-Za-z0-9.-]+(?::\d+)?(?:\/[A-Za-z0-9._~%-]+)*?\/realms\/[A-Za-z0-9._~%-]+/g;

/** Every issuer the GitOps tree (`treeDir`, the folder we push) configures a tool with → the files that say it. */
export function configuredIssuers(treeDir: string): Map<string, string[]> {
  const found = new Map<string, string[]>();
  for (const file of globSync('**/*.{yaml,yml,json}', { cwd: treeDir }).sort()) {
    for (const issuer of new Set(readFileSync(join(treeDir, file), 'utf8').match(REALM_ISSUER) ?? [])) {
      found.set(issuer, [...(found.get(issuer) ?? []), file]);
    }
  }
  return found;
}

/**
 * What is wrong with single sign-on as Keycloak answers it: the discovery document at `expected`'s
 * well-known URL must name `expected` as its issuer, and every tool must be configured with that issuer.
 * OIDC clients compare both: discovery's `issuer` must be identical to the URL it was fetched for
 * (https://openid.net/specs/openid-connect-discovery-1_0.html#ProviderConfigurationValidation), and a
 * token's `iss` must be that issuer (https://openid.net/specs/openid-connect-core-1_0.html#IDTokenValidation),
 * so one tool with another issuer fails every sign-in to it.
 */
export async function issuerProblems(expected: string, treeDir: string, fetchDiscovery: () => Promise<string>): Promise<string[]> {
  const served = (JSON.parse(await fetchDiscovery()) as { issuer?: string }).issuer;
  const problems = served === expected ? [] : [`Keycloak serves issuer ${served ?? '(none)'} for the platform realm, expected ${expected}`];
  for (const [issuer, files] of configuredIssuers(treeDir)) {
    if (issuer !== served) problems.push(`${files.join(', ')} configure issuer ${issuer}, but Keycloak serves ${served ?? '(none)'}`);
  }
  return problems;
}
