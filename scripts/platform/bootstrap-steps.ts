import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { ResolvedCluster, ResolvedConfig } from '../../config/resolved-config';
import { CONNECTION_KEYS, isMetadataLabel, LABELS, registrationSecretName, stackId } from '../../contract/gitops-bridge';
import { capabilityName, managedArgoCd } from '../../contract/managed-capabilities';
import { PLATFORM_SECRETS, platformSecretName } from '../../contract/platform-secrets';
import { addonById, ADDONS } from '../../catalog/registry';
import { ClusterConnection, clusterConnection } from '../../gitops/charts/cluster-registration';
import { rootApplicationName } from '../../gitops/charts/root-application';
import { addonApplicationName, ARGOCD_NAMESPACE, clusterSecretName } from '../../contract/names';
import { LAYOUT } from '../../gitops/gitops-layout';
import { keycloakUrl, oidcIssuer, toolUrl } from '../../gitops/sso';
import { inDependencyOrder, Step } from '../lib/plan';
import { describeChanges, stackChanges } from '../lib/stack-diff';
import { aws, show, Tools } from '../lib/tools';
import { DNS_STEP, HUB_CLUSTER_BASE_STEP, reachabilitySteps } from './reachability-steps';
import { issuerProblems } from './sso-issuers';
import type { ClusterAccess } from './cluster-access';
import { plumbingSteps } from './plumbing-steps';
import { GITLAB_STEP, GITOPS_REPO_STEP, hubGitlabSteps, REPO_CREDS_STEP } from './hub-gitlab-steps';
import { argoCdPortalTokenStep } from './argocd-portal-token';
import { portalArgoCdEnabled } from '../../contract/portal-argocd';
import { secretsManagerStore } from './rest-api';
import { waitFor, WaitOptions } from './wait-for';
import { ArgoApp, ready, waveReport } from './wave-report';

/** Typical durations on AWS (minutes), from EKS/CloudFormation and chart install times; used by the modelled plan. */
export const TYPICAL_MINUTES = {
  deployHub: 24,
  deploySpoke: 20,
  kubeconfig: 0.1,
  argocd: 4,
  seed: 0.3,
  rootApp: 0.2,
  waves: 25,
  verifySpokes: 3,
  verifySso: 0.5,
  summary: 0,
} as const;

export interface BootstrapContext {
  readonly config: ResolvedConfig;
  readonly tools: Tools;
  readonly wait: WaitOptions;
  readonly log: (line: string) => void;
  /** Kubeconfig contexts and the check that each points at its cluster (also guards every mutating kubectl/helm call). */
  readonly access: ClusterAccess;
}


const SEED_FILE = join('.state', 'bootstrap', 'seed-registration.json');

/** Whether an add-on's Applications are known to be slow or best-effort (not waited on forever). */
function isBestEffortApp(name: string): boolean {
  return ADDONS.some((a) => a.slow && name.startsWith(`${a.id}-`));
}

/** The bootstrap plan: named idempotent steps with read-only checks, as a dependency graph. */
export function bootstrapSteps(b: BootstrapContext): Step[] {
  const { config, tools } = b;
  const hub = config.hub;
  const steps: Step[] = [];
  /** kubeconfig context of a cluster (contract/operator-access.ts), authenticating as its cluster-admin role. */
  const ctx = (c: ResolvedCluster) => b.access.context(c);
  const stackReady = async (c: ResolvedCluster) => {
    const out = await tools.run(...aws(c.account), 'cloudformation', 'describe-stacks', '--stack-name', stackId(config, c.name), '--region', c.region, '--query', 'Stacks[0].StackStatus', '--output', 'text').catch(() => '');
    return ['CREATE_COMPLETE', 'UPDATE_COMPLETE'].includes(out);
  };

  for (const c of config.clusters) {
    const deploy = ['cdk', 'deploy', stackId(config, c.name), '--require-approval', 'never', '--no-notices'];
    steps.push({
      name: `deploy:${c.name}`,
      description: `deploy the ${c.role} stack ${stackId(config, c.name)} (VPC, EKS Auto Mode, roles, registration)`,
      commands: [show(deploy)],
      target: { account: c.account, region: c.region, cluster: c.clusterName },
      // Spokes reference the hub only by deterministic names: they deploy concurrently with it. With
      // the managed Argo CD, a spoke's access entry names the hub's capability role, which EKS resolves
      // when it creates the entry: that role must exist, so spokes follow the hub stack.
      after: c.role === 'spoke' && managedArgoCd(config) ? [`deploy:${hub.name}`] : [],
      typicalMinutes: c.role === 'hub' ? TYPICAL_MINUTES.deployHub : TYPICAL_MINUTES.deploySpoke,
      // Done only when deployed AND the synthesized template matches it: a changed config is applied
      // (M3). What would change is reported before the deploy.
      check: async () => {
        if (!(await stackReady(c))) return false;
        const changes = await stackChanges(tools, stackId(config, c.name));
        if (!changes) return true;
        b.log(`  ${stackId(config, c.name)} differs from its deployed template; deploying:`);
        for (const line of describeChanges(changes)) b.log(`    ${line}`);
        return false;
      },
      apply: async () => {
        await tools.run(...deploy);
      },
    });
    const kubeconfig = b.access.kubeconfigCommand(c);
    steps.push({
      name: `kubeconfig:${c.name}`,
      description: `kubeconfig context "${ctx(c)}" for ${c.clusterName}, as its cluster-admin role`,
      commands: [show(kubeconfig)],
      target: { account: c.account, region: c.region, cluster: c.clusterName },
      after: [`deploy:${c.name}`],
      typicalMinutes: TYPICAL_MINUTES.kubeconfig,
      // Done only when the context points at this cluster's ARN and endpoint as the cluster-admin role.
      check: async () => (await b.access.contextProblem(c)) === undefined,
      apply: async () => {
        await tools.run(...kubeconfig);
      },
    });
  }

  const hubTarget = { account: hub.account, region: hub.region, cluster: hub.clusterName };
  // Reachability: the hub's cluster-base before Argo CD (nodes for its pods), DNS once the ALB exists.
  // Hub-GitLab mode: GitLab, its host name, the repository and Argo CD's credentials come before the
  // root Application (scripts/platform/hub-gitlab-steps.ts); the git plumbing runs right after GitLab.
  const hubGitlab = config.git.provider === 'hub-gitlab';
  const [hubClusterBase, dns] = reachabilitySteps({ config, tools, wait: b.wait, log: b.log, hubContext: ctx(hub), albAfter: hubGitlab ? GITLAB_STEP : 'root-app' });
  steps.push(hubClusterBase);
  if (!managedArgoCd(config)) {
    const argo = addonById('argo-cd');
    const values = join(config.git.basePath, LAYOUT.addonValues, 'argo-cd', 'values.yaml');
    const install = ['helm', 'upgrade', '--install', argo.id, argo.chart.chart, '--repo', argo.chart.repoURL, '--version', argo.chart.version, '--namespace', argo.namespace, '--create-namespace', '--kube-context', ctx(hub), '--values', values, '--wait', '--timeout', '15m'];
    steps.push({
      name: 'argocd',
      description: `install Argo CD ${argo.chart.version} on the hub (admin disabled, Keycloak OIDC); Argo CD then manages itself`,
      commands: [show(install)],
      target: hubTarget,
      after: ['kubeconfig:hub', HUB_CLUSTER_BASE_STEP],
      typicalMinutes: TYPICAL_MINUTES.argocd,
      check: () => tools.ok('helm', 'status', argo.id, '--namespace', argo.namespace, '--kube-context', ctx(hub)),
      apply: async () => {
        if (!existsSync(values)) throw new Error(`${values} is missing: run \`npx projen\` first`);
        await tools.run(...install);
      },
    });
    // The portal's read-only Argo CD token (its account is in the values just installed).
    if (portalArgoCdEnabled(config)) steps.push(argoCdPortalTokenStep({ config, tools, secrets: secretsManagerStore(tools, hub.account, hub.region), hubContext: ctx(hub), after: ['argocd'] }));
  } else {
    const describe = [...aws(hub.account), 'eks', 'describe-capability', '--cluster-name', hub.clusterName, '--capability-name', capabilityName(config, 'argocd'), '--region', hub.region, '--query', 'capability.status', '--output', 'text'];
    steps.push({
      name: 'argocd',
      description: 'await the EKS managed Argo CD capability',
      commands: [show(describe)],
      target: hubTarget,
      after: ['kubeconfig:hub', HUB_CLUSTER_BASE_STEP],
      typicalMinutes: TYPICAL_MINUTES.argocd,
      check: async () => (await tools.run(...describe).catch(() => '')) === 'ACTIVE',
      apply: () => waitFor(b.wait, 'Argo CD capability ACTIVE', async () => (await tools.run(...describe).catch(() => '')) === 'ACTIVE'),
    });
  }

  // The hub's cluster secret must exist before the first ApplicationSet can target the hub (External
  // Secrets itself is installed that way); its ExternalSecret takes it over once running.
  const seedName = hubSeedSecret(config, {}).metadata.name;
  steps.push({
    name: 'seed-registration',
    description: 'create the hub\'s Argo CD cluster secret from its GitOps Bridge registration (no credentials)',
    commands: [
      show([...aws(hub.account), 'secretsmanager', 'get-secret-value', '--secret-id', registrationSecretName(config, hub), '--region', hub.region, '--query', 'SecretString', '--output', 'text']),
      show(['kubectl', 'apply', '--context', ctx(hub), '-f', SEED_FILE]),
    ],
    target: hubTarget,
    after: ['argocd'],
    typicalMinutes: TYPICAL_MINUTES.seed,
    check: () => tools.ok('kubectl', 'get', 'secret', seedName, '--namespace', ARGOCD_NAMESPACE, '--context', ctx(hub)),
    apply: async () => {
      const registration = JSON.parse(await tools.run(...aws(hub.account), 'secretsmanager', 'get-secret-value', '--secret-id', registrationSecretName(config, hub), '--region', hub.region, '--query', 'SecretString', '--output', 'text')) as Record<string, string>;
      await tools.run('kubectl', 'apply', '--context', ctx(hub), '-f', writeState(SEED_FILE, JSON.stringify(hubSeedSecret(config, registration))));
    },
  });

  const secrets = secretsManagerStore(tools, hub.account, hub.region);
  const plumbing = plumbingSteps({
    config, tools, secrets, hubContext: ctx(hub), wait: b.wait, hooksBestEffort: true,
    after: hubGitlab ? [GITLAB_STEP, DNS_STEP] : ['wait-waves', DNS_STEP],
    // DevLake is an add-on Argo CD installs.
    devlakeAfter: ['wait-waves', DNS_STEP],
  });
  const gitlabSteps = hubGitlab
    ? hubGitlabSteps({
      config, tools, secrets, hubContext: ctx(hub), wait: b.wait, target: hubTarget,
      hubReady: [`kubeconfig:${hub.name}`, HUB_CLUSTER_BASE_STEP], argocd: 'argocd', dns: DNS_STEP,
      project: 'gitlab:project:platform', argocdToken: 'gitlab:token:argocd',
    })
    : [];
  steps.push(...gitlabSteps);
  const beforeRoot = ['seed-registration', ...gitlabSteps.filter((s) => s.name === GITOPS_REPO_STEP || s.name === REPO_CREDS_STEP).map((s) => s.name)];

  const bootstrapFile = join(config.git.basePath, LAYOUT.bootstrap, 'bootstrap.yaml');
  const applyRoot = ['kubectl', 'apply', '--context', ctx(hub), '-f', bootstrapFile];
  steps.push({
    name: 'root-app',
    description: 'apply the root Application (app of apps); everything else follows from git',
    commands: [show(applyRoot)],
    target: hubTarget,
    after: beforeRoot,
    typicalMinutes: TYPICAL_MINUTES.rootApp,
    check: () => tools.ok('kubectl', 'get', 'application', rootApplicationName(config), '--namespace', ARGOCD_NAMESPACE, '--context', ctx(hub)),
    apply: async () => {
      await tools.run(...applyRoot);
    },
  });

  const listApps = ['kubectl', 'get', 'applications.argoproj.io', '--namespace', ARGOCD_NAMESPACE, '--context', ctx(hub), '--output', 'json'];
  steps.push({
    name: 'wait-waves',
    description: 'wait wave by wave for every Argo CD Application to be Healthy and Synced',
    commands: [show(listApps)],
    target: hubTarget,
    // Spoke add-ons need the spokes; spoke kubeconfigs are for people, not on the critical path.
    after: ['root-app', ...config.spokes.map((s) => `deploy:${s.name}`)],
    typicalMinutes: TYPICAL_MINUTES.waves,
    check: async () => {
      const apps = await tools.json<{ items: ArgoApp[] }>(...listApps).catch(() => ({ items: [] as ArgoApp[] }));
      return apps.items.length > 0 && apps.items.every((a) => ready(a) || isBestEffortApp(a.metadata.name));
    },
    apply: async () => {
      let lastReport: string[] = [];
      await waitFor(b.wait, 'Argo CD Applications healthy and synced', async () => {
        const { items } = await tools.json<{ items: ArgoApp[] }>(...listApps);
        // Per wave: how many are ready and which wait on what; only the lines that changed since the last poll.
        const report = waveReport(items);
        for (const line of report.filter((l) => !lastReport.includes(l))) b.log(`  ${line}`);
        lastReport = report;
        const pending = items.filter((a) => !ready(a));
        const blocking = pending.filter((a) => !isBestEffortApp(a.metadata.name));
        if (blocking.length === 0 && pending.length > 0) b.log(`  still converging (best effort, not waited on): ${pending.map((a) => a.metadata.name).join(', ')}`);
        return items.length > 0 && blocking.length === 0;
      });
    },
  });

  const clusterSecrets = ['kubectl', 'get', 'secrets', '--namespace', ARGOCD_NAMESPACE, '--context', ctx(hub), '--selector', 'argocd.argoproj.io/secret-type=cluster', '--output', 'json'];
  steps.push({
    name: 'verify-spokes',
    description: 'verify every spoke is registered with Argo CD and its add-ons are synced',
    commands: [show(clusterSecrets), show(listApps)],
    target: hubTarget,
    after: ['wait-waves'],
    typicalMinutes: TYPICAL_MINUTES.verifySpokes,
    check: async () => false,
    apply: async () => {
      const secrets = await tools.json<{ items: { metadata: { labels?: Record<string, string> } }[] }>(...clusterSecrets);
      const registered = new Set(secrets.items.map((s) => s.metadata.labels?.[LABELS.clusterName]));
      const missing = config.spokes.filter((s) => !registered.has(s.name)).map((s) => s.name);
      if (missing.length) throw new Error(`spokes not registered with Argo CD: ${missing.join(', ')} (check the ExternalSecrets cluster-<name> in ${ARGOCD_NAMESPACE})`);
      const { items } = await tools.json<{ items: ArgoApp[] }>(...listApps);
      for (const s of config.spokes) {
        const apps = items.filter((a) => s.addons.some((id) => a.metadata.name === addonApplicationName(id, s.name)));
        const notReady = apps.filter((a) => !ready(a)).map((a) => a.metadata.name);
        if (apps.length < s.addons.length || notReady.length) throw new Error(`spoke ${s.name}: ${apps.length}/${s.addons.length} add-ons present${notReady.length ? `, not ready: ${notReady.join(', ')}` : ''}`);
        b.log(`  ${s.name}: registered, ${apps.length} add-ons healthy and synced`);
      }
    },
  });

  steps.push(dns);

  const wellKnown = `${oidcIssuer(config)}/.well-known/openid-configuration`;
  steps.push({
    name: 'verify-sso',
    description: 'verify Keycloak serves the platform realm with the issuer every tool is configured with',
    commands: [show(['curl', '--fail', '--silent', '--show-error', '--max-time', '10', wellKnown])],
    target: hubTarget,
    after: ['wait-waves', DNS_STEP],
    typicalMinutes: TYPICAL_MINUTES.verifySso,
    bestEffort: true,
    check: async () => false,
    apply: async () => {
      const problems = await issuerProblems(oidcIssuer(config), config.git.basePath, () => tools.run('curl', '--fail', '--silent', '--show-error', '--max-time', '10', wellKnown));
      if (problems.length > 0) throw new Error(problems.join('; '));
    },
  });

  // Git plumbing once GitLab runs and its host resolves, DORA once DevLake does (docs/application-ci.md).
  steps.push(...plumbing);

  steps.push({
    name: 'summary',
    description: 'print URLs, where the admin credentials are, next steps',
    commands: [],
    target: {},
    after: ['verify-spokes', 'verify-sso', ...plumbing.map((p) => p.name)],
    typicalMinutes: TYPICAL_MINUTES.summary,
    check: async () => false,
    apply: async () => {
      for (const line of summaryLines(config)) b.log(line);
    },
  });
  return inDependencyOrder(steps);
}

/**
 * The hub's Argo CD cluster secret, from its GitOps Bridge registration (labels and annotations, no
 * connection credentials). External Secrets adopts it later: its ExternalSecret has `creationPolicy:
 * Owner`, which takes over a same-named Secret that has no ownerReference
 * (https://external-secrets.io/latest/guides/ownership-deletion-policy/#owner-default).
 */
export function hubSeedSecret(config: ResolvedConfig, registration: Record<string, string>) {
  const labels = Object.fromEntries(Object.entries(registration).filter(([k]) => isMetadataLabel(k)));
  const annotations = Object.fromEntries(Object.entries(registration).filter(([k, v]) => !(k in labels) && !(Object.values(CONNECTION_KEYS) as string[]).includes(k) && typeof v === 'string'));
  return {
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: { name: clusterSecretName(config.hub.name), namespace: ARGOCD_NAMESPACE, labels, annotations },
    stringData: { name: config.hub.name, ...seedConnection(clusterConnection(config, config.hub, (key) => registration[key])) },
  };
}

/** The connection as Secret data: the config object serialized whole by JSON.stringify, values included. */
function seedConnection(c: ClusterConnection<string>): Record<string, string> {
  return c.config ? { server: c.server, config: JSON.stringify(c.config) } : { server: c.server };
}

/** URLs, credential locations (names only, never values) and next steps. */
export function summaryLines(config: ResolvedConfig): string[] {
  const secret = (id: string) => platformSecretName(config, PLATFORM_SECRETS.find((s) => s.id === id)!);
  return [
    '',
    `Platform "${config.name}" is up.`,
    managedArgoCd(config)
      ? `  Argo CD     EKS managed capability ${capabilityName(config, 'argocd')} (sign in with IAM Identity Center; its URL: aws eks describe-capability --cluster-name ${config.hub.clusterName} --capability-name ${capabilityName(config, 'argocd')} --region ${config.hub.region} --query capability.configuration.argoCd.serverUrl)`
      : `  Argo CD     ${toolUrl(config, 'argocd')}  (sign in with Keycloak; group ${config.sso.adminGroup} is admin)`,
    `  Backstage   ${toolUrl(config, 'backstage')}`,
    `  Keycloak    ${keycloakUrl(config)}  (admin: Secrets Manager ${secret('keycloak/admin')} in ${config.hub.account}/${config.hub.region})`,
    `  GitLab      ${toolUrl(config, 'gitlab')}  (root: Secrets Manager ${secret('gitlab/root')})`,
    `  Grafana     ${toolUrl(config, 'grafana')}  (break-glass admin: ${secret('grafana/admin')})`,
    `  Kargo       ${toolUrl(config, 'kargo')}`,
    `  Workflows   ${toolUrl(config, 'argo-workflows')}`,
    `  DevLake     ${toolUrl(config, 'devlake')}  (basic auth: ${secret('devlake/ui')})`,
    'Next steps:',
    `  1. Add people to Keycloak groups (${config.sso.adminGroup}, ${config.teams.map((t) => t.keycloakGroup).join(', ') || 'team groups'}).`,
    '  2. Onboard a service from Backstage: Create → "Onboard a service".',
    '  3. `npx projen status` shows every cluster\'s applications, live.',
  ];
}

/** Writes a file under the git-ignored state folder (for `kubectl apply -f`; it holds no credential). */
function writeState(file: string, content: string): string {
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, content);
  return file;
}
