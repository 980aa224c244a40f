// Stand-in for aws, kubectl, helm, cdk, git and curl in tests of the real scripts. It records every
// call (JSON lines in $FAKE_LOG), keeps the "cloud" in $FAKE_STATE, answers like the real tool for
// the calls the scripts make, and fails a call matching $FAKE_FAIL (a regular expression) to inject
// failures. Mutating calls are flagged so tests can prove --dry-run makes none and re-runs repeat none.
import { execFileSync } from 'node:child_process';
import { appendFileSync, existsSync, mkdirSync, readFileSync, rmdirSync, writeFileSync } from 'node:fs';

const [tool, ...argv] = process.argv.slice(2);
const statePath = process.env.FAKE_STATE;
const sleep = (ms) => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);

// Slow deploys let tests see which deploys overlap in time (before taking the lock, so they can).
const startedAt = Date.now();
if (tool === 'cdk' && argv[0] === 'deploy' && process.env.FAKE_DEPLOY_MS) sleep(Number(process.env.FAKE_DEPLOY_MS));

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
  /^kubectl (apply|delete|patch|create|replace|scale)\b/,
  /^aws (--profile \S+ )?\S+ (create|delete|put|update|tag|untag|change)-/,
  /^aws (--profile \S+ )?eks update-kubeconfig\b/,
  /^git push\b/,
];
const mutating = MUTATING.some((r) => r.test(line));

function finish(code, stdout = '', stderr = '') {
  appendFileSync(process.env.FAKE_LOG, `${JSON.stringify({ tool, args: argv, profile, context, exit: code, mutating, startedAt, endedAt: Date.now() })}\n`);
  save();
  if (stdout) process.stdout.write(stdout.endsWith('\n') ? stdout : `${stdout}\n`);
  if (stderr) process.stderr.write(`${stderr}\n`);
  process.exit(code);
}

if (process.env.FAKE_FAIL && new RegExp(process.env.FAKE_FAIL).test(line)) finish(1, '', `injected failure: ${line}`);


const json = (v) => JSON.stringify(v);
const flag = (f) => args.includes(f);
const val = (f) => { const i = args.indexOf(f); return i >= 0 ? args[i + 1] : undefined; };

/** Waves that become ready per poll of the Applications, so the bootstrap's per-wave progress is exercised. */
const WAVES_PER_POLL = 3;

function simulateArgoCd() {
  // What Argo CD and External Secrets do once the root Application exists: register every cluster
  // and create the Applications our ApplicationSets generate (state.platformApps, computed from the
  // rendered tree). They become Healthy and Synced wave by wave, one step per poll (unless the test
  // gives an Application another final health or sync).
  state.argoPolls = 0;
  state.k8s.applications = applicationsAtPoll(0);
  // EKS Auto Mode creates the hub's ALB for the first tool Ingress, tagged by its IngressClassParams.
  if (state.hubAlb && !(state.albs ?? []).some((a) => a.ResourceARN === state.hubAlb.ResourceARN)) state.albs = [...(state.albs ?? []), state.hubAlb];
  state.k8s.clusterSecrets = state.platformClusters.map((c) => ({ metadata: { name: `cluster-${c}`, labels: { 'argocd.argoproj.io/secret-type': 'cluster', cluster_name: c } } }));
}

function applicationsAtPoll(poll) {
  const waves = [...new Set(state.platformApps.map((a) => a.wave))].sort((x, y) => x - y);
  const done = new Set(waves.slice(0, (poll + 1) * WAVES_PER_POLL));
  return state.platformApps.map((a) => ({
    metadata: { name: a.name, annotations: { 'argocd.argoproj.io/sync-wave': String(a.wave) } },
    spec: { destination: { name: a.cluster } },
    status: done.has(a.wave)
      ? { health: { status: a.health ?? 'Healthy' }, sync: { status: a.sync ?? 'Synced' }, operationState: a.message ? { phase: 'Failed', message: a.message } : undefined }
      : { health: { status: 'Progressing' }, sync: { status: 'OutOfSync' }, operationState: { phase: 'Running', message: `waiting for wave ${waves[waves.indexOf(a.wave) - 1]}` } },
  }));
}

switch (tool) {
  case 'aws': {
    if (flag('--version')) finish(0, 'aws-cli/2.22.35 Python/3.12.6 Linux/6.1 exe/x86_64');
    const [service, op] = args;
    const region = val('--region');
    if (service === 'sts' && op === 'get-caller-identity') finish(0, json(state.identity));
    if (service === 'sts' && op === 'assume-role') {
      const m = /arn:aws:iam::(\d{12}):role\/cdk-hnb659fds-deploy-role-\d{12}-(.+)$/.exec(val('--role-arn'));
      if (m && state.bootstrapped.includes(`${m[1]}/${m[2]}`)) finish(0, `arn:aws:sts::${m[1]}:assumed-role/deploy/platform-preflight`);
      finish(254, '', `An error occurred (AccessDenied) when calling the AssumeRole operation: ${state.identity.Arn} is not authorized to perform: sts:AssumeRole on resource: ${val('--role-arn')}`);
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
      state.contexts.push(val('--alias'));
      finish(0, `Added new context ${val('--alias')} to /root/.kube/config`);
    }
    if (service === 'eks' && op === 'describe-capability') finish(0, 'ACTIVE');
    if (service === 'secretsmanager' && op === 'get-secret-value') {
      const reg = state.registrations[val('--secret-id')];
      if (!reg) finish(254, '', 'An error occurred (ResourceNotFoundException) when calling the GetSecretValue operation: Secrets Manager can\'t find the specified secret.');
      finish(0, json(reg));
    }
    if (service === 'resourcegroupstaggingapi' && op === 'get-resources') {
      const [, key, value] = /^Key=([^,]+),Values=(.+)$/.exec(val('--tag-filters'));
      const found = [...state.tagged, ...(state.albs ?? [])].filter((r) => r.region === region && r.account === (profile ? state.profiles[profile] : state.identity.Account) && r.Tags.some((t) => t.Key === key && t.Value === value));
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
    if (cmd === 'deploy') {
      state.stacks[target] = 'CREATE_COMPLETE';
      const out = val('--outputs-file');
      if (out) {
        execFileSync('mkdir', ['-p', out.replace(/\/[^/]+$/, '')]);
        writeFileSync(out, json({ [target]: { ClusterName: target } }));
      }
      finish(0, `✅  ${target}`);
    }
    if (cmd === 'destroy') {
      delete state.stacks[target];
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
    if (context && !state.contexts.includes(context)) finish(1, '', `error: context "${context}" does not exist`);
    const [verb, kind, name] = args;
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
    if (verb === 'get' && kind === 'application') finish(state.k8s.rootApp && name === state.rootAppName ? 0 : 1, '', state.k8s.rootApp ? '' : `Error from server (NotFound): applications.argoproj.io "${name}" not found`);
    if (verb === 'get' && kind === 'applications.argoproj.io') {
      if (state.k8s.rootApp && state.argoPolls !== undefined) {
        state.k8s.applications = applicationsAtPoll(state.argoPolls);
        state.argoPolls++;
      }
      finish(0, json({ items: state.k8s.applications }));
    }
    if (verb === 'get' && kind === 'secret') finish(state.k8s.secrets.includes(name) ? 0 : 1, '', state.k8s.secrets.includes(name) ? '' : `Error from server (NotFound): secrets "${name}" not found`);
    if (verb === 'get' && kind === 'secrets') finish(0, json({ items: state.k8s.clusterSecrets }));
    if (verb === 'get' && kind === 'namespace') finish(state.helm.length > 0 || state.k8s.rootApp ? 0 : 1);
    if (verb === 'get' && kind === 'nodepools.karpenter.sh') finish(state.scaledDown.includes(context) ? 1 : 0);
    if (verb === 'get' && kind.includes('services.k8s.aws')) finish(0, json({ items: [] }));
    if (verb === 'delete' && kind === 'application') {
      state.k8s.rootApp = false;
      state.albs = []; // the Ingresses are gone, so Auto Mode deletes their ALB
      // Cascade: Argo CD deletes what it deployed, except applications stuck on finalizers.
      state.k8s.applications = state.k8s.applications.filter((a) => state.stuckApps.includes(a.metadata.name));
      finish(0, `application.argoproj.io "${name}" deleted`);
    }
    if (verb === 'patch' && kind === 'application') {
      state.k8s.applications = state.k8s.applications.filter((a) => a.metadata.name !== name);
      finish(0, `application.argoproj.io/${name} patched`);
    }
    if (verb === 'patch' && kind === 'nodepools.karpenter.sh') {
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
      execFileSync('cp', ['-r', src, `${val('--untardir')}/${chart}`]);
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
      state.helm.push(`${args[2]}/${ns}/${context}`);
      finish(0, `Release "${args[2]}" has been upgraded. Happy Helming!`);
    }
    finish(1, '', `fake helm: unsupported call: ${line}`);
    break;
  }
  case 'git': {
    if (args[0] === '--version') finish(0, 'git version 2.39.5');
    if (args[0] === 'ls-remote') {
      if (!state.remoteHead) finish(2, '', '');
      finish(0, `${state.remoteHead}\trefs/heads/main`);
    }
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
    const url = args[args.length - 1];
    finish(0, json({ issuer: url.replace('/.well-known/openid-configuration', '') }));
    break;
  }
  default:
    finish(127, '', `fake-cli: unknown tool ${tool}`);
}
if (!existsSync(statePath)) process.exit(1);
