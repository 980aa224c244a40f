import { parse, stringify } from 'smol-toml';
import { addonPolicyStatements, needsOn } from '../../blueprints/addon-iam';
import { addonById } from '../../catalog/registry';
import type { ResolvedConfig } from '../../config/resolved-config';
import { ciCacheBucketName, GITLAB_RUNNER, gitlabRunnerEnabled, gitlabRunnerSecretName } from '../../contract/gitlab-runner';
import { LAYOUT, PLATFORM_SECRETS_FILE } from '../../gitops/gitops-layout';
import { renderGitOpsTree } from '../../gitops/render-gitops-tree';
import { CACHE_CONFIG, CACHE_S3_CONFIG, KUBERNETES_CONFIG, RUNNER_CONFIG, RUNNER_CREDENTIALS, RUNNER_SETTINGS, RunnerKeyType } from '../support/gitlab-runner-config-keys';
import { ingressAllowed, NetworkPolicy } from '../support/network-policy-model';
import { egressAllowed, EgressPolicy, inCidr } from '../support/network-policy-egress';
import { forkLikeConfig, testConfig } from '../support/test-config';

/**
 * The hub's GitLab Runner as its consumers read it: the runner (its config.toml keys, their TOML types and
 * meaning: test/support/gitlab-runner-config-keys.ts, from the runner's v17.9.2 config structs), the Kubernetes
 * API server (RBAC), and the network policy enforcement of the job pods. Each check returns the problems it
 * finds, so the "fails when" cases below break the rendered output and show the check catching it.
 */
const RUNNER_KEYS = { ...RUNNER_CONFIG, ...RUNNER_CREDENTIALS, ...RUNNER_SETTINGS };

/** Problems of one TOML table against a config struct: unknown keys, and values of a type the field cannot decode. */
function tableProblems(table: Record<string, unknown>, keys: Readonly<Record<string, RunnerKeyType>>, where: string): string[] {
  const isTable = (v: unknown) => typeof v === 'object' && v !== null && !Array.isArray(v);
  const ok: Record<RunnerKeyType, (v: unknown) => boolean> = {
    'string': (v) => typeof v === 'string',
    'boolean': (v) => typeof v === 'boolean',
    'integer': (v) => Number.isInteger(v) || typeof v === 'bigint',
    'string[]': (v) => Array.isArray(v) && v.every((x) => typeof x === 'string'),
    'duration': (v) => typeof v === 'string' || Number.isInteger(v),
    'table': isTable,
    'table<string>': (v) => isTable(v) && Object.values(v as object).every((x) => typeof x === 'string'),
    'table<boolean>': (v) => isTable(v) && Object.values(v as object).every((x) => typeof x === 'boolean'),
    'unchecked': () => true,
  };
  return Object.entries(table).flatMap(([k, v]) => {
    if (!Object.hasOwn(keys, k)) return [`${where}.${k} is not a runner config key`];
    return ok[keys[k]](v) ? [] : [`${where}.${k} is not a ${keys[k]}`];
  });
}

/**
 * What the Kubernetes executor may need, per resource: the "Configure runner API permissions" table of
 * docs/executors/kubernetes/_index.md in gitlabhq/gitlab-runner at v17.9.2 (every verb, optional ones included).
 */
const EXECUTOR_PERMISSIONS: Record<string, string[]> = {
  'events': ['list', 'watch'],
  'namespaces': ['create', 'delete'],
  'pods': ['create', 'delete', 'get', 'list', 'watch'],
  'pods/attach': ['create', 'delete', 'get', 'patch'],
  'pods/exec': ['create', 'delete', 'get', 'patch'],
  'pods/log': ['get', 'list'],
  'secrets': ['create', 'delete', 'get', 'update'],
  'serviceaccounts': ['get'],
  'services': ['create', 'get'],
};

/**
 * What the same table requires with runner 17.9's default feature flags (helpers/featureflags/flags.go at v17.9.2:
 * FF_USE_LEGACY_KUBERNETES_EXECUTION_STRATEGY, FF_KUBERNETES_HONOR_ENTRYPOINT, FF_PRINT_POD_EVENTS and
 * FF_WAIT_FOR_POD_TO_BE_REACHABLE all false), informers included (their "Informers" section), no namespace per job:
 * the table less `events` (pod events are printed only with FF_PRINT_POD_EVENTS) and `namespaces` (a namespace per job).
 */
const EXECUTOR_NEEDS: Record<string, string[]> = Object.fromEntries(
  Object.entries(EXECUTOR_PERMISSIONS).filter(([resource]) => !['events', 'namespaces'].includes(resource)),
);

type Obj = { apiVersion: string; kind: string; metadata: { name: string; namespace?: string; labels?: Record<string, string> }; [k: string]: any };
interface Rendered { values: Record<string, any>; objects: Obj[] }

function rendered(config: ResolvedConfig): Rendered {
  const files = renderGitOpsTree(config);
  const values = files.find((f) => f.path === `${LAYOUT.addonValues}/gitlab/values.yaml`)!.documents[0] as Record<string, any>;
  const objects = files.filter((f) => f.path === `${LAYOUT.platform}/gitlab-runner.yaml`).flatMap((f) => f.documents as Obj[]);
  return { values, objects };
}
const find = (objects: Obj[], kind: string, namespace?: string) => objects.filter((o) => o.kind === kind && o.metadata.namespace === namespace);

/** Problems of the bundled runner's values and config.toml against the runner's structs and the rendered objects. */
function runnerProblems(config: ResolvedConfig, { values, objects }: Rendered): string[] {
  const p: string[] = [];
  const chart = values['gitlab-runner'] ?? {};
  if (chart.install !== true) p.push('gitlab-runner.install is not true');
  if (values.global?.runner?.registrationToken?.secret !== GITLAB_RUNNER.kubernetesSecret) p.push('global.runner.registrationToken.secret is not the runner token Secret');
  // Existing service account: https://docs.gitlab.com/runner/install/kubernetes_helm_chart_configuration/#enable-rbac-support
  if (chart.rbac?.create !== false || chart.serviceAccount?.create !== false) p.push('the chart would create its own service account or RBAC');
  // A `--locked` flag (the GitLab chart's default `runners.locked: false`) makes `register` refuse an authentication
  // token (ensureServerConfigArgsEmpty, commands/register.go at v17.9.2); null removes the default
  // (https://docs.gitlab.com/charts/charts/gitlab/gitlab-runner/#requirements).
  if (!(chart.runners && 'locked' in chart.runners && chart.runners.locked === null)) p.push('runners.locked is not null: register would refuse the authentication token');
  const managers = find(objects, 'ServiceAccount', addonById('gitlab').namespace).map((o) => o.metadata.name);
  if (!managers.includes(chart.serviceAccount?.name)) p.push(`serviceAccount.name ${chart.serviceAccount?.name} is not a rendered ServiceAccount in ${addonById('gitlab').namespace}`);
  const text = chart.runners?.config;
  if (typeof text !== 'string') return [...p, 'runners.config is not a string'];
  // The chart passes runners.config through Helm's tpl: any `{{` would be evaluated.
  if (text.includes('{{')) p.push('runners.config contains "{{" (Helm tpl would evaluate it)');
  const toml = parse(text) as Record<string, any>;
  Object.keys(toml).filter((k) => k !== 'runners').forEach((k) => p.push(`config.${k} is not a key of a runner template`));
  const runners = toml.runners as Record<string, any>[];
  if (!Array.isArray(runners) || runners.length !== 1) return [...p, 'config has not exactly one [[runners]]'];
  const [r] = runners;
  p.push(...tableProblems(r, RUNNER_KEYS, 'runners'), ...tableProblems(r.kubernetes ?? {}, KUBERNETES_CONFIG, 'runners.kubernetes'),
    ...tableProblems(r.cache ?? {}, CACHE_CONFIG, 'runners.cache'), ...tableProblems(r.cache?.s3 ?? {}, CACHE_S3_CONFIG, 'runners.cache.s3'));
  if (r.executor !== 'kubernetes') p.push(`executor is ${r.executor}`);
  const k = r.kubernetes ?? {};
  if (k.privileged !== false) p.push('jobs may run privileged');
  if (k.allow_privilege_escalation !== false) p.push('jobs may escalate privileges');
  Object.keys(k).filter((key) => key.endsWith('_overwrite_allowed')).forEach((key) => p.push(`jobs may override ${key}`));
  const namespace = find(objects, 'Namespace').find((n) => n.metadata.name === k.namespace);
  if (!namespace) p.push(`namespace ${k.namespace} is not a rendered Namespace`);
  const jobSa = find(objects, 'ServiceAccount', k.namespace).find((s) => s.metadata.name === k.service_account);
  if (!jobSa) p.push(`service_account ${k.service_account} is not a rendered ServiceAccount in ${k.namespace}`);
  if (jobSa?.automountServiceAccountToken !== false || k.automount_service_account_token !== false) p.push('job pods get a Kubernetes API token');
  // Auto Mode adds a node for a pending job pod: the executor must wait for it (default poll_timeout: 180 s).
  if (!(Number(k.poll_timeout) >= 300)) p.push(`poll_timeout ${k.poll_timeout} is too short for a new node`);
  const c = r.cache ?? {};
  if (c.Type !== 's3' || c.Shared !== true || c.Path !== GITLAB_RUNNER.cachePath) p.push('the cache is not the shared S3 cache');
  const s3 = c.s3 ?? {};
  if (s3.BucketName !== ciCacheBucketName(config)) p.push(`BucketName ${s3.BucketName} is not ${ciCacheBucketName(config)}`);
  if (s3.BucketLocation !== config.hub.region) p.push(`BucketLocation ${s3.BucketLocation} is not the hub region`);
  // Without an explicit "iam", a key pair in the manager's environment would switch it to access keys
  // (CacheS3Config.AuthType(), common/config.go at v17.9.2): the manager's Pod Identity must sign.
  if (s3.AuthenticationType !== 'iam') p.push(`AuthenticationType is ${s3.AuthenticationType ?? 'unset'}, not iam`);
  if ('AccessKey' in s3 || 'SecretKey' in s3 || 'SessionToken' in s3) p.push('static S3 credentials in config.toml');
  if (s3.ServerSideEncryption !== 'S3') p.push('cache objects are not encrypted with S3-managed keys');
  return p;
}

/** Problems of the manager's RBAC: namespaced to the job namespace, bound to the manager alone, no wildcard, within the documented table. */
function rbacProblems({ objects }: Rendered): string[] {
  const p: string[] = [];
  const jobs = GITLAB_RUNNER.jobNamespace;
  objects.filter((o) => o.kind === 'ClusterRole' || o.kind === 'ClusterRoleBinding').forEach((o) => p.push(`cluster-wide ${o.kind} ${o.metadata.name}`));
  for (const role of objects.filter((o) => o.kind === 'Role')) {
    if (role.metadata.namespace !== jobs) p.push(`Role ${role.metadata.name} in ${role.metadata.namespace}`);
    for (const rule of role.rules as { apiGroups: string[]; resources: string[]; verbs: string[] }[]) {
      if ([...rule.apiGroups, ...rule.resources, ...rule.verbs].includes('*')) p.push(`Role ${role.metadata.name} has a wildcard`);
      if (!rule.apiGroups.every((g) => g === '')) p.push(`Role ${role.metadata.name} reaches API group ${rule.apiGroups}`);
      for (const res of rule.resources) {
        const extra = rule.verbs.filter((v) => !(EXECUTOR_PERMISSIONS[res] ?? []).includes(v));
        if (extra.length > 0) p.push(`Role ${role.metadata.name} grants ${extra.join(',')} on ${res}, beyond the executor's table`);
      }
    }
  }
  const granted = objects.filter((o) => o.kind === 'Role' && o.metadata.namespace === jobs)
    .flatMap((role) => (role.rules as { resources: string[]; verbs: string[] }[]).flatMap((rule) => rule.resources.flatMap((res) => rule.verbs.map((v) => `${v} ${res}`))));
  for (const [res, verbs] of Object.entries(EXECUTOR_NEEDS)) {
    const missing = verbs.filter((v) => !granted.includes(`${v} ${res}`));
    if (missing.length > 0) p.push(`the executor lacks ${missing.join(',')} on ${res}`);
  }
  const bindings = objects.filter((o) => o.kind === 'RoleBinding');
  if (bindings.length === 0) p.push('no RoleBinding');
  for (const b of bindings) {
    if (b.metadata.namespace !== jobs) p.push(`RoleBinding ${b.metadata.name} in ${b.metadata.namespace}`);
    // The API server authenticates the manager's token as system:serviceaccount:<namespace>:<name>.
    const users = (b.subjects as { kind: string; name: string; namespace?: string }[]).map((s) => (s.kind === 'ServiceAccount' ? `system:serviceaccount:${s.namespace}:${s.name}` : `${s.kind}:${s.name}`));
    const manager = `system:serviceaccount:${addonById('gitlab').namespace}:${GITLAB_RUNNER.managerServiceAccount}`;
    if (JSON.stringify(users) !== JSON.stringify([manager])) p.push(`RoleBinding ${b.metadata.name} binds ${users.join(', ')}`);
    if (b.roleRef.kind !== 'Role' || !objects.some((o) => o.kind === 'Role' && o.metadata.name === b.roleRef.name && o.metadata.namespace === b.metadata.namespace)) p.push(`RoleBinding ${b.metadata.name} refers to no rendered Role`);
  }
  return p;
}

const JOB = { namespace: GITLAB_RUNNER.jobNamespace, podLabels: { 'job.runner.gitlab.com/id': '1' } };
/** An address inside a CIDR block (its 6th address: past the network and the VPC's reserved ones). */
const hostIn = (cidr: string) => { const [a, b, c] = cidr.split('/')[0].split('.'); return `${a}.${b}.${c}.6`; };

/** Problems of the job pods' network reach, judged with the NetworkPolicy semantics (test/support/network-policy-*.ts). */
function networkProblems(config: ResolvedConfig, { objects }: Rendered): string[] {
  const p: string[] = [];
  const policies = objects.filter((o) => o.kind === 'NetworkPolicy') as unknown as EgressPolicy[];
  const vpcHost = hostIn(config.hub.vpcCidr);
  const out = (ip: string, port: number, protocol = 'TCP') => egressAllowed(policies, JOB, { ip }, port, protocol);
  if (out('169.254.169.254', 80)) p.push('jobs reach instance metadata');
  // GitLab's databases and Redis, its pods (webservice 8080, gitaly 8075) and any other port of the VPC.
  for (const port of [5432, 6379, 8080, 8075, 22]) if (out(vpcHost, port)) p.push(`jobs reach ${vpcHost}:${port} in the hub VPC`);
  const gitlabPod = { namespace: addonById('gitlab').namespace, namespaceLabels: { 'kubernetes.io/metadata.name': 'gitlab' }, podLabels: { app: 'webservice' } };
  if (egressAllowed(policies, JOB, { ip: vpcHost, pod: gitlabPod }, 8080)) p.push('jobs reach GitLab\'s pods');
  // HTTPS to an internal ALB (addresses in the VPC) only when the ALB is internal.
  const internal = config.ingress.scheme === 'internal';
  if (out(vpcHost, 443) !== internal) p.push(`HTTPS into the hub VPC is ${internal ? 'blocked with an internal ALB' : 'open with an internet-facing ALB'}`);
  // What a job needs outside the VPC: GitLab's public URL, registries, npm, S3 and STS (port 443), and DNS.
  for (const ip of ['52.95.150.10', '104.16.0.35', '3.5.140.2']) if (!out(ip, 443)) p.push(`jobs cannot reach ${ip}:443`);
  for (const protocol of ['UDP', 'TCP']) if (!out(vpcHost, 53, protocol)) p.push(`jobs cannot resolve names (${protocol} 53)`);
  // Nothing connects to a job pod: ingress is listed in policyTypes with no rule.
  const ingress = policies as unknown as NetworkPolicy[];
  const from = { namespace: 'gitlab', namespaceLabels: { 'kubernetes.io/metadata.name': 'gitlab' }, podLabels: {} };
  if (ingressAllowed(ingress, from, { ...JOB, namespaceLabels: { 'kubernetes.io/metadata.name': JOB.namespace }, containerPorts: [{ containerPort: 8080 }] }, 8080)) p.push('job pods accept connections');
  if (inCidr('169.254.169.254', config.hub.vpcCidr)) p.push('test setup: the VPC CIDR holds the metadata address');
  return p;
}

describe.each<[string, () => ResolvedConfig, string]>([
  ['testConfig()', () => testConfig(), 'internet-facing'],
  ['a fork-like config', () => forkLikeConfig(), 'internet-facing'],
  ['an internal ALB', () => forkLikeConfig({ ingress: { createHostedZone: true, scheme: 'internal' } }), 'internal'],
])('the hub GitLab Runner with %s', (_, make, scheme) => {
  const config = make();
  const r = rendered(config);

  test('is on: GitLab on the hub serves the platform repository', () => {
    expect(gitlabRunnerEnabled(config)).toBe(true);
    expect(config.ingress.scheme).toBe(scheme);
    expect(r.objects.map((o) => `${o.kind}/${o.metadata.namespace ?? ''}/${o.metadata.name}`).sort()).toEqual([
      `Namespace//${GITLAB_RUNNER.jobNamespace}`,
      `NetworkPolicy/${GITLAB_RUNNER.jobNamespace}/ci-jobs`,
      `Role/${GITLAB_RUNNER.jobNamespace}/${GITLAB_RUNNER.managerServiceAccount}`,
      `RoleBinding/${GITLAB_RUNNER.jobNamespace}/${GITLAB_RUNNER.managerServiceAccount}`,
      `ServiceAccount/${addonById('gitlab').namespace}/${GITLAB_RUNNER.managerServiceAccount}`,
      `ServiceAccount/${GITLAB_RUNNER.jobNamespace}/${GITLAB_RUNNER.jobServiceAccount}`,
    ].sort());
  });
  test('config.toml: known keys only, Kubernetes executor, unprivileged, the rendered namespace and service account, the IAM-signed cache', () => {
    expect(runnerProblems(config, r)).toEqual([]);
  });
  test('RBAC: the manager alone, in the job namespace, what the executor needs and nothing beyond its documented permissions, no wildcard', () => {
    expect(rbacProblems(r)).toEqual([]);
  });
  test('network: no instance metadata, nothing in the hub VPC (HTTPS only to an internal ALB), DNS and the internet open, no ingress', () => {
    expect(networkProblems(config, r)).toEqual([]);
  });
  test('the manager\'s IAM pattern (catalog) fills to the cache bucket of the contract', () => {
    const needs = needsOn(config.hub, addonById('gitlab').identity!.iam!);
    const resources = addonPolicyStatements(config, config.hub, needs, 'aws').flatMap((s) => s.toStatementJson().Resource);
    expect(resources).toEqual([`arn:aws:s3:::${ciCacheBucketName(config)}/*`, `arn:aws:s3:::${ciCacheBucketName(config)}`]);
    // Spokes: hubOnly, nothing.
    for (const spoke of config.spokes) expect(needsOn(spoke, addonById('gitlab').identity!.iam!)).toEqual([]);
  });
  test('the Pod Identity service account is the manager\'s; no gitlab value names it besides the runner\'s own', () => {
    expect(addonById('gitlab').identity!.serviceAccount).toBe(GITLAB_RUNNER.managerServiceAccount);
    const mentions: string[] = [];
    const walk = (v: unknown, path: string) => {
      if (v === GITLAB_RUNNER.managerServiceAccount) mentions.push(path);
      else if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) walk(x, path ? `${path}.${k}` : k);
    };
    walk(r.values, '');
    expect(mentions).toEqual(['gitlab-runner.serviceAccount.name']);
  });
});

describe('fails when the rendered runner is broken (the checks above catch it)', () => {
  const config = testConfig();
  const broken = (edit: (r: Rendered) => void): Rendered => { const r = structuredClone(rendered(config)); edit(r); return r; };
  const editToml = (r: Rendered, edit: (t: any) => void) => {
    // Re-serialised with smol-toml's own writer: the text stays valid TOML and only the edit differs.
    const t = parse(r.values['gitlab-runner'].runners.config) as any;
    edit(t);
    r.values['gitlab-runner'].runners.config = stringify(t);
  };

  test('fails when jobs run privileged', () => {
    expect(runnerProblems(config, broken((r) => editToml(r, (t) => { t.runners[0].kubernetes.privileged = true; })))).toContain('jobs may run privileged');
  });
  test('fails when AuthenticationType is missing (static keys would then be needed or picked up)', () => {
    expect(runnerProblems(config, broken((r) => editToml(r, (t) => { delete t.runners[0].cache.s3.AuthenticationType; })))).toContain('AuthenticationType is unset, not iam');
  });
  test('fails when a key is misspelt (the runner would ignore it)', () => {
    expect(runnerProblems(config, broken((r) => editToml(r, (t) => { t.runners[0].kubernetes.pol_timeout = 600; })))).toContain('runners.kubernetes.pol_timeout is not a runner config key');
  });
  test('fails when a value has a type the runner cannot decode (cpu_request is a Go string)', () => {
    expect(runnerProblems(config, broken((r) => editToml(r, (t) => { t.runners[0].kubernetes.cpu_request = 1; })))).toContain('runners.kubernetes.cpu_request is not a string');
  });
  test('fails when a job may choose its namespace', () => {
    expect(runnerProblems(config, broken((r) => editToml(r, (t) => { t.runners[0].kubernetes.namespace_overwrite_allowed = '.*'; })))).toContain('jobs may override namespace_overwrite_allowed');
  });
  test('fails when runners.locked keeps the chart default (register refuses --locked with an authentication token)', () => {
    expect(runnerProblems(config, broken((r) => { delete r.values['gitlab-runner'].runners.locked; }))).toContain('runners.locked is not null: register would refuse the authentication token');
  });
  test('fails when the config holds a Helm template', () => {
    expect(runnerProblems(config, broken((r) => { r.values['gitlab-runner'].runners.config += '\n# {{ .Release.Namespace }}\n'; }))).toContain('runners.config contains "{{" (Helm tpl would evaluate it)');
  });
  test('fails when the cache bucket or the job namespace drift from the rendered objects', () => {
    const problems = runnerProblems(config, broken((r) => editToml(r, (t) => { t.runners[0].cache.s3.BucketName = 'other-bucket'; t.runners[0].kubernetes.namespace = 'default'; })));
    expect(problems).toEqual(expect.arrayContaining([`BucketName other-bucket is not ${ciCacheBucketName(config)}`, 'namespace default is not a rendered Namespace']));
  });
  test('fails when the Role has a wildcard or reaches beyond the executor\'s table', () => {
    const wildcard = broken((r) => { r.objects.find((o) => o.kind === 'Role')!.rules[0].verbs = ['*']; });
    expect(rbacProblems(wildcard)).toContain(`Role ${GITLAB_RUNNER.managerServiceAccount} has a wildcard`);
    const escalate = broken((r) => { r.objects.find((o) => o.kind === 'Role')!.rules.push({ apiGroups: [''], resources: ['secrets'], verbs: ['list'] }); });
    expect(rbacProblems(escalate)).toContain(`Role ${GITLAB_RUNNER.managerServiceAccount} grants list on secrets, beyond the executor's table`);
  });
  test('fails when the Role lacks what the executor needs (attach, with the default execution strategy)', () => {
    const r = broken((x) => { const role = x.objects.find((o) => o.kind === 'Role')!; role.rules = role.rules.filter((rule: any) => !rule.resources.includes('pods/attach')); });
    expect(rbacProblems(r)).toContain('the executor lacks create,delete,get,patch on pods/attach');
  });
  test('fails when the RoleBinding binds the job service account', () => {
    const r = broken((x) => { x.objects.find((o) => o.kind === 'RoleBinding')!.subjects.push({ kind: 'ServiceAccount', name: GITLAB_RUNNER.jobServiceAccount, namespace: GITLAB_RUNNER.jobNamespace }); });
    expect(rbacProblems(r).join('\n')).toMatch(/binds .*system:serviceaccount:gitlab-ci:ci-job/);
  });
  test('fails when the network policy no longer excepts instance metadata or the VPC', () => {
    const open = broken((r) => { r.objects.find((o) => o.kind === 'NetworkPolicy')!.spec.egress[1].to[0].ipBlock.except = []; });
    expect(networkProblems(config, open)).toEqual(expect.arrayContaining(['jobs reach instance metadata', `jobs reach ${hostIn(config.hub.vpcCidr)}:5432 in the hub VPC`]));
  });
});

describe('without the hub GitLab (git.provider external)', () => {
  test('no runner: the chart installs none and no runner object is rendered', () => {
    const config = testConfig({ git: { provider: 'external', url: 'https://git.example.com/platform/test.git' } });
    expect(gitlabRunnerEnabled(config)).toBe(false);
    const r = rendered(config);
    expect(r.values['gitlab-runner']).toEqual({ install: false });
    expect(r.values.global?.runner).toBeUndefined();
    expect(r.objects).toEqual([]);
  });
});

/**
 * The runner's token, end to end: the bootstrap step stores `{ token }` in Secrets Manager
 * `gitlabRunnerSecretName` (test/scripts/bootstrap-hub-gitlab.test.ts), the rendered ExternalSecret reads
 * exactly that entry into the Secret that the GitLab chart names for its bundled runner
 * (`global.runner.registrationToken.secret`), with the two keys the runner chart mounts.
 */
describe.each<[string, () => ResolvedConfig]>([
  ['testConfig()', () => testConfig()],
  ['a fork-like config', () => forkLikeConfig()],
])('the runner token wire with %s', (_, make) => {
  const config = make();
  const files = renderGitOpsTree(config);
  const values = files.find((f) => f.path === `${LAYOUT.addonValues}/gitlab/values.yaml`)!.documents[0] as Record<string, any>;
  const externalSecrets = files.filter((f) => f.path === `${LAYOUT.platformCustom}/${PLATFORM_SECRETS_FILE}`).flatMap((f) => f.documents as Obj[]).filter((o) => o.kind === 'ExternalSecret');

  test('values → ExternalSecret → Secrets Manager entry the bootstrap writes', () => {
    const secretName = values.global.runner.registrationToken.secret;
    const es = externalSecrets.find((o) => o.metadata.namespace === addonById('gitlab').namespace && (o.spec.target?.name ?? o.metadata.name) === secretName);
    expect(es).toBeDefined();
    expect(es!.spec.target.creationPolicy).toBe('Owner'); // adopts the Secret the bootstrap seeded (and the chart's shared-secrets job may have made)
    expect(es!.spec.data).toEqual([{ secretKey: 'token', remoteRef: { key: gitlabRunnerSecretName(config), property: 'token' } }]);
    expect(es!.spec.target.template.data).toEqual({ [GITLAB_RUNNER.tokenKey]: '{{ .token }}', [GITLAB_RUNNER.registrationTokenKey]: '' });
    // The runner subchart runs as the manager ServiceAccount the platform renders (and Pod Identity targets).
    expect(values['gitlab-runner'].serviceAccount).toEqual({ create: false, name: GITLAB_RUNNER.managerServiceAccount });
  });

  test('fails when the values name another Secret: no ExternalSecret delivers it', () => {
    const broken = 'gitlab-gitlab-runner-secret';
    expect(externalSecrets.some((o) => o.metadata.namespace === addonById('gitlab').namespace && (o.spec.target?.name ?? o.metadata.name) === broken)).toBe(false);
  });
});
