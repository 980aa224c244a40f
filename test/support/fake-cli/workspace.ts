import { execFileSync, spawnSync, SpawnSyncReturns } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { PlatformConfig } from '../../../config/schema';
import { resolveConfig } from '../../../config/resolve-config';
import type { ResolvedConfig } from '../../../config/resolved-config';
import { clusterMetadata, registrationSecretName, stackId } from '../../../contract/gitops-bridge';
import { clusterAdminRoleArn, eksClusterArn } from '../../../contract/operator-access';
import { addonById } from '../../../catalog/registry';
import { rootApplicationName } from '../../../gitops/charts/root-application';
import { LAYOUT } from '../../../gitops/gitops-layout';
import { renderGitOpsTree, toYaml } from '../../../gitops/render-gitops-tree';
import { PLATFORM_SECRETS, platformSecretName } from '../../../contract/platform-secrets';
import type { FakeGitlabState } from '../fake-gitlab';
import { FakeServicesDump, startFakeServices } from './fake-services';
import { pinnedChartDir } from '../pinned-chart-values';
import { platformApplications } from './platform-applications';

const ROOT = join(__dirname, '..', '..', '..');
const TSX = join(ROOT, 'node_modules', '.bin', 'tsx');
const FAKE = join(__dirname, 'fake-cli.mjs');
export const FAKE_TOOLS = ['aws', 'kubectl', 'helm', 'cdk', 'git', 'curl'];

export interface Call {
  tool: string;
  args: string[];
  profile?: string;
  context?: string;
  exit: number;
  mutating: boolean;
  startedAt: number;
  endedAt: number;
  /** Objects the call read from stdin (`kubectl apply -f -`), as `Kind namespace/name`. */
  stdinObjects?: string[];
}

/**
 * A fork checkout in a temp folder (config, rendered GitOps tree, a git commit) with stand-in CLIs
 * on PATH and a fake cloud whose state the stand-ins keep. Runs the real scripts against it.
 */
export class Workspace {
  readonly dir = mkdtempSync(join(tmpdir(), 'pb-ws-'));
  readonly bin = join(this.dir, '.fake-bin');
  readonly config: ResolvedConfig;
  private readonly statePath = join(this.dir, '.fake-state.json');
  private readonly logPath = join(this.dir, '.fake-calls.jsonl');
  /** The hub's GitLab and DevLake (stand-in HTTP servers, reached through PLATFORM_GITLAB_URL / PLATFORM_DEVLAKE_URL). */
  private readonly services: ReturnType<typeof startFakeServices>;

  constructor(raw: PlatformConfig, opts: { tools?: string[]; bootstrapped?: string[]; gitlab?: Partial<FakeGitlabState> } = {}) {
    this.config = resolveConfig(raw);
    // DevLake's basic auth and the hook secret: what the hub stack generates into Secrets Manager.
    const devlakeUi = { username: 'admin', password: 'devlake-ui-password-for-tests' };
    this.services = startFakeServices({
      gitlab: opts.gitlab,
      devlakeAuthorization: `Basic ${Buffer.from(`${devlakeUi.username}:${devlakeUi.password}`).toString('base64')}`,
      dumpFile: join(this.dir, '.fake-services.json'),
    });
    writeFileSync(join(this.dir, 'platform.config.json'), JSON.stringify(raw, null, 2));
    const files = renderGitOpsTree(this.config);
    for (const f of files) {
      const path = join(this.dir, this.config.git.basePath, f.path);
      mkdirSync(dirname(path), { recursive: true });
      writeFileSync(path, toYaml(f));
    }
    writeFileSync(join(this.dir, '.gitignore'), '.state/\n.fake-*\n');
    const git = (...a: string[]) => execFileSync('git', a, { cwd: this.dir, env: { ...process.env, GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@t', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@t' } });
    git('init', '-q', '-b', 'main');
    git('add', '-A');
    git('commit', '-q', '-m', 'fork');

    mkdirSync(this.bin);
    for (const tool of opts.tools ?? FAKE_TOOLS) {
      const file = join(this.bin, tool);
      writeFileSync(file, `#!/bin/sh\nexec "${process.execPath}" "${FAKE}" ${tool} "$@"\n`);
      chmodSync(file, 0o755);
    }
    const c = this.config;
    const envs = [...new Set(c.clusters.map((x) => `${x.account}/${x.region}`))];
    const hubMeta = clusterMetadata(c, c.hub, {
      vpcId: 'vpc-0abc', oidcIssuer: 'https://oidc.eks.example/id/X', addonRoleArns: {},
      nodeRoleName: 'test-hub-node-role', clusterSecurityGroupId: 'sg-0cluster', certificateArn: `arn:aws:acm:${c.hub.region}:${c.hub.account}:certificate/0000`,
    });
    this.setState({
      // As STS answers for a role session (the role is arn:aws:iam::<hub account>:role/platform-operator).
      identity: { Account: c.hub.account, Arn: `arn:aws:sts::${c.hub.account}:assumed-role/platform-operator/operator` },
      // What each cluster stack creates when deployed (the fake cdk deploy makes it exist).
      stackClusters: Object.fromEntries(c.clusters.map((cl) => [stackId(c, cl.name), {
        name: cl.clusterName, account: cl.account, region: cl.region, arn: eksClusterArn(cl), retained: cl.deletionProtection,
        adminRoleArn: clusterAdminRoleArn(c, cl), adminPrincipals: c.admins.principals, requireMfa: c.admins.requireMfa,
      }])),
      eks: {},
      roles: {},
      kubeconfig: { clusters: {}, contexts: {}, users: {} },
      nodePoolPatches: [],
      bootstrapped: opts.bootstrapped ?? envs,
      stacks: {},
      contexts: [],
      helm: [],
      k8s: { applications: [], applicationSets: [], secrets: [], clusterSecrets: [], rootApp: false, ack: [], deletedApps: [] },
      rootAppName: rootApplicationName(c),
      platformApps: platformApplications(c, files),
      argoPolls: 0,
      platformClusters: c.clusters.map((cl) => cl.name),
      registrations: { [registrationSecretName(c, c.hub)]: { ...hubMeta.labels, ...hubMeta.annotations, server: 'https://ABC.eks.amazonaws.com' } },
      tagged: [],
      deleted: [],
      scaledDown: [],
      stuckApps: [],
      unprotected: [],
      remoteHead: null,
      profiles: {},
      // What EKS Auto Mode creates for the hub's first tool Ingress (see fake-cli simulateArgoCd).
      hubAlb: {
        ResourceARN: `arn:aws:elasticloadbalancing:${c.hub.region}:${c.hub.account}:loadbalancer/app/k8s-${c.resourcePrefix}hub-0a1b2c3d4e/0123456789abcdef`,
        account: c.hub.account,
        region: c.hub.region,
        Tags: [{ Key: 'platform-blueprint:platform', Value: c.name }, { Key: 'platform-blueprint:cluster', Value: c.hub.name }, { Key: 'eks:eks-cluster-name', Value: c.hub.clusterName }],
        DNSName: `k8s-${c.resourcePrefix}hub-0a1b2c3d4e-123456789.${c.hub.region}.elb.amazonaws.com`,
        CanonicalHostedZoneId: 'Z32O12XQLNTSW2',
      },
      albs: [],
      records: {},
      hostedZoneIds: { [`${c.resourcePrefix}-${c.hub.name}`]: 'Z0CREATED0000000000001' },
      // Secrets Manager values by name (SecretString), in the hub account.
      secrets: {
        // Every credential the hub stack generates (contract/platform-secrets.ts), with a stand-in value.
        ...Object.fromEntries(PLATFORM_SECRETS.map((s) => [platformSecretName(c, s), JSON.stringify({ ...s.template, [s.generatedKey]: `${s.id}-generated-for-tests` })])),
        [platformSecretName(c, { id: 'devlake/ui' })]: JSON.stringify(devlakeUi),
        [platformSecretName(c, { id: 'gitlab/webhook-token' })]: JSON.stringify({ token: 'hook-secret-for-tests' }),
      },
      // What the stand-in curl answers for Keycloak is read from these files of the checkout (keycloak-discovery.mjs).
      keycloak: c.hub.addons.includes('keycloak') ? this.keycloakFiles() : undefined,
    });
    writeFileSync(this.logPath, '');
  }

  /** The rendered Keycloak the stand-in curl serves: the pinned chart's defaults, our values, our realm import. */
  private keycloakFiles(): { chartValues: string; values: string; objects: string } {
    const { chart } = addonById('keycloak');
    const tree = join(this.dir, this.config.git.basePath);
    return { chartValues: join(pinnedChartDir(chart.chart, chart.version), 'values.yaml'), values: join(tree, LAYOUT.addonValues, 'keycloak', 'values.yaml'), objects: join(tree, LAYOUT.addonObjects, 'keycloak') };
  }

  state(): Record<string, any> {
    return JSON.parse(readFileSync(this.statePath, 'utf8'));
  }

  setState(s: Record<string, unknown>): void {
    writeFileSync(this.statePath, JSON.stringify(s, null, 2));
  }

  patchState(patch: (s: Record<string, any>) => void): void {
    const s = this.state();
    patch(s);
    this.setState(s);
  }

  /** State and requests of the stand-in GitLab and DevLake. */
  gitlabAndDevlake(): FakeServicesDump {
    return this.services.dump();
  }

  calls(): Call[] {
    return readFileSync(this.logPath, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as Call);
  }

  clearCalls(): void {
    writeFileSync(this.logPath, '');
  }

  removeTool(tool: string): void {
    rmSync(join(this.bin, tool));
  }

  /** The environment our scripts run with here: stand-ins first on PATH, the fake cloud's state and log. */
  env(extra: Record<string, string> = {}): Record<string, string> {
    return {
      PATH: `${this.bin}:${dirname(process.execPath)}:/usr/bin:/bin`,
      HOME: this.dir,
      FAKE_STATE: this.statePath,
      FAKE_LOG: this.logPath,
      FORCE_COLOR: '0',
      PLATFORM_GITLAB_URL: this.services.gitlabUrl,
      PLATFORM_DEVLAKE_URL: this.services.devlakeUrl,
      FAKE_GITLAB_URL: this.services.gitlabUrl,
      ...extra,
    };
  }

  /** Runs one of our scripts (scripts/<name>.ts) in the workspace, like `npx projen <name>` would. */
  run(script: string, args: string[], env: Record<string, string> = {}): SpawnSyncReturns<string> {
    return spawnSync(TSX, [join(ROOT, 'scripts', `${script}.ts`), '--config', 'platform.config.json', ...args], {
      cwd: this.dir,
      encoding: 'utf8',
      env: this.env(env),
    });
  }

  exists(path: string): boolean {
    return existsSync(join(this.dir, path));
  }
}

/** `tool args…` of a call, for matching. */
export const cmd = (c: Call) => `${c.tool} ${c.args.join(' ')}${c.stdinObjects ? ` <<< ${c.stdinObjects.join(', ')}` : ''}`;
