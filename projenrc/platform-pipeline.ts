import { Component, Project, YamlFile } from 'projen';
import type { ResolvedConfig } from '../config/resolved-config';
import { PIPELINE_AUDIENCE, PIPELINE_NOTE_TOKEN_VARIABLE } from '../contract/platform-pipeline';
import { ID_TOKEN_VARIABLE } from '../scripts/ci/lib/web-identity';
import { JobTrigger, pipelineJobs, PipelineJob, PORTAL_IMAGE_VARIABLE, trackedBranch } from './pipeline-jobs';

export interface PlatformPipelineOptions {
  readonly config: ResolvedConfig;
  /** Node.js version of every job (the project runs on Node 22). */
  readonly nodeVersion: string;
  /** AWS CLI v2 release installed in GitLab jobs that call AWS. @default '2.22.35' */
  readonly awsCliVersion?: string;
}

export const GITLAB_PIPELINE_FILE = '.gitlab-ci.yml';
export const GITHUB_PIPELINE_FILE = '.github/workflows/platform.yml';
/** The scheduled template-sync job (projenrc/template-sync-workflows.ts), included by the GitLab pipeline. */
const GITLAB_TEMPLATE_SYNC = '.gitlab/template-sync.gitlab-ci.yml';

/** GitLab rules per trigger (https://docs.gitlab.com/ci/jobs/job_rules/). */
function gitlabRules(trigger: JobTrigger, branch: string): Record<string, unknown>[] {
  const mr = { if: '$CI_PIPELINE_SOURCE == "merge_request_event"' };
  const push = { if: `$CI_PIPELINE_SOURCE == "push" && $CI_COMMIT_BRANCH == "${branch}"` };
  switch (trigger) {
    case 'change': return [mr];
    case 'change-and-branch': return [mr, push];
    case 'branch': return [push];
    case 'portal': return [
      { if: `$CI_PIPELINE_SOURCE == "web" && $CI_COMMIT_BRANCH == "${branch}" && $${PORTAL_IMAGE_VARIABLE} == "true"` },
      { ...push, changes: ['portal/**/*'] },
    ];
  }
}

function gitlabSetup(job: PipelineJob, awsCliVersion: string): string[] {
  const lines = ['npm ci --no-audit --no-fund'];
  if (job.tools?.includes('awscli')) {
    // The node image has no AWS CLI; install exactly one release of v2 (https://docs.aws.amazon.com/cli/latest/userguide/getting-started-version.html).
    lines.push('apt-get update -qq && apt-get install -y -qq --no-install-recommends unzip >/dev/null', `curl -sSfL "https://awscli.amazonaws.com/awscli-exe-linux-x86_64-${awsCliVersion}.zip" -o /tmp/awscli.zip && unzip -q /tmp/awscli.zip -d /tmp && /tmp/aws/install >/dev/null`);
  }
  if (job.tools?.includes('buildah')) lines.push('apt-get install -y -qq --no-install-recommends buildah >/dev/null');
  return lines;
}

/** `.gitlab-ci.yml`: merge requests validate and diff, the tracked branch deploys, schedules sync the template. */
export function renderGitLabPipeline(config: ResolvedConfig, nodeVersion: string, awsCliVersion = '2.22.35'): Record<string, unknown> {
  const branch = trackedBranch(config);
  const jobs = pipelineJobs();
  const out: Record<string, unknown> = {
    // One pipeline per change: merge-request pipelines, not branch pipelines, for branches with an open MR.
    workflow: {
      rules: [
        { if: '$CI_PIPELINE_SOURCE == "merge_request_event"' },
        { if: '$CI_COMMIT_BRANCH && $CI_OPEN_MERGE_REQUESTS && $CI_PIPELINE_SOURCE == "push"', when: 'never' },
        { if: `$CI_COMMIT_BRANCH == "${branch}"` },
        { if: '$CI_PIPELINE_SOURCE == "schedule"' },
      ],
    },
    include: [{ local: GITLAB_TEMPLATE_SYNC }],
    // "test" is where the included template-sync job runs (its stage is the default).
    stages: ['check', 'test', 'diff', 'deploy'],
    default: { image: `public.ecr.aws/docker/library/node:${nodeVersion}`, interruptible: true },
    variables: { NODE_OPTIONS: '--max-old-space-size=4096' },
  };
  for (const job of jobs) {
    out[job.id] = {
      stage: job.stage,
      rules: gitlabRules(job.trigger, branch),
      ...(job.needs ? { needs: [...job.needs] } : {}),
      ...(job.aws ? { id_tokens: { [ID_TOKEN_VARIABLE]: { aud: PIPELINE_AUDIENCE } } } : {}),
      // A deploy must never be cancelled half-way, nor run beside another.
      ...(job.serial ? { resource_group: 'platform-deploy', interruptible: false, environment: { name: 'platform' } } : {}),
      before_script: gitlabSetup(job, awsCliVersion),
      script: [...job.commands],
    };
  }
  return out;
}

/** GitHub events per trigger (https://docs.github.com/en/actions/writing-workflows/workflow-syntax-for-github-actions). */
function githubIf(trigger: JobTrigger, branch: string): string | undefined {
  const pr = "github.event_name == 'pull_request'";
  const push = `(github.event_name == 'push' && github.ref == 'refs/heads/${branch}')`;
  switch (trigger) {
    case 'change': return pr;
    case 'change-and-branch': return undefined;
    case 'branch': return push;
    // GitHub's job-level `if` cannot test changed paths: the portal image is built on request only.
    case 'portal': return `github.event_name == 'workflow_dispatch' && github.ref == 'refs/heads/${branch}' && inputs.portal-image`;
  }
}

/** `.github/workflows/platform.yml`: the same jobs for forks hosted on GitHub (template sync: template-sync.yml). */
export function renderGitHubPipeline(config: ResolvedConfig, nodeVersion: string): Record<string, unknown> {
  const branch = trackedBranch(config);
  const jobs: Record<string, unknown> = {};
  for (const job of pipelineJobs()) {
    const cond = githubIf(job.trigger, branch);
    jobs[job.id] = {
      'runs-on': 'ubuntu-latest',
      ...(cond ? { if: cond } : {}),
      ...(job.needs ? { needs: [...job.needs] } : {}),
      'permissions': { 'contents': 'read', ...(job.aws ? { 'id-token': 'write' } : {}), ...(job.comments ? { 'pull-requests': 'write' } : {}) },
      ...(job.serial ? { concurrency: { 'group': 'platform-deploy', 'cancel-in-progress': false }, environment: 'platform' } : {}),
      'steps': [
        { uses: 'actions/checkout@v4' },
        { uses: 'actions/setup-node@v4', with: { 'node-version': nodeVersion } },
        { run: 'npm ci --no-audit --no-fund' },
        ...job.commands.map((run) => ({
          run,
          ...(job.comments && run.includes('scripts/ci/') ? { env: { GITHUB_TOKEN: '${{ github.token }}', PR_NUMBER: '${{ github.event.pull_request.number }}' } } : {}),
        })),
      ],
    };
  }
  return {
    name: 'platform',
    on: {
      'pull_request': {},
      'push': { branches: [branch] },
      'workflow_dispatch': { inputs: { 'portal-image': { description: 'Build and push the portal image', type: 'boolean', default: false } } },
    },
    permissions: { contents: 'read' },
    jobs,
  };
}

/** The platform repository's own pipeline, for GitLab and for GitHub, from one job model. */
export class PlatformPipeline extends Component {
  constructor(project: Project, options: PlatformPipelineOptions) {
    super(project);
    new YamlFile(project, GITLAB_PIPELINE_FILE, { obj: renderGitLabPipeline(options.config, options.nodeVersion, options.awsCliVersion) });
    new YamlFile(project, GITHUB_PIPELINE_FILE, { obj: renderGitHubPipeline(options.config, options.nodeVersion) });
  }
}

export { PIPELINE_NOTE_TOKEN_VARIABLE };
