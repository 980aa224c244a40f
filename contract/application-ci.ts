import type { ResolvedApplication, ResolvedConfig } from '../config/resolved-config';

/**
 * Names of application CI and git plumbing, spelled once: the GitLab project of each application, the
 * per-application builder (ServiceAccount + Pod Identity role scoped to its own ECR repository), the
 * scoped GitLab tokens and the Argo Events endpoint GitLab's project hooks call.
 */

/**
 * GitLab group and project of the GitOps repository (`git.url`, default `https://gitlab.<domain>/platform/<name>.git`):
 * the platform group, where the platform's tokens live. An scp-like `git@host:group/repo.git` is read as ssh.
 */
export function platformProjectPath(config: Pick<ResolvedConfig, 'git'>): { group: string; project: string } {
  const raw = config.git.url;
  const url = new URL(raw.startsWith('git@') ? `ssh://git@${raw.slice(4).replace(':', '/')}` : raw);
  const path = url.pathname.replace(/^\//, '').replace(/\.git$/, '');
  const i = path.lastIndexOf('/');
  return { group: path.slice(0, i), project: path.slice(i + 1) };
}

/**
 * GitLab project of an application: `<team>/<app>`, where the onboard-service golden path creates it
 * (`publish:gitlab` with owner = the team). Team and application names are DNS labels (config schema),
 * so the path needs no escaping in a URL, a regex or a JSON string.
 */
export function applicationProjectPath(app: Pick<ResolvedApplication, 'team' | 'name'>): string {
  return `${app.team}/${app.name}`;
}

/** ECR repository names: lowercase path segments of [a-z0-9._-] (ECR CreateRepository `repositoryName`). */
const ECR_REPOSITORY_NAME = /^[a-z0-9]+(?:[._-][a-z0-9]+)*(?:\/[a-z0-9]+(?:[._-][a-z0-9]+)*)*$/;

/**
 * An application's ECR repository name, checked before it reaches an IAM policy ARN, an image
 * reference or a Workflow argument. Throws naming the config path and the fix.
 */
export function applicationRepository(app: Pick<ResolvedApplication, 'name' | 'image'>): string {
  if (!ECR_REPOSITORY_NAME.test(app.image) || app.image.length > 256) {
    throw new Error(`applications.${app.name}.image ${JSON.stringify(app.image)} is not an ECR repository name; use lowercase segments of a-z, 0-9, ".", "_", "-" separated by "/" (e.g. "acme/${app.name}")`);
  }
  return app.image;
}

/** What a builder may do on its own repository: push layers and the manifest, and look up an existing tag. */
export const ECR_PUSH_ACTIONS = [
  'ecr:BatchCheckLayerAvailability', 'ecr:InitiateLayerUpload', 'ecr:UploadLayerPart', 'ecr:CompleteLayerUpload',
  'ecr:PutImage', 'ecr:BatchGetImage', 'ecr:GetDownloadUrlForLayer', 'ecr:DescribeImages',
] as const;

/** ServiceAccount (namespace of Argo Workflows) that builds one application and may push only to its repository. */
export function builderServiceAccount(app: Pick<ResolvedApplication, 'name'>): string {
  return `ci-${app.name}`;
}

/** IAM role of an application's builder (hub account): `<prefix>-ci-<app>`, at most 64 characters. */
export function builderRoleName(config: Pick<ResolvedConfig, 'resourcePrefix'>, app: Pick<ResolvedApplication, 'name'>): string {
  return `${config.resourcePrefix}-ci-${app.name}`.slice(0, 64);
}

/** ServiceAccount of the CI Sensor (namespace of Argo Events): may create Workflows in Argo Workflows' namespace only. */
export const SENSOR_SERVICE_ACCOUNT = 'argo-events-sensor';

/** Argo Events EventSource that receives GitLab's project hooks, and the path its Ingress serves. */
export const CI_EVENT_SOURCE = { name: 'gitlab', eventName: 'push', port: 12000, endpoint: '/push' } as const;

/** Host of the CI webhook endpoint (an Ingress on the hub's ALB): `ci-events.<domain>`. */
export function ciWebhookUrl(config: Pick<ResolvedConfig, 'domain'>): string {
  return `https://ci-events.${config.domain}${CI_EVENT_SOURCE.endpoint}`;
}

/**
 * Scoped GitLab tokens the git plumbing job creates as GitLab group access tokens
 * (https://docs.gitlab.com/api/group_access_tokens/) and stores in Secrets Manager with keys `token`
 * and `username`; External Secrets syncs each into the Secret its consumer reads. A group access token
 * reaches one group, so tokens that serve the GitOps repository live on the platform group and the CI
 * token exists once per team group (a team's builds can read and tag only its own projects).
 * Scopes: https://docs.gitlab.com/user/profile/personal_access_tokens/#personal-access-token-scopes
 */
export interface GitToken {
  readonly id: 'argocd' | 'kargo' | 'backstage' | 'events' | 'ci' | 'devlake';
  /** The group the token is created on: the platform group, or each team's group. */
  readonly group: 'platform' | 'team';
  readonly scopes: readonly ('read_repository' | 'write_repository' | 'read_api' | 'api')[];
  /** GitLab access level of the token's bot user (20 reporter, 30 developer, 40 maintainer). */
  readonly accessLevel: 20 | 30 | 40;
  readonly why: string;
}

export const GIT_TOKENS: readonly GitToken[] = [
  { id: 'argocd', group: 'platform', scopes: ['read_repository'], accessLevel: 20, why: 'Argo CD reads the GitOps repository (repo-creds)' },
  { id: 'kargo', group: 'platform', scopes: ['write_repository'], accessLevel: 30, why: 'Kargo commits promotions to the GitOps repository' },
  { id: 'backstage', group: 'platform', scopes: ['api'], accessLevel: 30, why: 'Backstage opens merge requests on the GitOps repository (integrations.gitlab)' },
  // Argo Events requires an access token whenever it checks X-Gitlab-Token; the hooks themselves are
  // created by the plumbing job, so its token only reads.
  { id: 'events', group: 'platform', scopes: ['read_api'], accessLevel: 20, why: 'Argo Events\' GitLab event source (hooks are created by the plumbing job)' },
  { id: 'ci', group: 'team', scopes: ['read_repository', 'write_repository'], accessLevel: 30, why: 'CI clones the pushed commit and pushes release tags' },
  { id: 'devlake', group: 'team', scopes: ['read_api'], accessLevel: 20, why: 'DevLake collects commits, merge requests and pipelines (DORA)' },
];

/** Secrets Manager name of a scoped GitLab token (`team` for per-team tokens). */
export function gitTokenSecretName(config: Pick<ResolvedConfig, 'resourcePrefix'>, token: Pick<GitToken, 'id'>, team?: string): string {
  return `${config.resourcePrefix}/gitlab/token/${token.id}${team ? `/${team}` : ''}`;
}

/**
 * Platform secret id (`<prefix>/gitlab/root-token`, key `token`) of the root's API token the plumbing
 * job authenticates with; created once after GitLab is installed (docs/application-ci.md).
 */
export const GITLAB_ROOT_TOKEN_SECRET_ID = 'gitlab/root-token';

/** Kubernetes Secret (Backstage's namespace) with its GitLab token as `GITLAB_TOKEN` (`integrations.gitlab[].token`). */
export const BACKSTAGE_GITLAB_SECRET = 'backstage-gitlab-token';

/** Kubernetes Secret (namespace of Argo Workflows) with a team's CI token. */
export function ciGitSecret(team: string): string {
  return `ci-git-${team}`;
}
