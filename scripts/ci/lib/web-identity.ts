import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PIPELINE_AUDIENCE } from '../../../contract/platform-pipeline';
import type { Tools } from '../../lib/tools';

/** Name of the job variable GitLab fills with the ID token (`id_tokens: AWS_ID_TOKEN: aud: sts.amazonaws.com`). */
export const ID_TOKEN_VARIABLE = 'AWS_ID_TOKEN';

/**
 * The job's OIDC ID token: GitLab puts it in the variable named under `id_tokens:`
 * (https://docs.gitlab.com/ci/yaml/#id_tokens); GitHub Actions hands it out on request to jobs with
 * `permissions: id-token: write` (https://docs.github.com/en/actions/security-for-github-actions/security-hardening-your-deployments/about-security-hardening-with-openid-connect#updating-your-actions-for-oidc).
 */
export async function idToken(env: NodeJS.ProcessEnv = process.env): Promise<string> {
  const direct = env[ID_TOKEN_VARIABLE];
  if (direct) return direct;
  const url = env.ACTIONS_ID_TOKEN_REQUEST_URL;
  const bearer = env.ACTIONS_ID_TOKEN_REQUEST_TOKEN;
  if (url && bearer) {
    const u = new URL(url);
    u.searchParams.set('audience', PIPELINE_AUDIENCE);
    const res = await fetch(u, { headers: { Authorization: `bearer ${bearer}` } });
    if (!res.ok) throw new Error(`GitHub refused the job's ID token (HTTP ${res.status}); give the job "permissions: id-token: write"`);
    return ((await res.json()) as { value: string }).value;
  }
  throw new Error(`no OIDC ID token: on GitLab declare "id_tokens: ${ID_TOKEN_VARIABLE}: aud: ${PIPELINE_AUDIENCE}" on the job; on GitHub give it "permissions: id-token: write"`);
}

/** Credentials of an assumed role, as the environment the AWS CLI and the CDK CLI read. */
export type AwsEnv = Record<'AWS_ACCESS_KEY_ID' | 'AWS_SECRET_ACCESS_KEY' | 'AWS_SESSION_TOKEN' | 'AWS_REGION', string>;

/**
 * `aws sts assume-role-with-web-identity` (https://docs.aws.amazon.com/cli/latest/reference/sts/assume-role-with-web-identity.html):
 * the token goes through a 0600 file (`file://`, the CLI's parameter-file syntax), never argv, so no
 * process listing or call log ever holds it; the credentials go only into the children's environment.
 */
export async function assumeRoleWithWebIdentity(tools: Tools, opts: { roleArn: string; token: string; sessionName: string; region: string }): Promise<AwsEnv> {
  const dir = mkdtempSync(join(tmpdir(), 'pb-oidc-'));
  const file = join(dir, 'token');
  writeFileSync(file, opts.token, { mode: 0o600 });
  chmodSync(file, 0o600);
  try {
    const out = await tools.json<{ Credentials: { AccessKeyId: string; SecretAccessKey: string; SessionToken: string } }>(
      'aws', 'sts', 'assume-role-with-web-identity', '--role-arn', opts.roleArn, '--role-session-name', opts.sessionName,
      '--web-identity-token', `file://${file}`, '--region', opts.region, '--output', 'json',
    );
    return { AWS_ACCESS_KEY_ID: out.Credentials.AccessKeyId, AWS_SECRET_ACCESS_KEY: out.Credentials.SecretAccessKey, AWS_SESSION_TOKEN: out.Credentials.SessionToken, AWS_REGION: opts.region };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** A role session name from the pipeline and job ids (STS allows [\w+=,.@-], at most 64 characters). */
export function sessionName(env: NodeJS.ProcessEnv = process.env): string {
  const id = env.CI_JOB_ID ?? env.GITHUB_RUN_ID ?? 'local';
  return `platform-ci-${id}`.replace(/[^\w+=,.@-]/g, '-').slice(0, 64);
}

/**
 * The environment of the CLIs a job runs with the assumed role: credentials replace any ambient ones
 * (a runner's own Pod Identity or instance role must never be what deploys).
 */
export function withAwsEnv(aws: AwsEnv, env: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  const { AWS_PROFILE: _p, AWS_ROLE_ARN: _r, AWS_WEB_IDENTITY_TOKEN_FILE: _w, AWS_CONTAINER_CREDENTIALS_FULL_URI: _c, AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE: _t, ...rest } = env;
  return { ...rest, ...aws, AWS_DEFAULT_REGION: aws.AWS_REGION };
}

/** The job's call log `.state/logs/ci-<job>.log` (every CLI call, redacted; kept as a job artifact if wanted). */
export function ciLogFile(job: string): string {
  const dir = join('.state', 'logs');
  mkdirSync(dir, { recursive: true });
  return join(dir, `ci-${job}.log`);
}
