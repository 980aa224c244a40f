import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, IncomingMessage, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { PIPELINE_AUDIENCE, pipelineOidc, pipelineRoleArn } from '../../../contract/platform-pipeline';
import { portalSourceTag } from '../../../gitops/portal-image';
import { Workspace } from '../../support/fake-cli/workspace';
import { rawTestConfig, TEST_OPERATOR_ARN } from '../../support/test-config';

/**
 * The pipeline's job scripts (scripts/ci/*.ts) run for real against stand-in aws/cdk/kubectl
 * (test/support/fake-cli) and a local HTTP server standing in for GitLab's notes API
 * (POST /projects/:id/merge_requests/:iid/notes with a PRIVATE-TOKEN header, https://docs.gitlab.com/api/notes/#create-new-merge-request-note).
 * STS is modelled as for an IAM OIDC provider: the ID token's aud and sub must match the role's trust.
 */
const ROOT = join(__dirname, '..', '..', '..');
const TSX = join(ROOT, 'node_modules', '.bin', 'tsx');
const DEPLOY_ROLE = 'arn:aws:iam::111111111111:role/test-pipeline-deploy';
const NOTE_TOKEN = 'glpat-notetokenvalue0000000000';
const SHA = 'c0ffee00c0ffee00c0ffee00c0ffee00c0ffee00';

/** An unsigned JWT with GitLab's ID token claims (signature checking is STS's job, not modelled). */
function gitlabIdToken(sub: string, aud = PIPELINE_AUDIENCE): string {
  const b64 = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
  return `${b64({ alg: 'RS256', typ: 'JWT' })}.${b64({ iss: 'https://gitlab.platform.test.example.com', aud, sub, ref_protected: 'true' })}.c2lnbmF0dXJlc2lnbmF0dXJl`;
}

function workspace(): Workspace {
  const ws = new Workspace(rawTestConfig({ admins: { principals: [TEST_OPERATOR_ARN, DEPLOY_ROLE] } }));
  // What the job's `npx projen synth` step leaves (the scripts read the assembly with --app=cdk.out).
  mkdirSync(join(ws.dir, 'cdk.out'));
  writeFileSync(join(ws.dir, 'cdk.out', 'manifest.json'), '{}');
  const c = ws.config;
  const oidc = pipelineOidc(c);
  ws.patchState((s) => {
    // The trust PipelineRoles creates (test/blueprints/constructs/pipeline-roles.test.ts proves the template says this).
    s.webIdentityRoles = {
      [pipelineRoleArn(c, 'read')]: { issuer: oidc.issuerUrl, aud: PIPELINE_AUDIENCE, subjects: oidc.readSubjects },
      [pipelineRoleArn(c, 'deploy')]: { issuer: oidc.issuerUrl, aud: PIPELINE_AUDIENCE, subjects: oidc.deploySubjects },
    };
  });
  return ws;
}

/** Runs a job script without blocking this process (the HTTP stand-in answers meanwhile). */
function runJob(ws: Workspace, script: string, args: string[], env: Record<string, string>): Promise<{ status: number | null; out: string }> {
  return new Promise((resolve) => {
    const child = spawn(TSX, [join(ROOT, 'scripts', 'ci', `${script}.ts`), '--config', 'platform.config.json', ...args], { cwd: ws.dir, env: ws.env(env) });
    let out = '';
    child.stdout.on('data', (d) => { out += d; });
    child.stderr.on('data', (d) => { out += d; });
    child.on('close', (status) => resolve({ status, out }));
  });
}

interface Recorded { method?: string; url?: string; headers: IncomingMessage['headers']; body: string }
async function gitlabApi(): Promise<{ server: Server; url: string; requests: Recorded[] }> {
  const requests: Recorded[] = [];
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (d) => { body += d; });
    req.on('end', () => {
      requests.push({ method: req.method, url: req.url, headers: req.headers, body });
      res.writeHead(201, { 'Content-Type': 'application/json' }).end('{"id":1}');
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/v4`, requests };
}

/** Runs `use` against a fresh stand-in API, closed afterwards whether `use` passes or throws. */
async function withGitlabApi(use: (api: Awaited<ReturnType<typeof gitlabApi>>) => Promise<void>): Promise<void> {
  const api = await gitlabApi();
  try {
    await use(api);
  } finally {
    api.server.close();
  }
}

/** Everything a job leaves behind that a person or log shipper could read. */
function logsOf(ws: Workspace, out: string): string {
  const dir = join(ws.dir, '.state', 'logs');
  const files = existsSync(dir) ? readdirSync(dir).map((f) => readFileSync(join(dir, f), 'utf8')) : [];
  return [out, readFileSync(join(ws.dir, '.fake-calls.jsonl'), 'utf8'), ...files].join('\n');
}

const mrEnv = (api: string, token: string) => ({
  GITLAB_CI: 'true', CI_API_V4_URL: api, CI_PROJECT_ID: '42', CI_MERGE_REQUEST_IID: '7', CI_COMMIT_SHA: SHA, CI_JOB_ID: '1001',
  AWS_ID_TOKEN: token, PLATFORM_CI_NOTE_TOKEN: NOTE_TOKEN,
});

describe('scripts/ci/cdk-diff.ts (merge requests)', () => {
  test('diffs every stack as the read-only role and posts the diff as a merge-request note', async () => {
    const ws = workspace();
    ws.patchState((s) => { s.stackDiffs = { 'test-dev': 'Resources\n[~] AWS::IAM::Role PodIdentity-argo-rollouts' }; });
    await withGitlabApi(async (api) => {
      const token = gitlabIdToken('project_path:platform/test:ref_type:branch:ref:feature/new-spoke');
      const { status, out } = await runJob(ws, 'cdk-diff', [], mrEnv(api.url, token));
      expect([status, out]).toEqual([0, expect.stringContaining('changed: test-dev')]);
      expect(api.requests).toHaveLength(1);
      const [req] = api.requests;
      expect([req.method, req.url, req.headers['private-token']]).toEqual(['POST', '/api/v4/projects/42/merge_requests/7/notes', NOTE_TOKEN]);
      const body = JSON.parse(req.body).body as string;
      expect(body).toContain(`cdk diff at ${SHA.slice(0, 12)}: changes in test-dev`);
      expect(body).toContain('[~] AWS::IAM::Role PodIdentity-argo-rollouts');
      // Every cdk call ran with the read role's web-identity credentials, and none deployed.
      expect(ws.state().cdkCalls).toEqual([{ cmd: 'diff', as: pipelineRoleArn(ws.config, 'read') }]);
      expect(ws.calls().filter((c) => c.mutating)).toEqual([]);
      const logs = logsOf(ws, out);
      for (const secret of [NOTE_TOKEN, token, 'fake-secret-key-value', 'fake-session-token-value']) expect(logs).not.toContain(secret);
    });
  });

  test('on GitHub, posts the diff as a pull-request comment with the job token', async () => {
    const ws = workspace();
    await withGitlabApi(async (api) => {
      const env = {
        GITHUB_ACTIONS: 'true', GITHUB_API_URL: api.url, GITHUB_REPOSITORY: 'platform/test', PR_NUMBER: '12', GITHUB_TOKEN: 'ghs_jobtokenvalue00000000000000000000', GITHUB_SHA: SHA,
        AWS_ID_TOKEN: gitlabIdToken('project_path:platform/test:ref_type:branch:ref:x'),
      };
      const { status, out } = await runJob(ws, 'cdk-diff', [], env);
      expect([status, out]).toEqual([0, expect.stringContaining('no stack changes')]);
      expect(api.requests.map((r) => [r.method, r.url, r.headers.authorization])).toEqual([['POST', '/api/v4/repos/platform/test/issues/12/comments', 'Bearer ghs_jobtokenvalue00000000000000000000']]);
      expect(logsOf(ws, out)).not.toContain('ghs_jobtokenvalue');
    });
  });

  test('fails when the ID token is another project\'s (the read role trusts only the platform project)', async () => {
    const ws = workspace();
    await withGitlabApi(async (api) => {
      const { status, out } = await runJob(ws, 'cdk-diff', [], mrEnv(api.url, gitlabIdToken('project_path:payments/checkout:ref_type:branch:ref:main')));
      expect([status, out]).toEqual([1, expect.stringContaining('AssumeRoleWithWebIdentity')]);
      expect([ws.state().cdkCalls ?? [], api.requests]).toEqual([[], []]);
    });
  });

  test('fails when the note token variable is unset, naming it', async () => {
    const ws = workspace();
    await withGitlabApi(async (api) => {
      const env = { ...mrEnv(api.url, gitlabIdToken('project_path:platform/test:ref_type:branch:ref:x')), PLATFORM_CI_NOTE_TOKEN: '' };
      const { status, out } = await runJob(ws, 'cdk-diff', [], env);
      expect([status, out]).toEqual([1, expect.stringContaining('PLATFORM_CI_NOTE_TOKEN is unset')]);
      expect(api.requests).toEqual([]);
    });
  });
});

describe('scripts/ci/deploy-changed.ts (the tracked branch)', () => {
  /** A platform already deployed once (what the bootstrap left), with Argo CD Applications tracking the repository. */
  function deployedWorkspace(): Workspace {
    const ws = workspace();
    for (const stack of ['test-hub', 'test-dev', 'test-prod']) spawnSync(join(ws.bin, 'cdk'), ['deploy', stack], { env: ws.env() });
    ws.clearCalls();
    ws.patchState((s) => {
      s.cdkCalls = [];
      // What STS answers for the deploy role's web-identity session (the fake's kubectl authenticates as it).
      s.identity = { Account: '111111111111', Arn: `arn:aws:sts::111111111111:assumed-role/test-pipeline-deploy/platform-ci-1002` };
      const app = (name: string) => ({ metadata: { name }, spec: { source: { repoURL: ws.config.git.url }, destination: { name: 'hub' } }, status: { sync: { status: 'Synced', revision: 'old0000' } } });
      s.k8s.applications = [app('root'), app('platform-addons'), { metadata: { name: 'helm-only' }, spec: { source: { repoURL: 'https://charts.example' } }, status: { sync: { status: 'Synced', revision: '1.0.0' } } }];
    });
    return ws;
  }
  const branchEnv = (sub = 'project_path:platform/test:ref_type:branch:ref:main') => ({ GITLAB_CI: 'true', CI_COMMIT_SHA: SHA, CI_JOB_ID: '1002', AWS_ID_TOKEN: gitlabIdToken(sub) });

  test('deploys only the changed stacks, hub before spokes, then waits for Argo CD to sync the commit', async () => {
    const ws = deployedWorkspace();
    ws.patchState((s) => {
      s.stackDiffs = { 'test-prod': '[~] AWS::EKS::Cluster', 'test-hub': '[+] AWS::IAM::Role' };
      s.syncTo = { revision: SHA, afterPolls: 2, polls: 0 };
    });
    const { status, out } = await runJob(ws, 'deploy-changed', ['--interval', '0'], branchEnv());
    expect([status, out]).toEqual([0, expect.stringContaining(`Argo CD synced ${SHA.slice(0, 12)} on 2 applications`)]);
    const deploys = ws.calls().filter((c) => c.tool === 'cdk' && c.args[0] === 'deploy').map((c) => c.args[1]);
    expect(deploys).toEqual(['test-hub', 'test-prod']);
    expect(new Set(ws.state().cdkCalls.map((c: { as: string }) => c.as))).toEqual(new Set([DEPLOY_ROLE]));
    expect(ws.state().syncTo.polls).toBeGreaterThanOrEqual(2);
    expect(logsOf(ws, out)).not.toContain('fake-secret-key-value');
  });

  test('fails when the job did not synthesize first (no cloud assembly)', async () => {
    const ws = deployedWorkspace();
    rmSync(join(ws.dir, 'cdk.out'), { recursive: true });
    const { status, out } = await runJob(ws, 'deploy-changed', [], branchEnv());
    expect([status, out]).toEqual([1, expect.stringContaining('cloud assembly that does not exist')]);
    expect(ws.calls().filter((c) => c.mutating)).toEqual([]);
  });

  test('--dry-run reports the changed stacks and deploys nothing', async () => {
    const ws = deployedWorkspace();
    ws.patchState((s) => { s.stackDiffs = { 'test-dev': '[~] x' }; });
    const { status, out } = await runJob(ws, 'deploy-changed', ['--dry-run'], branchEnv());
    expect([status, out]).toEqual([0, expect.stringContaining('changed stacks: test-dev')]);
    expect(ws.calls().filter((c) => c.mutating)).toEqual([]);
  });

  test('fails when a merge-request branch tries to deploy (the deploy role trusts only the tracked branch)', async () => {
    const ws = deployedWorkspace();
    ws.patchState((s) => { s.stackDiffs = { 'test-dev': '[~] x' }; });
    const { status, out } = await runJob(ws, 'deploy-changed', [], branchEnv('project_path:platform/test:ref_type:branch:ref:feature/x'));
    expect([status, out]).toEqual([1, expect.stringContaining('AssumeRoleWithWebIdentity')]);
    expect(ws.calls().filter((c) => c.tool === 'cdk')).toEqual([]);
  });

  test('fails when Argo CD does not reach the commit in time, naming the applications behind', async () => {
    const ws = deployedWorkspace();
    const { status, out } = await runJob(ws, 'deploy-changed', ['--timeout', '0', '--interval', '0'], branchEnv());
    expect(status).toBe(1);
    expect(out).toMatch(/Argo CD has not synced c0ffee00c0ff after 0 s: root \(Synced at old0000\), platform-addons/);
    expect(out).not.toContain('helm-only');
  });
});

describe('scripts/ci/portal-image.ts', () => {
  test('fails when the portal app is absent, saying how to restore it', async () => {
    const ws = workspace();
    const { status, out } = await runJob(ws, 'portal-image', ['--tag', SHA], { AWS_ID_TOKEN: gitlabIdToken('project_path:platform/test:ref_type:branch:ref:main') });
    expect([status, out]).toEqual([1, expect.stringContaining('the portal app is absent (no portal/ folder): restore portal/ from the template')]);
    expect(ws.calls()).toEqual([]);
  });

  test('builds the tag the Backstage add-on runs: the portal\'s source tag, into <prefix>/portal of the hub ECR', async () => {
    const ws = workspace();
    const portal = join(__dirname, '..', '..', '..', 'portal');
    const { status, out } = await runJob(ws, 'portal-image', ['--dir', portal, '--dry-run'], {});
    expect([status, out.trim()]).toEqual([0, `› portal image 111111111111.dkr.ecr.eu-west-1.amazonaws.com/test/portal:${portalSourceTag(portal)}`]);
    expect(ws.calls()).toEqual([]);
  });
});
