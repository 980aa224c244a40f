import { parse } from 'yaml';
import { databaseHost, databaseOf, PLATFORM_DATABASES } from '../../contract/platform-databases';
import { addonById } from '../../catalog/registry';
import { renderGitOpsTree } from '../../gitops/render-gitops-tree';
import { keycloakUrl, oidcIssuer, toolUrl } from '../../gitops/sso';
import { pinnedChartValues } from '../support/pinned-chart-values';
import { testConfig } from '../support/test-config';

/**
 * The tools' database and secret wiring, end to end on the GitOps side: every Secret our chart values
 * reference is the target of a rendered ExternalSecret with the keys the chart reads; Keycloak's URL,
 * path and probes agree with the issuer; DevLake's values satisfy every check of its chart.
 */
const config = testConfig();
const files = renderGitOpsTree(config);
const docs = files.flatMap((f) => f.documents as any[]);
const valuesOf = (id: string) => files.find((f) => f.path === `addons/${id}/values.yaml`)!.documents[0] as Record<string, any>;
/** Chart defaults merged under our values, the way Helm sees them (only what these tests read). */
const merged = (id: string, version?: string) => deepMerge(pinnedChartValues(addonById(id).chart.chart, version ?? addonById(id).chart.version), valuesOf(id));

function deepMerge(base: any, over: any): any {
  if (!base || typeof base !== 'object' || Array.isArray(base) || !over || typeof over !== 'object' || Array.isArray(over)) return over === undefined ? base : over;
  const out = { ...base };
  for (const [k, v] of Object.entries(over)) out[k] = deepMerge(base[k], v);
  return out;
}

/** Keys each rendered ExternalSecret gives its target Secret, by `<namespace>/<name>`. */
const externalSecretKeys = new Map<string, Set<string>>();
for (const es of docs.filter((d) => d.kind === 'ExternalSecret')) {
  const keys = [...(es.spec.data ?? []).map((d: any) => d.secretKey), ...Object.keys(es.spec.target.template?.data ?? {})];
  const id = `${es.metadata.namespace}/${es.spec.target.name}`;
  expect(externalSecretKeys.has(id)).toBe(false);
  externalSecretKeys.set(id, new Set(keys));
}

/** A Secret a chart reads: by name, and the keys it needs (empty: the whole Secret, as envFrom). */
interface SecretRef { readonly addon: string; readonly name: string; readonly keys: readonly string[]; readonly via: string }

/** Every Secret reference in our values, read the way each pinned chart reads it. */
function secretRefs(): SecretRef[] {
  const refs: SecretRef[] = [];
  const kc = merged('keycloak');
  // keycloakx 7.0.1 _helpers.tpl keycloak.databasePasswordEnv: KC_DB_PASSWORD from existingSecret/existingSecretKey (default "password").
  refs.push({ addon: 'keycloak', name: kc.database.existingSecret, keys: [kc.database.existingSecretKey || 'password'], via: 'database.existingSecret' });
  for (const e of parse(kc.extraEnvFrom) as any[]) refs.push({ addon: 'keycloak', name: e.secretRef.name, keys: [], via: 'extraEnvFrom' });
  for (const v of (parse(kc.extraVolumes ?? '[]') ?? []) as any[]) if (v.secret) refs.push({ addon: 'keycloak', name: v.secret.secretName, keys: [], via: 'extraVolumes' });

  const bs = valuesOf('backstage');
  // Backstage substitutes ${VAR} in app-config from its environment: extraEnvVarsSecrets (envFrom).
  const envVars = [...JSON.stringify(bs.backstage.appConfig).matchAll(/\$\{(\w+)\}/g)].map((m) => m[1]);
  const fromSecrets = bs.backstage.extraEnvVarsSecrets as string[];
  for (const name of fromSecrets) refs.push({ addon: 'backstage', name, keys: [], via: 'backstage.extraEnvVarsSecrets' });
  for (const v of new Set(envVars)) {
    const owner = fromSecrets.find((s) => externalSecretKeys.get(`backstage/${s}`)?.has(v));
    expect([v, owner]).toEqual([v, expect.any(String)]);
  }

  const gf = merged('grafana');
  refs.push({ addon: 'grafana', name: gf.admin.existingSecret, keys: [gf.admin.userKey, gf.admin.passwordKey], via: 'admin.existingSecret' });
  // The DORA data source expands $DEVLAKE_MYSQL_PASSWORD from Grafana's environment (envFromSecret).
  const datasource = docs.find((d) => d.kind === 'ConfigMap' && d.metadata.name === 'devlake-datasource').data['devlake.yaml'] as string;
  refs.push({ addon: 'grafana', name: gf.envFromSecret, keys: [...datasource.matchAll(/\$(\w+)/g)].map((m) => m[1]), via: 'envFromSecret' });
  for (const m of gf.extraSecretMounts) refs.push({ addon: 'grafana', name: m.secretName, keys: ['clientSecret'], via: 'extraSecretMounts' });

  const dl = merged('devlake');
  // devlake 1.0.2 deployments.yaml: the lake pod's DB_URL expands $(MYSQL_PASSWORD) from the connection secret (envFrom);
  // MYSQL_USER/SERVER/PORT/DATABASE come from the chart's ConfigMap. The encryption secret gives ENCRYPTION_SECRET,
  // the UI's basic auth secret ADMIN_USER/ADMIN_PASS.
  refs.push({ addon: 'devlake', name: dl.option.connectionSecretName, keys: ['MYSQL_PASSWORD'], via: 'option.connectionSecretName' });
  refs.push({ addon: 'devlake', name: dl.lake.encryptionSecret.secretName, keys: ['ENCRYPTION_SECRET'], via: 'lake.encryptionSecret.secretName' });
  refs.push({ addon: 'devlake', name: dl.ui.basicAuth.secretName, keys: ['ADMIN_USER', 'ADMIN_PASS'], via: 'ui.basicAuth.secretName' });

  const wf = valuesOf('argo-workflows').server.sso;
  for (const r of [wf.clientId, wf.clientSecret]) refs.push({ addon: 'argo-workflows', name: r.name, keys: [r.key], via: 'server.sso' });
  const [, cdSecret, cdKey] = /\$([\w-]+):(\w+)/.exec(valuesOf('argo-cd').configs.cm['oidc.config'])!;
  refs.push({ addon: 'argo-cd', name: cdSecret, keys: [cdKey], via: 'configs.cm.oidc.config' });
  const gl = valuesOf('gitlab').global.initialRootPassword;
  refs.push({ addon: 'gitlab', name: gl.secret, keys: [gl.key], via: 'global.initialRootPassword' });
  return refs;
}

/** References with no ExternalSecret target of that name and keys in the add-on's namespace. */
function unresolved(refs: readonly SecretRef[]): string[] {
  return refs.filter((r) => {
    const keys = externalSecretKeys.get(`${addonById(r.addon).namespace}/${r.name}`);
    return !keys || r.keys.some((k) => !keys.has(k));
  }).map((r) => `${r.addon} ${r.via} → ${r.name} [${r.keys.join(', ')}]`);
}

describe('tool databases and secrets (GitOps side)', () => {
  test('every Secret our chart values reference is a rendered ExternalSecret target with the keys the chart reads', () => {
    const refs = secretRefs();
    expect(refs.length).toBeGreaterThan(12);
    expect(unresolved(refs)).toEqual([]);
  });

  test('fails when a value names a Secret no ExternalSecret creates, or a key it lacks', () => {
    expect(unresolved([
      { addon: 'keycloak', name: 'keycloak-database', keys: ['password'], via: 'database.existingSecret' },
      { addon: 'devlake', name: 'devlake-mysql-auth', keys: ['MYSQL_ROOT_PASSWORD'], via: 'option.connectionSecretName' },
    ])).toEqual(['keycloak database.existingSecret → keycloak-database [password]', 'devlake option.connectionSecretName → devlake-mysql-auth [MYSQL_ROOT_PASSWORD]']);
  });

  test('no chart creates a Secret that an ExternalSecret owns (DevLake\'s connection secret was created twice)', () => {
    const dl = merged('devlake');
    // devlake 1.0.2 templates/secrets.yaml: each of these switches writes a Secret with values from values.yaml.
    expect([dl.option.autoCreateSecret, dl.lake.encryptionSecret.autoCreateSecret, dl.ui.basicAuth.autoCreateSecret]).toEqual([false, false, false]);
    // The only Secrets in the tree are data-less ServiceAccount token requests (Kubernetes fills them);
    // none shares a name with an ExternalSecret's target in its namespace.
    const secrets = docs.filter((d) => d.kind === 'Secret');
    expect(secrets.filter((s) => s.type !== 'kubernetes.io/service-account-token' || s.data || s.stringData)).toEqual([]);
    const targets = new Set(docs.filter((d) => d.kind === 'ExternalSecret').map((e) => `${e.metadata.namespace}/${e.spec.target?.name ?? e.metadata.name}`));
    expect(secrets.map((s) => `${s.metadata.namespace}/${s.metadata.name}`).filter((k) => targets.has(k))).toEqual([]);
  });

  test.each(PLATFORM_DATABASES.map((d) => d.tool))('%s: the chart connects to the managed database with the contract\'s host, port, database and user', (tool) => {
    const db = databaseOf(tool);
    const host = databaseHost(config, db);
    if (tool === 'keycloak') {
      expect(valuesOf('keycloak').database).toMatchObject({ vendor: 'postgres', hostname: host, port: db.port, database: db.databaseName, username: db.username });
    } else if (tool === 'backstage') {
      const database = valuesOf('backstage').backstage.appConfig.backend.database;
      expect(database).toMatchObject({ client: 'pg', connection: { host, port: db.port, user: '${POSTGRES_USER}', password: '${POSTGRES_PASSWORD}' } });
      expect(valuesOf('backstage').postgresql.enabled).toBe(false);
    } else {
      expect(valuesOf('devlake').mysql).toMatchObject({ useExternal: true, externalServer: host, externalPort: db.port, username: db.username, database: db.databaseName });
      const datasource = docs.find((d) => d.kind === 'ConfigMap' && d.metadata.name === 'devlake-datasource').data['devlake.yaml'] as string;
      expect(parse(datasource).datasources[0]).toMatchObject({ url: `${host}:${db.port}`, database: db.databaseName, user: db.username });
    }
  });

  describe('Keycloak 26 behind the ALB (keycloakx 7.0.1)', () => {
    const kc = merged('keycloak');
    // https://github.com/codecentric/helm-charts/blob/keycloakx-7.0.1/charts/keycloakx/templates/statefulset.yaml
    const relativePathEnv = (relativePath: string) => (relativePath === '/' ? '/' : relativePath.replace(/\/$/, ''));
    const probePath = (template: string, relativePath: string) => parse(template.replace(`{{ tpl .Values.http.relativePath $ | trimSuffix "/" }}`, relativePath.replace(/\/$/, ''))).httpGet.path;
    const env = Object.fromEntries((parse(kc.extraEnv) as { name: string; value: string }[]).map((e) => [e.name, e.value]));
    /** The issuer Keycloak serves for the realm: its hostname, its relative path, /realms/<realm>. */
    const servedIssuer = (relativePath: string) => `${env.KC_HOSTNAME}${relativePathEnv(relativePath).replace(/\/$/, '')}/realms/${config.sso.realm}`;

    test('KC_HOSTNAME is the public URL (production mode refuses to start without it) and X-Forwarded headers are trusted', () => {
      expect(env.KC_HOSTNAME).toBe(keycloakUrl(config));
      // statefulset.yaml: KC_PROXY_HEADERS = proxy.mode, KC_HTTP_ENABLED when proxy.http.enabled (the ALB speaks HTTP to the pod).
      expect([kc.proxy.enabled, kc.proxy.mode, kc.proxy.http.enabled]).toEqual([true, 'xforwarded', true]);
    });

    test('served at the root: the issuer Keycloak serves is the one every tool is given', () => {
      expect(kc.http.relativePath).toBe('/');
      expect(servedIssuer(kc.http.relativePath)).toBe(oidcIssuer(config));
    });

    test('fails when the chart default /auth is kept: the issuer would not match', () => {
      const chartDefault = pinnedChartValues('keycloakx', '7.0.1') as any;
      expect(chartDefault.http.relativePath).toBe('/auth');
      expect(servedIssuer(chartDefault.http.relativePath)).not.toBe(oidcIssuer(config));
    });

    test('health probes hit /health/* on the management port 9000 with KC_HEALTH_ENABLED', () => {
      expect([kc.health.enabled, kc.metrics.enabled]).toEqual([true, true]); // readiness probe needs metrics.enabled in 7.0.1
      // statefulset.yaml: the port named http.internalPort is containerPort 9000, Keycloak 26's management interface.
      expect(kc.http.internalPort).toBe('http-internal');
      for (const [probe, path] of [['livenessProbe', '/health/live'], ['readinessProbe', '/health/ready'], ['startupProbe', '/health']]) {
        expect(probePath(kc[probe], kc.http.relativePath)).toBe(path);
        expect(kc[probe]).toContain(`port: '{{ .Values.http.internalPort }}'`);
      }
    });

    test('the database comes from the managed PostgreSQL, the password from the ExternalSecret', () => {
      expect(kc.database).toMatchObject({ vendor: 'postgres', existingSecret: 'keycloak-db', existingSecretKey: 'password' });
      expect(kc.database.password).toBeNull();
      expect(kc.dbchecker.enabled).toBe(true);
    });
  });

  describe('DevLake (devlake 1.0.2) renders', () => {
    const dl = merged('devlake');

    test('none of the chart\'s validate.yaml checks fails', () => {
      // https://github.com/apache/incubator-devlake-helm-chart/blob/devlake-1.0.2/charts/devlake/templates/validate.yaml
      const failures = [
        dl.lake.encryptionSecret.autoCreateSecret && !dl.lake.encryptionSecret.secret && 'lake.encryptionSecret.secret',
        dl.ui.basicAuth.enabled && dl.ui.basicAuth.autoCreateSecret && (!dl.ui.basicAuth.user || !dl.ui.basicAuth.password) && 'ui.basicAuth',
        dl.option.database === 'mysql' && dl.option.autoCreateSecret && (!dl.mysql.username || !dl.mysql.password || !dl.mysql.database) && 'mysql credentials',
        dl.option.autoCreateSecret && dl.option.database === 'mysql' && !dl.mysql.useExternal && !dl.mysql.rootPassword && 'mysql.rootPassword',
        !dl.grafana.enabled && !dl.grafana.external.url && 'grafana.external.url',
      ].filter(Boolean);
      expect(failures).toEqual([]);
    });

    test('with every secret from Secrets Manager, external MySQL, and our Grafana', () => {
      expect(dl.lake.encryptionSecret).toEqual({ secretName: 'devlake-encryption', secret: '', autoCreateSecret: false });
      expect(dl.mysql.useExternal).toBe(true);
      expect(dl.grafana.enabled).toBe(false);
      expect(dl.grafana.external.url).toBe(toolUrl(config, 'grafana'));
      // Only non-secret connection facts are ours; the chart's default password is never used (autoCreateSecret false).
      expect(valuesOf('devlake').mysql.password).toBeUndefined();
      expect(JSON.stringify(valuesOf('devlake'))).not.toMatch(/password"\s*:\s*"[^"]+"/i);
    });
  });
});
