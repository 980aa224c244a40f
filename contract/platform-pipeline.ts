import type { ResolvedConfig } from '../config/resolved-config';
import { stackId } from './gitops-bridge';

/**
 * The platform repository's own CI/CD: where the repository lives, which OIDC issuer its jobs'
 * tokens come from, which `sub` claims each pipeline role trusts, the role names, the CDK bootstrap
 * roles they may assume and the order stacks deploy in. blueprints/ creates the roles, projenrc/
 * renders the pipeline files and scripts/ci/ runs the jobs; nothing else spells these names.
 */

/** The platform (GitOps) repository: host and `group/project` path, parsed from `git.url`. */
export interface PipelineRepository {
  readonly host: string;
  readonly path: string;
  readonly forge: 'gitlab' | 'github';
}

/** Parses `https://host/group/project(.git)`, `ssh://git@host[:port]/group/project.git` and `git@host:group/project.git`. */
export function pipelineRepository(config: ResolvedConfig): PipelineRepository {
  const url = config.git.url;
  const m = /^https:\/\/([^/@]+)\/(.+?)(?:\.git)?\/?$/.exec(url)
    ?? /^ssh:\/\/(?:[^@/]+@)?([^/:]+)(?::\d+)?\/(.+?)(?:\.git)?\/?$/.exec(url)
    ?? /^[^@]+@([^:]+):(.+?)(?:\.git)?\/?$/.exec(url);
  // The path is spliced into IAM trust conditions: GitLab group/project names only (letters, digits, . _ - /).
  if (!m || !/^[a-z0-9.-]+$/i.test(m[1]) || !/^[A-Za-z0-9._-]+(\/[A-Za-z0-9._-]+)+$/.test(m[2])) {
    throw new Error(`git.url "${url}" does not name a repository as host and group/project; use e.g. "https://gitlab.example.com/platform/acme.git"`);
  }
  return { host: m[1].toLowerCase(), path: m[2], forge: m[1].toLowerCase() === 'github.com' ? 'github' : 'gitlab' };
}

/** Audience of the pipeline's ID tokens: what AWS STS expects for web identity federation. */
export const PIPELINE_AUDIENCE = 'sts.amazonaws.com';

/** GitHub's OIDC issuer for Actions (https://docs.github.com/en/actions/security-for-github-actions/security-hardening-your-deployments/about-security-hardening-with-openid-connect). */
const GITHUB_ISSUER = 'token.actions.githubusercontent.com';

/** The OIDC issuer and the `sub` claims each pipeline role trusts. */
export interface PipelineOidc {
  /** Issuer host without scheme (IAM condition keys are `<host>:sub` / `<host>:aud`). */
  readonly issuerHost: string;
  readonly issuerUrl: string;
  /** `sub` patterns (IAM StringLike) of jobs that may diff: any branch or merge request of the platform project. */
  readonly readSubjects: readonly string[];
  /** `sub` of jobs that may deploy: the tracked (protected) branch only. */
  readonly deploySubjects: readonly string[];
}

/**
 * GitLab's ID token `sub` is `project_path:<group>/<project>:ref_type:<branch|tag>:ref:<ref>`
 * (https://docs.gitlab.com/ci/secrets/id_token_authentication/#token-payload); IAM can condition only
 * on `sub` and `aud` of a generic OIDC provider, so "protected branches only" is the tracked branch by
 * name, and that branch must be protected in GitLab (README: The platform's own CI/CD).
 * GitHub's is `repo:<owner>/<repo>:ref:refs/heads/<branch>` or `repo:<owner>/<repo>:pull_request`.
 */
export function pipelineOidc(config: ResolvedConfig): PipelineOidc {
  const repo = pipelineRepository(config);
  const branch = config.git.revision;
  if (repo.forge === 'github') {
    return {
      issuerHost: GITHUB_ISSUER,
      issuerUrl: `https://${GITHUB_ISSUER}`,
      readSubjects: [`repo:${repo.path}:pull_request`, `repo:${repo.path}:ref:refs/heads/*`],
      deploySubjects: [`repo:${repo.path}:ref:refs/heads/${branch}`],
    };
  }
  return {
    issuerHost: repo.host,
    issuerUrl: `https://${repo.host}`,
    readSubjects: [`project_path:${repo.path}:ref_type:branch:ref:*`],
    deploySubjects: [`project_path:${repo.path}:ref_type:branch:ref:${branch}`],
  };
}

export type PipelineRoleKind = 'read' | 'deploy';

/** `<resourcePrefix>-pipeline-read` (cdk diff) and `<resourcePrefix>-pipeline-deploy` (cdk deploy), in the hub's account. */
export function pipelineRoleName(config: ResolvedConfig, kind: PipelineRoleKind): string {
  return `${config.resourcePrefix}-pipeline-${kind}`;
}

export function pipelineRoleArn(config: ResolvedConfig, kind: PipelineRoleKind, partition = 'aws'): string {
  return `arn:${partition}:iam::${config.hub.account}:role/${pipelineRoleName(config, kind)}`;
}

/** The default CDK bootstrap qualifier (`cdk bootstrap` without --qualifier), which the platform uses. */
export const CDK_QUALIFIER = 'hnb659fds';

/** Roles `cdk bootstrap` creates in each account/region, which the CLI assumes for each stack. */
export type CdkBootstrapRole = 'lookup' | 'deploy' | 'file-publishing' | 'image-publishing';

export function cdkBootstrapRoleArn(account: string, region: string, role: CdkBootstrapRole, partition = 'aws'): string {
  return `arn:${partition}:iam::${account}:role/cdk-${CDK_QUALIFIER}-${role}-role-${account}-${region}`;
}

/** Every distinct account/region a platform stack deploys to. */
export function pipelineEnvironments(config: ResolvedConfig): { account: string; region: string }[] {
  const seen = new Map(config.clusters.map((c) => [`${c.account}/${c.region}`, { account: c.account, region: c.region }]));
  return [...seen.values()];
}

/** Stacks in deploy order: the hub first (spokes register with it and read its outputs), then spokes by name. */
export function stackDeployOrder(config: ResolvedConfig): string[] {
  return config.clusters.map((c) => stackId(config, c.name));
}

/** ECR repository of the platform's own Backstage image (the portal), in the hub's account and region. */
export function portalImageRepository(config: ResolvedConfig): string {
  return `${config.resourcePrefix}/portal`;
}

/** CI variable holding the project access token (api scope) that posts the diff as a merge-request note. */
export const PIPELINE_NOTE_TOKEN_VARIABLE = 'PLATFORM_CI_NOTE_TOKEN';
