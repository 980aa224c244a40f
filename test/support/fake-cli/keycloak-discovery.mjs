// What the stand-in `curl` answers for a Keycloak OIDC discovery URL, derived from what WE rendered for
// Keycloak (the keycloakx chart's values and the realm import), never from the URL asked for, so a
// script that checks an issuer cannot pass by agreeing with the stand-in.
//
// The model, each step from its consumer:
// - Environment of the Keycloak container: the keycloakx chart (pinned 7.0.1) sets KC_HTTP_RELATIVE_PATH
//   from `http.relativePath` (trailing `/` trimmed unless it is `/`) and KC_PROXY_HEADERS from `proxy.mode`
//   when `proxy.enabled`, then appends `extraEnv` (a later entry of the same name wins, as in Kubernetes)
//   https://github.com/codecentric/helm-charts/blob/keycloakx-7.0.1/charts/keycloakx/templates/statefulset.yaml
//   Values are the chart's defaults (values.yaml of the pinned version) deep-merged with ours, as Helm does.
// - Reachability: the request reaches Keycloak only through a host of the chart's Ingress (`ingress.rules`);
//   any other host does not resolve (curl exit 6). Keycloak serves below its relative path only.
// - Hostname v2 (Keycloak 25+, https://www.keycloak.org/server/hostname): `hostname` (KC_HOSTNAME) is a
//   full URL, used as the frontend URL as is, or a host name, whose scheme and port come from the request
//   (X-Forwarded-* when proxy headers are `xforwarded`; the ALB terminates TLS, so https) and whose path is
//   the relative path. In production mode (`kc.sh start`) Keycloak does not start without `hostname`
//   ("hostname is not configured"), unless `hostname-strict` is false.
// - The realm's issuer is `<frontend URL>/realms/<realm>`; a realm Keycloak does not hold answers 404
//   (curl --fail: exit 22). Realms: `master` and every realm representation in our realm import
//   (JSON documents with a `realm` name in the ConfigMaps of the Keycloak add-on objects).
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse, parseAllDocuments } from 'yaml';

const isMap = (v) => !!v && typeof v === 'object' && !Array.isArray(v);
const merge = (base, ours) => (isMap(base) && isMap(ours)
  ? Object.fromEntries([...new Set([...Object.keys(base), ...Object.keys(ours)])].map((k) => [k, k in ours ? merge(base[k], ours[k]) : base[k]]))
  : ours);

/** The Keycloak container's environment as the chart renders it from the merged values. */
function containerEnv(values) {
  const env = {};
  const relative = String(values.http?.relativePath ?? '');
  if (relative) env.KC_HTTP_RELATIVE_PATH = relative === '/' ? relative : relative.replace(/\/$/, '');
  if (values.proxy?.enabled) env.KC_PROXY_HEADERS = values.proxy.mode;
  for (const e of typeof values.extraEnv === 'string' ? parse(values.extraEnv) ?? [] : []) env[e.name] = e.value;
  return env;
}

function realms(objectsDir) {
  const names = new Set(['master']);
  const files = existsSync(objectsDir) ? readdirSync(objectsDir).filter((f) => f.endsWith('.yaml')) : [];
  for (const f of files) {
    for (const doc of parseAllDocuments(readFileSync(join(objectsDir, f), 'utf8')).map((d) => d.toJS())) {
      if (doc?.kind !== 'ConfigMap') continue;
      for (const text of Object.values(doc.data ?? {})) {
        try {
          const rep = JSON.parse(text);
          if (typeof rep?.realm === 'string') names.add(rep.realm);
        } catch {
          // not JSON: not a realm representation
        }
      }
    }
  }
  return names;
}

/**
 * `{ exit, stdout, stderr }` of `curl --fail <url>` against the Keycloak we rendered.
 * `keycloak`: `{ chartValues, values, objects }` (files), or undefined when the platform runs no Keycloak.
 */
export function keycloakDiscovery(url, keycloak) {
  const u = new URL(url);
  const unresolved = { exit: 6, stdout: '', stderr: `curl: (6) Could not resolve host: ${u.hostname}` };
  if (!keycloak) return unresolved;
  const values = merge(parse(readFileSync(keycloak.chartValues, 'utf8')), parse(readFileSync(keycloak.values, 'utf8')));
  const hosts = values.ingress?.enabled ? (values.ingress.rules ?? []).map((r) => r.host) : [];
  if (!hosts.includes(u.hostname)) return unresolved;
  const env = containerEnv(values);
  const notFound = { exit: 22, stdout: '', stderr: 'curl: (22) The requested URL returned error: 404' };
  const relative = env.KC_HTTP_RELATIVE_PATH ?? '/';
  const base = relative === '/' ? '' : relative;
  if (!u.pathname.startsWith(`${base}/`)) return notFound;
  const match = u.pathname.slice(base.length).match(/^\/realms\/([^/]+)\/\.well-known\/openid-configuration$/);
  if (!match) return notFound;
  const hostname = env.KC_HOSTNAME;
  if (!hostname) return { exit: 22, stdout: '', stderr: 'curl: (22) The requested URL returned error: 503 (Keycloak did not start: hostname is not configured)' };
  let frontend;
  if (/^https?:\/\//.test(hostname)) frontend = hostname.replace(/\/$/, '');
  else {
    // Behind the ALB: https on 443 (X-Forwarded-Proto/Port) with xforwarded headers; otherwise the request as Keycloak sees it (plain http from the ALB).
    const scheme = env.KC_PROXY_HEADERS === 'xforwarded' ? 'https' : 'http';
    frontend = `${scheme}://${hostname}${base}`;
  }
  const realm = decodeURIComponent(match[1]);
  if (!realms(keycloak.objects).has(realm)) return notFound;
  const issuer = `${frontend}/realms/${realm}`;
  const oidc = `${issuer}/protocol/openid-connect`;
  return { exit: 0, stdout: JSON.stringify({ issuer, authorization_endpoint: `${oidc}/auth`, token_endpoint: `${oidc}/token`, userinfo_endpoint: `${oidc}/userinfo`, jwks_uri: `${oidc}/certs` }), stderr: '' };
}
