// Stand-in for aws, kubectl, helm, cdk, git and curl in tests of the real scripts. It records every
// call (JSON lines in $FAKE_LOG), keeps the "cloud" in $FAKE_STATE, answers like the real tool for
// the calls the scripts make, and fails a call matching $FAKE_FAIL (a regular expression) to inject
// failures. Mutating calls are flagged so tests can prove --dry-run makes none and re-runs repeat none.
import { execFileSync } from 'node:child_process';
import { appendFileSync, cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmdirSync, writeFileSync } from 'node:fs';
import YAML from 'yaml';
import { keycloakDiscovery } from './keycloak-discovery.mjs';

const [tool, ...argv] = process.argv.slice(2);
const statePath = process.env.FAKE_STATE;
const sleep = (ms) => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);

// Slow deploys let tests see which deploys overlap in time (before taking the lock, so they can).
const startedAt = Date.now();
if (tool === 'cdk' && argv[0] === 'deploy' && process.env.FAKE_DEPLOY_MS) sleep(Number(process.env.FAKE_DEPLOY_MS));
// A barrier instead of a timing window: with FAKE_DEPLOY_BARRIER=N each deploy waits until N deploys
// are running at once. Deploys the caller runs one after another never get there: the first one
// fails after a minute, saying so, however loaded the machine is.
if (tool === 'cdk' && argv[0] === 'deploy' && process.env.FAKE_DEPLOY_BARRIER) {
  const want = Number(process.env.FAKE_DEPLOY_BARRIER);
  const dir = `${statePath}.deploy-barrier`;
  mkdirSync(dir, { recursive: true });
  writeFileSync(`${dir}/${process.pid}`, argv[1] ?? '');
  for (const deadline = Date.now() + 60_000; readdirSync(dir).length < want; sleep(10)) {
    if (Date.now() > deadline) {
      process.stderr.write(`stand-in cdk: only ${readdirSync(dir).length} of ${want} deploys were ever running at once\n`);
      process.exit(1);
    }
  }
}

// Concurrent calls (parallel deploys) must not lose each other's updates: one at a time on the state.
const lock = `${statePath}.lock`;
for (let i = 0; ; i++) {
  try {
    mkdirSync(lock);
    break;
  } catch {
    if (i > 2000) throw new Error('fake-cli: state lock timeout');
    sleep(5);
  }
}
process.on('exit', () => rmdirSync(lock, { recursive: false }));
const state = JSON.parse(readFileSync(statePath, 'utf8'));
const save = () => writeFileSync(statePath, JSON.stringify(state, null, 2));

/** Removes `--flag value` pairs and returns their values. */
function take(args, flag) {
  const i = args.indexOf(flag);
  if (i < 0) return undefined;
  const [, value] = args.splice(i, 2);
  return value;
}
const args = [...argv];
const profile = tool === 'aws' ? take(args, '--profile') : undefined;
const context = tool === 'kubectl' ? take(args, '--context') : tool === 'helm' ? take(args, '--kube-context') : undefined;
const line = `${tool} ${argv.join(' ')}`;

const MUTATING = [
  /^cdk (deploy|destroy|bootstrap)\b/,
  /^helm (upgrade|install|uninstall)\b/,
  /^kubectl (apply|delete|patch|create|replace|scale|exec)\b/,
  /^aws (--profile \S+ )?\S+ (create|delete|put|update|tag|untag|change)-/,
  /^aws (--profile \S+ )?eks update-kubeconfig\b/,
  /^git push\b/,
];
const mutating = MUTATING.some((r) => r.test(line));

/** What a call read from stdin, by kind/namespace/name (never values): set by the handlers that read it. */
let stdinObjects;

function finish(code, stdout = '', stderr = '') {
  appendFileSync(process.env.FAKE_LOG, `${JSON.stringify({ tool, args: argv, profile, context, exit: code, mutating, startedAt, endedAt: Date.now(), ...(stdinObjects ? { stdinObjects } : {}) })}\n`);
  save();
  if (stdout) process.stdout.write(stdout.endsWith('\n') ? stdout : `${stdout}\n`);
  if (stderr) process.stderr.write(`${stderr}\n`);
  process.exit(code);
}

if (process.env.FAKE_FAIL && new RegExp(process.env.FAKE_FAIL).test(line)) finish(1, '', `injected failure: ${line}`);


const json = (v) => JSON.stringify(v);

/**
 * What `git push`/`git ls-remote` to an https remote meets before any git happens: the host must resolve
 * (the stand-in Route 53's records; `*` covers one label, like DNS wildcards), and the platform's GitLab
 * (the stand-in at $FAKE_GITLAB_URL) must accept the credentials git sends — here only an
 * `Authorization` header from git's environment (`GIT_CONFIG_KEY_n=http.<url>.extraHeader`) — for a
 * project that exists. Git's own messages and exit code 128 otherwise.
 */
async function remoteAccess(remote, access) {
  const url = new URL(remote);
  const records = Object.values(state.records ?? {}).flatMap((zone) => Object.values(zone)).map((r) => r.Name.replace(/^\\052/, '*').replace(/\.$/, ''));
  const resolves = records.some((n) => n === url.hostname || (n.startsWith('*.') && url.hostname.endsWith(n.slice(1)) && !url.hostname.slice(0, -n.length + 1).includes('.')));
  if (!resolves) finish(128, '', `fatal: unable to access '${remote}/': Could not resolve host: ${url.hostname}`);
  const count = Number(process.env.GIT_CONFIG_COUNT ?? 0);
  let authorization;
  for (let i = 0; i < count; i++) {
    const key = process.env[`GIT_CONFIG_KEY_${i}`] ?? '';
    if (/^http\.(.+\.)?extraheader$/i.test(key) && (key.length === 'http.extraHeader'.length || remote.startsWith(key.slice(5, -'.extraHeader'.length)))) {
      const m = /^Authorization:\s*(.*)$/i.exec(process.env[`GIT_CONFIG_VALUE_${i}`] ?? '');
      if (m) authorization = m[1];
    }
  }
  const r = await fetch(`${process.env.FAKE_GITLAB_URL}/__git/access`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: json({ path: url.pathname.replace(/^\//, '').replace(/\.git$/, ''), access, authorization }) });
  if (r.status === 401) finish(128, '', `remote: HTTP Basic: Access denied.\nfatal: Authentication failed for '${remote}/'`);
  if (r.status === 404) finish(128, '', `remote: The project you were looking for could not be found or you don't have permission to view it.\nfatal: repository '${remote}/' not found`);
  if (!r.ok) finish(128, '', `fatal: unable to access '${remote}/': The requested URL returned error: ${r.status}`);
  state.gitPushes = [...(state.gitPushes ?? []), ...(access === 'push' ? [{ remote, at: Date.now() }] : [])];
}
const flag = (f) => args.includes(f);
const val = (f) => { const i = args.indexOf(f); return i >= 0 ? args[i + 1] : undefined; };

/**
 * `argocd account generate-token|delete-token --core --account A [--id I] [ID]` run in the argocd-server
 * pod: Argo CD records each token's id and issue time in argocd-secret and refuses an id the account
 * already has (https://argo-cd.readthedocs.io/en/stable/user-guide/commands/argocd_account_generate-token/).
 */
function argocdAccount(cmd) {
  const opt = (f) => (cmd.includes(f) ? cmd[cmd.indexOf(f) + 1] : undefined);
  const account = opt('--account');
  if (!cmd.includes('--core') || !account) finish(1, '', `fake argocd: unsupported: ${cmd.join(' ')}`);
  state.argocdTokens ??= {};
  const list = (state.argocdTokens[account] ??= []);
  if (cmd[2] === 'generate-token') {
    const id = opt('--id');
    if (list.some((t) => t.id === id)) finish(20, '', `account already has token with id '${id}'`);
    const iat = 1_700_000_000 + (state.argocdIssued = (state.argocdIssued ?? 0) + 1);
    list.push({ id, iat });
    const part = (o) => Buffer.from(json(o)).toString('base64url');
    finish(0, `${part({ alg: 'HS256', typ: 'JWT' })}.${part({ iss: 'argocd', sub: `${account}:apiKey`, jti: id, iat, nbf: iat })}.c2lnbmF0dXJl`);
  }
  if (cmd[2] === 'delete-token') {
    const id = cmd[3];
    if (!list.some((t) => t.id === id)) finish(20, '', `token with id '${id}' not found`);
    state.argocdTokens[account] = list.filter((t) => t.id !== id);
    finish(0, '');
  }
  finish(1, '', `fake argocd: unsupported: ${cmd.join(' ')}`);
}

const FINALIZER = 'resources-finalizer.argocd.argoproj.io';
const healthy = (a) => ({ health: { status: a.health ?? 'Healthy' }, sync: { status: a.sync ?? 'Synced' } });

/** IAM ArnLike: `*` matches any run of characters. */
const arnLike = (pattern, arn) => new RegExp(`^${pattern.split('*').map((p) => p.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`).test(arn);
/** The IAM principal ARN (aws:PrincipalArn) of the caller: a role session's role, or the user. */
function callerPrincipal() {
  const id = (profile && state.profileIdentities?.[profile]) || state.identity;
  const m = /^arn:(aws[a-z-]*):sts::(\d{12}):assumed-role\/([^/]+)\//.exec(id.Arn);
  return m ? (state.rolePaths?.[m[3]] ? `arn:${m[1]}:iam::${m[2]}:role${state.rolePaths[m[3]]}${m[3]}` : `arn:${m[1]}:iam::${m[2]}:role/${m[3]}`) : id.Arn;
}
/** Whether the caller may assume a role the stacks created (its trust: ArnLike on aws:PrincipalArn, optional MFA). */
const mayAssume = (roleArn) => {
  const role = state.roles[roleArn];
  return !!role && (!role.requireMfa || state.mfa === true) && role.trust.some((p) => arnLike(p, callerPrincipal()));
};
const notFoundCluster = (name) => finish(254, '', `An error occurred (ResourceNotFoundException) when calling the DescribeCluster operation: No cluster found for name: ${name}.`);
const eksByName = (name, region) => Object.values(state.eks).find((c) => c.name === name && c.region === region);

/**
 * How kubectl and helm reach a cluster through a kubeconfig context, like the real ones: the context
 * must exist, its server must answer (the cluster exists and is reachable), and the exec user's role
 * (`aws eks get-token --role R`) must be assumable and hold an access entry on that cluster.
 */
function connect(ctxName) {
  const ctx = state.kubeconfig.contexts[ctxName];
  if (!ctx) finish(1, '', `error: context "${ctxName}" does not exist`);
  const server = state.kubeconfig.clusters[ctx.cluster]?.server ?? '';
  const cluster = Object.values(state.eks).find((c) => c.arn === ctx.cluster && c.endpoint === server);
  if (!cluster || cluster.reachable === false) finish(1, '', `Unable to connect to the server: dial tcp: lookup ${server.replace('https://', '')}: no such host`);
  const args = state.kubeconfig.users[ctx.user]?.exec?.args ?? [];
  const role = args.includes('--role') ? args[args.indexOf('--role') + 1] : undefined;
  if (!role || !mayAssume(role) || !cluster.accessEntries.includes(role)) finish(1, '', 'error: You must be logged in to the server (Unauthorized)');
  return cluster;
}

/** Argo CD deleting an Application: with its finalizer it first deletes what it deployed (unless stuck); without, it just goes. */
function deleteApp(name) {
  const app = state.k8s.applications.find((a) => a.metadata.name === name);
  if (!app) return;
  const cascade = (app.metadata.finalizers ?? []).includes(FINALIZER);
  if (cascade && state.stuckApps.includes(name)) {
    app.metadata.deletionTimestamp = 'now';
    return;
  }
  state.k8s.applications = state.k8s.applications.filter((a) => a !== app);
  state.k8s.deletedApps.push({ name, cascade });
  if (!cascade) return;
  // What it deployed: child Argo CD objects, AWS resources its objects created, ACK resources.
  for (const r of app.status?.resources ?? []) {
    if (r.kind === 'Application') deleteApp(r.name);
    if (r.kind === 'ApplicationSet') deleteAppSet(r.name);
  }
  state.tagged = state.tagged.filter((t) => t.deletedWith !== name);
  state.k8s.ack = state.k8s.ack.filter((a) => a.owner !== name);
}
function deleteAppSet(name) {
  const set = state.k8s.applicationSets.find((s) => s.metadata.name === name);
  if (!set) return;
  state.k8s.applicationSets = state.k8s.applicationSets.filter((s) => s !== set);
  // Generated Applications are garbage-collected through their ownerReferences (then Argo CD cascades).
  for (const a of state.k8s.applications.filter((x) => x.metadata.ownerSet === name)) deleteApp(a.metadata.name);
}

/** Waves that become ready per poll of the Applications, so the bootstrap's per-wave progress is exercised. */
const WAVES_PER_POLL = 3;

function simulateArgoCd() {
  // What Argo CD and External Secrets do once the root Application exists: register every cluster
  // and create the Applications our ApplicationSets generate (state.platformApps, computed from the
  // rendered tree, with what each bootstrap Application deploys). They become Healthy and Synced wave
  // by wave, one step per poll (unless the test gives an Application another final health or sync).
  state.argoPolls = 0;
  state.k8s.applicationSets = [...new Set(state.platformApps.filter((a) => a.set).map((a) => a.set))].map((name) => ({ metadata: { name } }));
  state.k8s.applications = applicationsAtPoll(0);
  // EKS Auto Mode creates the hub's ALB for the first tool Ingress, tagged by its IngressClassParams.
  if (state.hubAlb && !(state.albs ?? []).some((a) => a.ResourceARN === state.hubAlb.ResourceARN)) state.albs = [...(state.albs ?? []), state.hubAlb];
  state.k8s.clusterSecrets = state.platformClusters.map((c) => ({ metadata: { name: `cluster-${c}`, labels: { 'argocd.argoproj.io/secret-type': 'cluster', cluster_name: c } } }));
}

function applicationsAtPoll(poll) {
  const waves = [...new Set(state.platformApps.map((a) => a.wave))].sort((x, y) => x - y);
  const done = new Set(waves.slice(0, (poll + 1) * WAVES_PER_POLL));
  return state.platformApps.map((a) => ({
    metadata: { name: a.name, finalizers: [FINALIZER], ...(a.set ? { ownerSet: a.set } : {}), annotations: { 'argocd.argoproj.io/sync-wave': String(a.wave) } },
    spec: { destination: { name: a.cluster } },
    status: {
      ...(done.has(a.wave)
        ? { ...healthy(a), operationState: a.message ? { phase: 'Failed', message: a.message } : undefined }
        : { health: { status: 'Progressing' }, sync: { status: 'OutOfSync' }, operationState: { phase: 'Running', message: `waiting for wave ${waves[waves.indexOf(a.wave) - 1]}` } }),
      resources: a.resources ?? [],
    },
  }));
}

/** One poll of Argo CD's progress: statuses advance; what was deleted stays deleted. */
function advanceArgoCd() {
  const next = new Map(applicationsAtPoll(state.argoPolls++).map((a) => [a.metadata.name, a.status]));
  state.k8s.applications = state.k8s.applications.map((a) => (next.has(a.metadata.name) && !a.metadata.deletionTimestamp ? { ...a, status: next.get(a.metadata.name) } : a));
}

switch (tool) {
  case 'aws': {
    if (flag('--version')) finish(0, 'aws-cli/2.22.35 Python/3.12.6 Linux/6.1 exe/x86_64');
    const [service, op] = args;
    const region = val('--region');
    if (service === 'sts' && op === 'get-caller-identity') finish(0, json((profile && state.profileIdentities?.[profile]) || state.identity));
    if (service === 'sts' && op === 'assume-role') {
      const m = /arn:aws:iam::(\d{12}):role\/cdk-hnb659fds-deploy-role-\d{12}-(.+)$/.exec(val('--role-arn'));
      if (m && state.bootstrapped.includes(`${m[1]}/${m[2]}`)) finish(0, `arn:aws:sts::${m[1]}:assumed-role/deploy/platform-preflight`);
      if (!m && mayAssume(val('--role-arn'))) finish(0, `${val('--role-arn').replace(':iam::', ':sts::').replace(':role/', ':assumed-role/')}/${val('--role-session-name')}`);
      finish(254, '', `An error occurred (AccessDenied) when calling the AssumeRole operation: ${state.identity.Arn} is not authorized to perform: sts:AssumeRole on resource: ${val('--role-arn')}`);
    }
    if (service === 'sts' && op === 'assume-role-with-web-identity') {
      // Like STS for an IAM OIDC provider: the token's aud and sub must match the role's trust (StringEquals
      // aud, StringLike sub), https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_providers_oidc.html.
      const tokenArg = val('--web-identity-token') ?? '';
      const token = tokenArg.startsWith('file://') ? readFileSync(tokenArg.slice(7), 'utf8').trim() : tokenArg;
      const claims = JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString() || '{}');
      const role = state.webIdentityRoles?.[val('--role-arn')];
      const like = (p, v) => new RegExp(`^${p.split('*').map((x) => x.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`).test(v);
      if (!role || claims.iss !== role.issuer || claims.aud !== role.aud || !role.subjects.some((p) => like(p, claims.sub))) {
        finish(254, '', 'An error occurred (AccessDenied) when calling the AssumeRoleWithWebIdentity operation: Not authorized to perform sts:AssumeRoleWithWebIdentity');
      }
      state.webIdentitySessions ??= {};
      const key = `ASIA${String(Object.keys(state.webIdentitySessions).length).padStart(16, '0')}`;
      state.webIdentitySessions[key] = val('--role-arn');
      finish(0, json({ Credentials: { AccessKeyId: key, SecretAccessKey: 'fake-secret-key-value', SessionToken: 'fake-session-token-value', Expiration: '2030-01-01T00:00:00Z' }, AssumedRoleUser: { Arn: `${val('--role-arn').replace(':iam::', ':sts::').replace(':role/', ':assumed-role/')}/${val('--role-session-name')}` } }));
    }
    if (service === 'cloudformation' && op === 'describe-stacks') {
      const name = val('--stack-name');
      if (!state.stacks[name]) finish(254, '', `An error occurred (ValidationError) when calling the DescribeStacks operation: Stack with id ${name} does not exist`);
      if (val('--query')?.includes("OutputKey=='HostedZoneId'")) finish(0, state.hostedZoneIds?.[name] ?? 'None');
      if (val('--query') === 'Stacks[0].EnableTerminationProtection') finish(0, state.unprotected.includes(name) ? 'False' : 'True');
      if (val('--output') === 'text') finish(0, state.stacks[name]);
      finish(0, json({ Stacks: [{ StackName: name, StackStatus: state.stacks[name] }] }));
    }
    if (service === 'cloudformation' && op === 'update-termination-protection') {
      state.unprotected.push(val('--stack-name'));
      finish(0, json({ StackId: val('--stack-name') }));
    }
    if (service === 'eks' && op === 'update-kubeconfig') {
      // Like the AWS CLI: cluster entry named by the ARN, user and context by --user-alias/--alias (else the
      // ARN), the user's exec runs `aws eks get-token` with `--role <role-arn>` when given.
      const c = eksByName(val('--name'), region);
      if (!c) notFoundCluster(val('--name'));
      const contextName = val('--alias') ?? c.arn;
      const userName = val('--user-alias') ?? c.arn;
      const existed = contextName in state.kubeconfig.contexts;
      state.kubeconfig.clusters[c.arn] = { server: c.endpoint, 'certificate-authority-data': 'LS0t' };
      const execArgs = ['--region', region, 'eks', 'get-token', '--cluster-name', c.name, '--output', 'json', ...(val('--role-arn') ? ['--role', val('--role-arn')] : [])];
      state.kubeconfig.users[userName] = { exec: { apiVersion: 'client.authentication.k8s.io/v1beta1', command: 'aws', args: execArgs } };
      state.kubeconfig.contexts[contextName] = { cluster: c.arn, user: userName };
      if (!state.contexts.includes(contextName)) state.contexts.push(contextName);
      finish(0, `${existed ? 'Updated' : 'Added new'} context ${contextName} to /root/.kube/config`);
    }
    if (service === 'eks' && op === 'describe-cluster') {
      const c = eksByName(val('--name'), region);
      if (!c) notFoundCluster(val('--name'));
      finish(0, json({ cluster: { name: c.name, arn: c.arn, endpoint: c.endpoint, status: c.status, computeConfig: c.computeConfig } }));
    }
    if (service === 'eks' && op === 'update-cluster-config') {
      const c = eksByName(val('--name'), region);
      if (!c) notFoundCluster(val('--name'));
      const compute = val('--compute-config');
      if (compute) {
        // EKS Auto Mode capabilities are switched together (compute, block storage, load balancing).
        const lb = JSON.parse(val('--kubernetes-network-config') ?? '{}').elasticLoadBalancing?.enabled;
        const storage = JSON.parse(val('--storage-config') ?? '{}').blockStorage?.enabled;
        const enabled = /enabled=true/.test(compute);
        if (lb !== enabled || storage !== enabled) finish(254, '', 'An error occurred (InvalidParameterException) when calling the UpdateClusterConfig operation: For EKS Auto Mode, compute, block storage and load balancing capabilities must be enabled or disabled together.');
        c.computeConfig = { ...c.computeConfig, enabled };
        if (!enabled) c.instances = [];
      }
      state.updates = (state.updates ?? 0) + 1;
      const id = `00000000-0000-4000-8000-${String(state.updates).padStart(12, '0')}`;
      finish(0, json({ update: { id, status: 'InProgress', type: 'AutoModeUpdate' } }));
    }
    if (service === 'eks' && op === 'describe-update') finish(0, json({ update: { id: val('--update-id'), status: 'Successful', errors: [] } }));
    if (service === 'ec2' && op === 'describe-instances') {
      const [, name] = /^Name=tag:eks:eks-cluster-name,Values=(.+)$/.exec(args.find((a) => a.startsWith('Name=tag:eks:eks-cluster-name')));
      // The real CLI applies --query Reservations[].Instances[].InstanceId client-side; this answers that shape.
      finish(0, json(eksByName(name, region)?.instances ?? []));
    }
    if (service === 'eks' && op === 'describe-capability') finish(0, 'ACTIVE');
    // Secrets Manager values (state.secrets, name → SecretString); a value arrives as file:// only, like
    // the scripts pass it (never argv).
    const secretFile = () => {
      const v = val('--secret-string');
      if (!v?.startsWith('file://')) finish(1, '', 'fake aws: secret values must be passed as --secret-string file://');
      return readFileSync(v.slice('file://'.length), 'utf8');
    };
    const noSecret = (id) => finish(254, '', `An error occurred (ResourceNotFoundException) when calling the ${op} operation: Secrets Manager can't find the specified secret: ${id}`);
    if (service === 'secretsmanager' && op === 'describe-secret') {
      const id = val('--secret-id');
      if (state.secrets?.[id] === undefined && !state.registrations[id]) noSecret(id);
      finish(0, json({ Name: id }));
    }
    if (service === 'secretsmanager' && op === 'create-secret') {
      const id = val('--name');
      if (state.secrets?.[id] !== undefined) finish(254, '', `An error occurred (ResourceExistsException) when calling the CreateSecret operation: the secret ${id} already exists.`);
      state.secrets = { ...state.secrets, [id]: secretFile() };
      finish(0, json({ Name: id }));
    }
    if (service === 'secretsmanager' && op === 'put-secret-value') {
      const id = val('--secret-id');
      if (state.secrets?.[id] === undefined) noSecret(id);
      state.secrets[id] = secretFile();
      finish(0, json({ Name: id }));
    }
    // ListSecrets' name filter matches by prefix (https://docs.aws.amazon.com/secretsmanager/latest/apireference/API_Filter.html).
    if (service === 'secretsmanager' && op === 'list-secrets') {
      const m = /^Key=name,Values=(.+)$/.exec(val('--filters') ?? '');
      const prefixes = m ? m[1].split(',') : [''];
      finish(0, json({ SecretList: Object.keys(state.secrets ?? {}).filter((n) => prefixes.some((p) => n.toLowerCase().startsWith(p.toLowerCase()))).map((Name) => ({ Name })) }));
    }
    if (service === 'secretsmanager' && op === 'delete-secret') {
      const id = val('--secret-id');
      if (state.secrets?.[id] === undefined) noSecret(id);
      delete state.secrets[id];
      state.deletedSecrets = [...(state.deletedSecrets ?? []), { id, recoveryWindowInDays: flag('--force-delete-without-recovery') ? 0 : Number(val('--recovery-window-in-days') ?? 30) }];
      finish(0, json({ Name: id }));
    }
    if (service === 'secretsmanager' && op === 'get-secret-value' && state.secrets?.[val('--secret-id')] !== undefined) finish(0, state.secrets[val('--secret-id')]);
    if (service === 'secretsmanager' && op === 'get-secret-value') {
      const reg = state.registrations[val('--secret-id')];
      if (!reg) finish(254, '', 'An error occurred (ResourceNotFoundException) when calling the GetSecretValue operation: Secrets Manager can\'t find the specified secret.');
      finish(0, json(reg));
    }
    if (service === 'resourcegroupstaggingapi' && op === 'get-resources') {
      const [, key, value] = /^Key=([^,]+),Values=(.+)$/.exec(val('--tag-filters'));
      const types = val('--resource-type-filters');
      const found = [...state.tagged, ...(state.albs ?? [])].filter((r) => r.region === region && r.account === (profile ? state.profiles[profile] : state.identity.Account) && r.Tags.some((t) => t.Key === key && t.Value === value) && (!types || r.ResourceARN.split(':')[2] + ':' + r.ResourceARN.split(':')[5].split('/')[0] === types));
      finish(0, json({ ResourceTagMappingList: found.map(({ ResourceARN, Tags }) => ({ ResourceARN, Tags })) }));
    }
    if (service === 'elbv2' && op === 'describe-load-balancers') {
      const arn = val('--load-balancer-arns');
      const alb = (state.albs ?? []).find((a) => a.ResourceARN === arn);
      if (!alb) finish(254, '', `An error occurred (LoadBalancerNotFound) when calling the DescribeLoadBalancers operation: ${arn}`);
      finish(0, json({ LoadBalancers: [{ LoadBalancerArn: arn, Type: 'application', DNSName: alb.DNSName, CanonicalHostedZoneId: alb.CanonicalHostedZoneId }] }));
    }
    if (service === 'route53' && op === 'list-resource-record-sets') {
      // Like Route 53: records in order from --start-record-name, "*" shown as \052.
      const zone = val('--hosted-zone-id');
      const wanted = val('--start-record-name').replace(/^\*/, '\\052').replace(/\.?$/, '.');
      const records = Object.values(state.records?.[zone] ?? {}).filter((r) => r.Name >= wanted);
      finish(0, json({ ResourceRecordSets: records.slice(0, Number(val('--max-items') ?? 100)) }));
    }
    if (service === 'route53' && op === 'change-resource-record-sets') {
      const zone = val('--hosted-zone-id');
      state.records ??= {};
      state.records[zone] ??= {};
      for (const c of JSON.parse(val('--change-batch')).Changes) {
        const name = c.ResourceRecordSet.Name.replace(/^\*/, '\\052').replace(/\.?$/, '.');
        if (c.Action === 'UPSERT') state.records[zone][`${name} ${c.ResourceRecordSet.Type}`] = { ...c.ResourceRecordSet, Name: name };
      }
      finish(0, json({ ChangeInfo: { Id: '/change/C0FAKE', Status: 'PENDING' } }));
    }
    if (service === 'ec2' && op === 'describe-network-interfaces') finish(0, json([]));
    if (op && /^delete-/.test(op)) {
      const id = args[args.length - 1];
      const before = state.tagged.length;
      state.tagged = state.tagged.filter((r) => !r.ResourceARN.includes(id.replace(/:\*$/, '')));
      state.deleted.push(id);
      finish(before === state.tagged.length ? 254 : 0, before === state.tagged.length ? '' : '{}', before === state.tagged.length ? `An error occurred (NotFound): ${id}` : '');
    }
    finish(252, '', `fake aws: unsupported call: ${line}`);
    break;
  }
  case 'cdk': {
    if (flag('--version')) finish(0, '2.1129.0 (build 5e8a8b2)');
    const [cmd, target] = args;
    // Which pipeline role's credentials (from assume-role-with-web-identity, in the environment) a cdk call ran with.
    state.cdkCalls = [...(state.cdkCalls ?? []), { cmd, as: state.webIdentitySessions?.[process.env.AWS_ACCESS_KEY_ID] ?? null }];
    // `--app=<dir>` reads a synthesized cloud assembly, like the CLI: it must exist (the job's synth made it).
    const app = args.find((a) => a.startsWith('--app='))?.slice(6);
    if (app && !existsSync(`${app}/manifest.json`)) finish(1, '', `--app points to a cloud assembly that does not exist: ${app}`);
    if (cmd === 'diff' && (app || state.stackDiffs)) {
      // The pipeline's diff of a synthesized assembly (scripts/ci): each stack's diff text from the test.
      // Like the CLI: one section per stack on stderr, "There were no differences" when unchanged.
      const stacks = args.slice(1).filter((a) => !a.startsWith('-'));
      const changed = stacks.filter((x) => state.stackDiffs?.[x]);
      finish(0, '', `${stacks.map((x) => `Stack ${x}\n${state.stackDiffs?.[x] ?? 'There were no differences'}\n`).join('\n')}\n✨  Number of stacks with differences: ${changed.length}`);
    }
    if (cmd === 'diff') {
      // Like `cdk diff <stack> --fail`: the synthesized template (state.synthTemplates, set by a test;
      // absent = unchanged) against the deployed one, resources as `[+|~|-] <type> <path> <logical id>`,
      // then the CLI's count line; exit 1 with --fail when they differ.
      const deployed = state.stacks[target] ? (state.deployedTemplates?.[target] ?? {}) : {};
      const synth = state.synthTemplates?.[target] ?? deployed;
      const lines = [];
      for (const [id, r] of Object.entries(synth)) {
        if (!(id in deployed)) lines.push(`[+] ${r.Type} ${id}/Resource ${id} `);
        else if (json(deployed[id]) !== json(r)) lines.push(`[~] ${r.Type} ${id}/Resource ${id} `);
      }
      for (const [id, r] of Object.entries(deployed)) if (!(id in synth)) lines.push(`[-] ${r.Type} ${id}/Resource ${id} orphan`);
      const n = lines.length ? 1 : 0;
      const out = `Stack ${target}\n${lines.length ? `Resources\n${lines.join('\n')}` : 'There were no differences'}\n\n✨  Number of stacks with differences: ${n}`;
      finish(n && flag('--fail') ? 1 : 0, '', out);
    }
    if (cmd === 'deploy') {
      state.stacks[target] = state.stacks[target] ? 'UPDATE_COMPLETE' : 'CREATE_COMPLETE';
      state.deployedTemplates = { ...state.deployedTemplates, [target]: state.synthTemplates?.[target] ?? state.deployedTemplates?.[target] ?? {} };
      // What the cluster stack creates: the EKS cluster and its cluster-admin role (trust + access entry).
      const sc = state.stackClusters[target];
      if (sc && !Object.values(state.eks).some((c) => c.arn === sc.arn)) {
        state.eks[sc.arn] = { name: sc.name, arn: sc.arn, region: sc.region, account: sc.account, endpoint: `https://${Buffer.from(sc.arn).toString('hex').slice(-32).toUpperCase()}.gr7.${sc.region}.eks.amazonaws.com`, status: 'ACTIVE', computeConfig: { enabled: true, nodePools: ['system', 'general-purpose'] }, accessEntries: [sc.adminRoleArn], instances: [`i-0${sc.name.replace(/[^a-z0-9]/g, '')}1`] };
        state.roles[sc.adminRoleArn] = { trust: sc.adminPrincipals, requireMfa: sc.requireMfa };
      }
      finish(0, `✅  ${target}`);
    }
    if (cmd === 'destroy') {
      delete state.stacks[target];
      const sc = state.stackClusters[target];
      if (sc && !sc.retained) delete state.eks[sc.arn];
      if (sc) delete state.roles[sc.adminRoleArn];
      finish(0, `✅  ${target}: destroyed`);
    }
    if (cmd === 'bootstrap') {
      const [, account, region] = /^aws:\/\/(\d+)\/(.+)$/.exec(target);
      state.bootstrapped.push(`${account}/${region}`);
      finish(0, `✅  Environment aws://${account}/${region} bootstrapped.`);
    }
    finish(1, '', `fake cdk: unsupported call: ${line}`);
    break;
  }
  case 'kubectl': {
    if (args[0] === 'version') finish(0, 'Client Version: v1.33.9\nKustomize Version: v5.6.0');
    if (args[0] === 'config' && args[1] === 'get-contexts') finish(state.contexts.includes(args[2]) ? 0 : 1, '', state.contexts.includes(args[2]) ? '' : `error: context ${args[2]} not found`);
    if (args[0] === 'config' && args[1] === 'view') {
      // --minify keeps only the context's own cluster and user entries (certificate data redacted, as without --raw).
      const ctx = state.kubeconfig.contexts[context];
      if (!ctx) finish(1, '', `error: context "${context}" does not exist`);
      const cl = state.kubeconfig.clusters[ctx.cluster];
      finish(0, json({
        kind: 'Config', apiVersion: 'v1', 'current-context': context, preferences: {},
        clusters: cl ? [{ name: ctx.cluster, cluster: { server: cl.server, 'certificate-authority-data': 'DATA+OMITTED' } }] : [],
        contexts: [{ name: context, context: ctx }],
        users: state.kubeconfig.users[ctx.user] ? [{ name: ctx.user, user: state.kubeconfig.users[ctx.user] }] : [],
      }));
    }
    if (context) connect(context);
    const [verb, kind, name] = args;
    if (verb === 'apply' && val('-f') === '-') {
      // Objects on stdin (a v1 List): Secrets are recorded by name with their keys, never their values.
      const input = JSON.parse(readFileSync(0, 'utf8'));
      stdinObjects = (input.kind === 'List' ? input.items : [input]).map((o) => `${o.kind} ${o.metadata.namespace ? `${o.metadata.namespace}/` : ''}${o.metadata.name}`);
      for (const o of input.kind === 'List' ? input.items : [input]) {
        if (o.kind !== 'Secret') continue;
        if (!state.k8s.secrets.includes(o.metadata.name)) state.k8s.secrets.push(o.metadata.name);
        state.k8s.secretKeys = { ...state.k8s.secretKeys, [`${o.metadata.namespace}/${o.metadata.name}`]: Object.keys(o.stringData ?? o.data ?? {}).sort() };
      }
      finish(0, 'configured');
    }
    if (verb === 'apply') {
      const doc = readFileSync(val('-f'), 'utf8');
      if (doc.includes('kind: Application')) {
        state.k8s.rootApp = true;
        simulateArgoCd();
      } else if (doc.includes('"kind":"Secret"')) {
        state.k8s.secrets.push(JSON.parse(doc).metadata.name);
      }
      finish(0, 'configured');
    }
    if (verb === 'auth' && kind === 'can-i') finish(0, 'yes');
    // GitLab's toolbox (the root token): `kubectl wait` for it, then `kubectl exec --stdin … -- gitlab-rails
    // runner CODE`, which the stand-in GitLab ($FAKE_GITLAB_URL) answers; stdin is passed through.
    // GitLab's Deployments become Available only when the Secrets its values name exist (a pod whose
    // Secret is missing stays in CreateContainerConfigError; kubectl wait then times out).
    if (verb === 'wait' && args.some((a) => a.startsWith('deployment/gitlab-'))) {
      const missing = (state.gitlabInstallSecrets ?? []).filter((n) => !state.k8s.secrets.includes(n));
      if (!state.helm.some((h) => h.startsWith('gitlab/'))) finish(1, '', 'Error from server (NotFound): deployments.apps "gitlab-webservice-default" not found');
      if (missing.length) finish(1, '', `error: timed out waiting for the condition on deployments/gitlab-webservice-default (secrets not found: ${missing.join(', ')})`);
    }
    if (verb === 'wait') finish(0, `${args.find((a) => a.startsWith('deployment/'))} condition met`);
    if (verb === 'exec' && args[args.indexOf('--') + 1] === 'argocd') argocdAccount(args.slice(args.indexOf('--') + 1));
    // argocd-secret's record of a local account's tokens (ids and times only, base64 JSON like the real Secret).
    if (verb === 'get' && kind === 'secret' && name === 'argocd-secret') {
      const m = /^jsonpath=\{\.data\.accounts\\\.(.+)\\\.tokens\}$/.exec(val('--output'));
      if (!m) finish(1, '', `fake kubectl: unsupported argocd-secret read: ${line}`);
      const list = state.argocdTokens?.[m[1]] ?? [];
      finish(0, list.length ? Buffer.from(json(list)).toString('base64') : '');
    }
    if (verb === 'exec') {
      const cmdline = args.slice(args.indexOf('--') + 1);
      if (cmdline[0] !== 'gitlab-rails' || cmdline[1] !== 'runner' || !flag('--stdin')) finish(1, '', `fake kubectl: unsupported exec: ${line}`);
      const r = await fetch(`${process.env.FAKE_GITLAB_URL}/__toolbox/rails-runner`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: json({ code: cmdline[2], stdin: readFileSync(0, 'utf8') }) });
      const body = await r.json();
      finish(r.ok ? 0 : 1, r.ok ? body.stdout : '', r.ok ? '' : `command terminated with exit code 1: ${body.message}`);
    }
    if (verb === 'get' && kind === 'application') {
      const found = state.k8s.applications.some((a) => a.metadata.name === name);
      finish(found ? 0 : 1, '', found ? '' : `Error from server (NotFound): applications.argoproj.io "${name}" not found`);
    }
    if (verb === 'get' && kind === 'applications.argoproj.io') {
      if (state.k8s.rootApp && state.argoPolls !== undefined) advanceArgoCd();
      // Argo CD reaching a new revision of the platform repository after some polls (scripts/ci/deploy-changed.ts).
      if (state.syncTo && ++state.syncTo.polls >= state.syncTo.afterPolls) {
        for (const a of state.k8s.applications) if (a.spec.source) a.status = { ...a.status, sync: { status: 'Synced', revision: state.syncTo.revision } };
      }
      finish(0, json({ items: state.k8s.applications }));
    }
    if (verb === 'get' && kind === 'applicationsets.argoproj.io') finish(0, json({ items: state.k8s.applicationSets }));
    if (verb === 'get' && kind === 'secret') finish(state.k8s.secrets.includes(name) ? 0 : 1, '', state.k8s.secrets.includes(name) ? '' : `Error from server (NotFound): secrets "${name}" not found`);
    if (verb === 'get' && kind === 'secrets') finish(0, json({ items: state.k8s.clusterSecrets }));
    if (verb === 'get' && kind === 'namespace') finish(state.helm.length > 0 || state.k8s.rootApp ? 0 : 1);
    if (verb === 'get' && kind === 'nodepools.karpenter.sh') finish(state.scaledDown.includes(context) ? 1 : 0);
    if (verb === 'get' && kind.includes('services.k8s.aws')) finish(0, json({ items: state.k8s.ack.map(({ kind: k, metadata }) => ({ kind: k, metadata })) }));
    if (verb === 'delete' && (kind === 'application' || kind === 'applications.argoproj.io')) {
      const exists = state.k8s.applications.some((a) => a.metadata.name === name);
      deleteApp(name);
      state.k8s.rootApp = state.k8s.applications.some((a) => a.metadata.name === state.rootAppName);
      if (!exists && !flag('--ignore-not-found')) finish(1, '', `Error from server (NotFound): applications.argoproj.io "${name}" not found`);
      finish(0, exists ? `application.argoproj.io "${name}" deleted` : '');
    }
    if (verb === 'delete' && kind === 'applicationsets.argoproj.io') {
      deleteAppSet(name);
      finish(0, `applicationset.argoproj.io "${name}" deleted`);
    }
    if (verb === 'patch' && (kind === 'application' || kind === 'applications.argoproj.io')) {
      const app = state.k8s.applications.find((a) => a.metadata.name === name);
      if (!app) finish(1, '', `Error from server (NotFound): applications.argoproj.io "${name}" not found`);
      if (JSON.parse(val('--patch')).metadata?.finalizers === null) {
        app.metadata.finalizers = [];
        // A deletion that waited on the finalizer completes now (without cascade).
        if (app.metadata.deletionTimestamp) state.k8s.applications = state.k8s.applications.filter((a) => a !== app);
      }
      finish(0, `application.argoproj.io/${name} patched`);
    }
    if (verb === 'patch' && kind === 'nodepools.karpenter.sh') {
      state.nodePoolPatches.push(`${context}/${name}`);
      state.scaledDown.push(context);
      finish(0, `nodepool.karpenter.sh/${name} patched`);
    }
    if (verb === 'delete') finish(0, '');
    finish(1, '', `fake kubectl: unsupported call: ${line}`);
    break;
  }
  case 'helm': {
    if (args[0] === 'version') finish(0, 'v3.16.4+g7877b45');
    const ns = val('--namespace');
    if (context) connect(context);
    if (args[0] === 'uninstall') {
      const key = `${args[1]}/${ns}/${context}`;
      if (!state.helm.includes(key)) finish(1, '', `Error: uninstall: Release not loaded: ${args[1]}: release: not found`);
      state.helm = state.helm.filter((h) => h !== key);
      state.tagged = state.tagged.filter((t) => t.deletedWith !== `helm:${args[1]}`);
      // Argo CD's is the last tool Ingress on the hub (the others went with their Applications): Auto Mode deletes the ALB.
      if (args[1] === 'argo-cd') state.albs = [];
      finish(0, `release "${args[1]}" uninstalled`);
    }
    if (args[0] === 'status') finish(state.helm.includes(`${args[1]}/${ns}/${context}`) ? 0 : 1, '', `Error: release: not found`);
    if (args[0] === 'pull') {
      // Like `helm pull REF --version V --untar --untardir DIR`: the "repository" is $FAKE_CHART_REPO,
      // one chart folder per <repo URL without scheme>/<chart>/<version>.
      const ref = args[1];
      const repo = ref.startsWith('oci://') ? ref.slice('oci://'.length).replace(/\/[^/]+$/, '') : val('--repo').replace(/^https?:\/\//, '');
      const chart = ref.replace(/^.*\//, '');
      const src = `${process.env.FAKE_CHART_REPO}/${repo}/${chart}/${val('--version')}`;
      if (!existsSync(src)) finish(1, '', ref.startsWith('oci://') ? `Error: ${ref}:${val('--version')}: not found` : `Error: chart "${chart}" version "${val('--version')}" not found in https://${repo} repository`);
      if (!flag('--untar')) finish(1, '', 'fake helm: only --untar pulls are modelled');
      cpSync(src, `${val('--untardir')}/${chart}`, { recursive: true });
      finish(0, ref.startsWith('oci://') ? `Pulled: ${ref.slice(6)}:${val('--version')}` : '');
    }
    // Rendering a local chart is offline and read-only: the real helm answers ($FAKE_REAL_HELM).
    if (args[0] === 'template') {
      try {
        finish(0, execFileSync(process.env.FAKE_REAL_HELM, args, { encoding: 'utf8' }));
      } catch (err) {
        finish(err.status ?? 1, '', String(err.stderr ?? ''));
      }
    }
    if (args[0] === 'upgrade') {
      if (!state.helm.includes(`${args[2]}/${ns}/${context}`)) state.helm.push(`${args[2]}/${ns}/${context}`);
      // GitLab's Ingresses use the shared ALB IngressClass: EKS Auto Mode creates the hub's ALB for them.
      if (args[2] === 'gitlab' && state.hubAlb && !(state.albs ?? []).some((a) => a.ResourceARN === state.hubAlb.ResourceARN)) state.albs = [...(state.albs ?? []), state.hubAlb];
      // The Secrets GitLab's pods mount, as its chart reads them from our values file
      // (https://docs.gitlab.com/charts/installation/secrets/#initial-root-password, …/charts/globals/#omniauth).
      if (args[2] === 'gitlab') {
        const global = YAML.parse(readFileSync(val('--values'), 'utf8')).global ?? {};
        state.gitlabInstallSecrets = [global.initialRootPassword?.secret, ...(global.appConfig?.omniauth?.providers ?? []).map((p) => p.secret)].filter(Boolean);
      }
      finish(0, `Release "${args[2]}" has been upgraded. Happy Helming!`);
    }
    finish(1, '', `fake helm: unsupported call: ${line}`);
    break;
  }
  case 'git': {
    if (args[0] === '--version') finish(0, 'git version 2.39.5');
    if (args[0] === 'ls-remote') await remoteAccess(args[1], 'read');
    if (args[0] === 'ls-remote') {
      // Without --exit-code, an empty repository lists nothing and exits 0.
      if (!state.remoteHead) finish(0, '');
      finish(0, `${state.remoteHead}\trefs/heads/main`);
    }
    if (args[0] === 'push') await remoteAccess(args[1], 'push');
    if (args[0] === 'push') {
      state.remoteHead = execFileSync('/usr/bin/git', ['rev-parse', 'HEAD'], { encoding: 'utf8' }).trim();
      finish(0, '');
    }
    // Anything else is local and read-only here: the real git answers.
    try {
      finish(0, execFileSync('/usr/bin/git', args, { encoding: 'utf8' }).trim());
    } catch (err) {
      finish(err.status ?? 1, '', String(err.stderr ?? ''));
    }
    break;
  }
  case 'curl': {
    // Only Keycloak's discovery is fetched; what it answers comes from our rendered Keycloak values.
    const answer = keycloakDiscovery(args[args.length - 1], state.keycloak);
    finish(answer.exit, answer.stdout, answer.stderr);
    break;
  }
  default:
    finish(127, '', `fake-cli: unknown tool ${tool}`);
}
if (!existsSync(statePath)) process.exit(1);
