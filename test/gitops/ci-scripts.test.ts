import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { renderGitOpsTree } from '../../gitops/render-gitops-tree';
import { testConfig } from '../support/test-config';

/**
 * The CI template's scripts, run by a real POSIX shell with the environment Argo gives them (the
 * template's env with `{{workflow.parameters.*}}` replaced by the event's values): a real git repository
 * for the clone step, a stand-in `aws` on PATH for the registry step (answers like the AWS CLI:
 * exit 254 and `ImageNotFoundException` for a missing tag).
 */
const template = renderGitOpsTree(testConfig()).flatMap((f) => f.documents as any[]).find((d) => d.kind === 'ClusterWorkflowTemplate');
const step = (name: string) => template.spec.templates.find((t: any) => t.name === name);

function run(name: string, params: Record<string, string>, extraEnv: Record<string, string> = {}) {
  const work = mkdtempSync(join(tmpdir(), 'pb-ci-'));
  const env: Record<string, string> = { PATH: process.env.PATH!, ...extraEnv };
  for (const e of step(name).script.env) {
    if (e.valueFrom) continue;
    env[e.name] = String(e.value).replace(/\{\{workflow\.parameters\.(\w+)\}\}/g, (_: string, p: string) => params[p] ?? '');
  }
  env.WORK = work;
  env.HOME = work;
  const r = spawnSync('sh', ['-c', step(name).script.source], { env, encoding: 'utf8' });
  return { ...r, work };
}

function fakeAws(existing: string[]): string {
  const bin = mkdtempSync(join(tmpdir(), 'pb-aws-'));
  const calls = join(bin, 'calls');
  writeFileSync(join(bin, 'aws'), `#!/bin/sh
echo "$*" >> ${JSON.stringify(calls)}
case "$*" in
  *get-login-password*) echo ecr-token-value ;;
  *describe-images*) for t in ${existing.map((t) => `'imageTag=${t}'`).join(' ')}; do case " $* " in *" $t "*) echo '{"imageDetails":[{}]}'; exit 0;; esac; done
    echo "An error occurred (ImageNotFoundException) when calling the DescribeImages operation" >&2; exit 254 ;;
esac
`);
  chmodSync(join(bin, 'aws'), 0o755);
  return bin;
}

describe('CI scripts', () => {
  const repo = mkdtempSync(join(tmpdir(), 'pb-repo-'));
  const git = (...a: string[]) => execFileSync('git', ['-C', repo, '-c', 'user.name=t', '-c', 'user.email=t@example.com', ...a], { encoding: 'utf8' }).trim();
  git('init', '-q');
  writeFileSync(join(repo, 'package.json'), '{"name":"x"}');
  git('add', '.');
  git('commit', '-qm', 'first');
  git('config', 'uploadpack.allowAnySHA1InWant', 'true');
  const sha = git('rev-parse', 'HEAD');

  test('the clone step checks out exactly the pushed commit and tells which toolchain tests it', () => {
    const r = run('clone', { repo: `file://${repo}`, revision: sha });
    expect([r.status, r.stderr]).toEqual([0, '']);
    expect(readFileSync(join(r.work, 'kind'), 'utf8').trim()).toBe('node');
  });

  test('fails when the revision is shell syntax: it is data, nothing runs', () => {
    const marker = join(tmpdir(), `pb-pwned-${process.pid}`);
    const r = run('clone', { repo: `file://${repo}`, revision: `$(touch ${marker})` });
    expect(r.status).not.toBe(0);
    expect(existsSync(marker)).toBe(false);
  });

  test('a new tag logs in to ECR and asks for a build; the token never reaches the output', () => {
    const bin = fakeAws([]);
    const r = run('registry', { ref: 'refs/heads/main', revision: sha, repository: 'test/checkout', registry: '111111111111.dkr.ecr.eu-west-1.amazonaws.com' }, { PATH: `${bin}:${process.env.PATH}` });
    expect([r.status, r.stderr]).toEqual([0, '']);
    expect(readFileSync(join(r.work, 'tag'), 'utf8')).toBe(sha);
    expect(readFileSync(join(r.work, 'exists'), 'utf8')).toBe('false');
    const docker = JSON.parse(readFileSync(join(r.work, '.docker', 'config.json'), 'utf8'));
    expect(Buffer.from(docker.auths['111111111111.dkr.ecr.eu-west-1.amazonaws.com'].auth, 'base64').toString()).toBe('AWS:ecr-token-value');
    expect(r.stdout + r.stderr).not.toContain('ecr-token-value');
  });

  test('a re-run of an existing tag succeeds without building; a git tag becomes the image tag', () => {
    const bin = fakeAws(['v1.2.3']);
    const r = run('registry', { ref: 'refs/tags/v1.2.3', revision: sha, repository: 'test/checkout', registry: 'r' }, { PATH: `${bin}:${process.env.PATH}` });
    expect(r.status).toBe(0);
    expect(readFileSync(join(r.work, 'exists'), 'utf8')).toBe('true');
    expect(readFileSync(join(bin, 'calls'), 'utf8')).not.toContain('get-login-password');
  });

  test('fails when ECR answers anything but "not found" (no build on an access error)', () => {
    const bin = mkdtempSync(join(tmpdir(), 'pb-aws-'));
    mkdirSync(bin, { recursive: true });
    writeFileSync(join(bin, 'aws'), '#!/bin/sh\necho "An error occurred (AccessDeniedException)" >&2; exit 254\n');
    chmodSync(join(bin, 'aws'), 0o755);
    const r = run('registry', { ref: 'refs/heads/main', revision: sha, repository: 'test/checkout', registry: 'r' }, { PATH: `${bin}:${process.env.PATH}` });
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('AccessDeniedException');
  });
});
