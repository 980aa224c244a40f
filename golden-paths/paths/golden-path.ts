import type { ResolvedConfig } from '../../config/resolved-config';

/** One golden path: a Backstage software template rendered from the config. */
export interface GoldenPath {
  /** Folder name under golden-paths/templates/ and the template's metadata.name. */
  readonly name: string;
  /** The template entity (scaffolder.backstage.io/v1beta3). */
  template(config: ResolvedConfig): Record<string, unknown>;
}

/** Owner choices: the platform's teams as Backstage groups. */
export function ownerChoices(config: ResolvedConfig): string[] {
  return config.teams.map((t) => `group:default/${t.name}`);
}

/** Host of the platform's GitLab, where new repositories and merge requests go. */
export function gitlabHost(config: ResolvedConfig): string {
  return new URL(config.git.url.startsWith('git@') ? `https://${config.git.url.slice(4).replace(':', '/')}` : config.git.url).host;
}

/** `group/project` path of the GitOps repository on that host. */
export function gitopsRepoPath(config: ResolvedConfig): { owner: string; repo: string } {
  const path = new URL(config.git.url.startsWith('git@') ? `https://${config.git.url.slice(4).replace(':', '/')}` : config.git.url).pathname
    .replace(/^\//, '')
    .replace(/\.git$/, '');
  const i = path.lastIndexOf('/');
  return { owner: path.slice(0, i), repo: path.slice(i + 1) };
}

/** Pattern of DNS-safe names (what Kubernetes, ECR and GitLab all accept). */
export const DNS_NAME_PATTERN = '^[a-z]([-a-z0-9]{0,61}[a-z0-9])?$';

/** The owning team's name from an OwnerPicker value (`group:default/<team>`), as a Nunjucks expression. */
export const TEAM_OF_OWNER = 'parameters.owner | replace("group:default/", "")';

/** An owner parameter limited to the platform's teams. */
export function ownerParameter(config: ResolvedConfig): Record<string, unknown> {
  return { title: 'Owning team', type: 'string', enum: ownerChoices(config), 'ui:field': 'OwnerPicker', 'ui:options': { catalogFilter: { kind: 'Group' } } };
}

/** The step that opens a merge request with the rendered files on the platform's GitOps repository. */
export function gitopsMergeRequest(config: ResolvedConfig, opts: { branch: string; title: string; description: string; targetPath: string }): Record<string, unknown> {
  const gitops = gitopsRepoPath(config);
  return {
    id: 'merge-request',
    name: 'Open a merge request to the GitOps repository',
    action: 'publish:gitlab:merge-request',
    input: {
      repoUrl: `${gitlabHost(config)}?owner=${gitops.owner}&repo=${gitops.repo}`,
      branchName: opts.branch,
      title: opts.title,
      description: opts.description,
      sourcePath: './change',
      targetPath: opts.targetPath,
    },
  };
}

/** Output link to the merge request. */
export const MERGE_REQUEST_OUTPUT = { links: [{ title: 'Merge request', url: '${{ steps["merge-request"].output.mergeRequestUrl }}' }] };
