import type { ResolvedConfig } from '../../config/resolved-config';
import { DNS_LABEL } from '../../config/dns-label';

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

/** The GitOps repository URL as a URL (scp-like `git@host:group/repo.git` read as ssh). */
export function gitRepoUrl(config: ResolvedConfig): URL {
  const url = config.git.url;
  return new URL(url.startsWith('git@') ? `ssh://git@${url.slice(4).replace(':', '/')}` : url);
}

/** Host of the platform's GitLab, where new repositories and merge requests go. */
export function gitlabHost(config: ResolvedConfig): string {
  return gitRepoUrl(config).host;
}

/** `group/project` path of the GitOps repository on that host. */
export function gitopsRepoPath(config: ResolvedConfig): { owner: string; repo: string } {
  const path = gitRepoUrl(config).pathname
    .replace(/^\//, '')
    .replace(/\.git$/, '');
  const i = path.lastIndexOf('/');
  return { owner: path.slice(0, i), repo: path.slice(i + 1) };
}

/** Owner of the platform's own entities and templates. */
export const PLATFORM_TEAM = 'group:default/platform-team';

export interface TemplateProps {
  readonly name: string;
  readonly title: string;
  readonly description: string;
  readonly tags: readonly string[];
  /** spec.type of the template (service, resource, …). */
  readonly type: string;
  readonly parameters: readonly Record<string, unknown>[];
  readonly steps: readonly Record<string, unknown>[];
  readonly output: Record<string, unknown>;
}

/** The template entity every golden path shares: owned by the platform team, linked to the platform docs. */
export function templateEntity(config: ResolvedConfig, t: TemplateProps): Record<string, unknown> {
  return {
    apiVersion: 'scaffolder.backstage.io/v1beta3',
    kind: 'Template',
    metadata: {
      name: t.name,
      title: t.title,
      description: t.description,
      tags: [...t.tags],
      links: [{ url: `https://backstage.${config.domain}/docs`, title: 'Platform docs', icon: 'docs' }],
    },
    spec: { owner: PLATFORM_TEAM, type: t.type, parameters: [...t.parameters], steps: [...t.steps], output: t.output },
  };
}

/** Pattern of DNS-safe names (what Kubernetes, ECR and GitLab all accept). */
export const DNS_NAME_PATTERN = DNS_LABEL.source;

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

/** An environment parameter: one of the platform's environments. */
export function environmentParameter(config: ResolvedConfig): Record<string, unknown> {
  return { title: 'Environment', type: 'string', enum: [...config.environments] };
}

/** A golden path that renders files from a skeleton and opens a merge request with them on the GitOps repository. */
export interface MergeRequestPathProps extends Omit<TemplateProps, 'parameters' | 'steps' | 'output'> {
  /** The form's one page: its title, required fields and properties. */
  form(config: ResolvedConfig): { title: string; required: string[]; properties: Record<string, unknown> };
  /** The fetch:template step: its name, the skeleton folder next to template.yaml and the values it gets. */
  readonly render: { readonly name: string; readonly skeleton: string; readonly values: Record<string, string> };
  /** The merge request's branch, title, description and target folder. */
  readonly mergeRequest: { readonly branch: string; readonly title: string; readonly description: string; readonly targetPath: string };
}

/** Render into ./change, open the merge request, link to it: the steps every merge-request path shares. */
export function mergeRequestPath(p: MergeRequestPathProps): GoldenPath {
  return {
    name: p.name,
    template: (config) => templateEntity(config, {
      name: p.name,
      title: p.title,
      description: p.description,
      tags: p.tags,
      type: p.type,
      parameters: [p.form(config)],
      steps: [
        { id: 'render', name: p.render.name, action: 'fetch:template', input: { url: `./${p.render.skeleton}`, targetPath: './change', values: p.render.values } },
        gitopsMergeRequest(config, p.mergeRequest),
      ],
      output: MERGE_REQUEST_OUTPUT,
    }),
  };
}
