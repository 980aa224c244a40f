import type { ResolvedConfig } from '../config/resolved-config';
import { PIPELINE_NOTE_TOKEN_VARIABLE } from '../contract/platform-pipeline';

/** When a job runs. */
export type JobTrigger =
  /** merge requests (GitLab) / pull requests (GitHub) */
  | 'change'
  /** every push to the tracked branch, and merge requests */
  | 'change-and-branch'
  /** pushes to the tracked branch only */
  | 'branch'
  /** pushes to the tracked branch that touch portal/, or a manual run asking for the portal image */
  | 'portal';

/**
 * One job of the platform repository's pipeline, in terms both CI systems share: rendered to
 * `.gitlab-ci.yml` and `.github/workflows/platform.yml` by projenrc/platform-pipeline.ts, so the two
 * never disagree. The logic lives in scripts/ci/*.ts; a job is only its trigger, identity and commands.
 */
export interface PipelineJob {
  readonly id: string;
  readonly stage: 'check' | 'diff' | 'deploy';
  readonly trigger: JobTrigger;
  /** Which pipeline role the job assumes with its OIDC ID token (none: no AWS access at all). */
  readonly aws?: 'read' | 'deploy';
  /** Posts a merge-request note / pull-request comment. */
  readonly comments?: boolean;
  /** Deploys: one at a time per repository (GitLab resource_group, GitHub concurrency). */
  readonly serial?: boolean;
  readonly needs?: readonly string[];
  /** Extra tools the job installs: the AWS CLI v2, buildah (the GitHub runner image has both). */
  readonly tools?: readonly ('awscli' | 'buildah')[];
  readonly commands: readonly string[];
}

/** Git ref names reach rules expressions and `on.push.branches`: letters, digits and . _ / - only. */
export function trackedBranch(config: ResolvedConfig): string {
  const b = config.git.revision;
  if (!/^[A-Za-z0-9._/-]{1,200}$/.test(b) || b.includes('..')) {
    throw new Error(`git.revision "${b}" cannot be the pipeline's deploy branch; use a branch name of letters, digits, ".", "_", "/" and "-"`);
  }
  return b;
}

/** The jobs, in order. The scheduled template sync is its own file (projenrc/template-sync-workflows.ts), included, not repeated. */
export function pipelineJobs(): PipelineJob[] {
  return [
    {
      id: 'check',
      stage: 'check',
      trigger: 'change-and-branch',
      commands: [
        'npx projen validate',
        // Every generated file must be what the config renders: a stale or hand-edited one fails here.
        'npx projen',
        'git diff --exit-code',
        // New files the config renders but nobody committed (git diff ignores untracked files).
        'test -z "$(git status --porcelain)" || { git status --porcelain; exit 1; }',
      ],
    },
    {
      id: 'test',
      stage: 'check',
      trigger: 'change-and-branch',
      // The portal backend is its own app (own lockfile): the portal and golden-path tests run its Backstage install.
      commands: ['npm ci --omit=dev --no-audit --no-fund --prefix portal/packages/backend', 'npx projen test'],
    },
    {
      id: 'cdk-diff',
      stage: 'diff',
      trigger: 'change',
      aws: 'read',
      comments: true,
      tools: ['awscli'],
      // Offline synth first (cdk-nag included): a broken app fails before any AWS call.
      commands: ['npx projen synth', 'npx tsx scripts/ci/cdk-diff.ts'],
    },
    {
      id: 'deploy',
      stage: 'deploy',
      trigger: 'branch',
      aws: 'deploy',
      serial: true,
      needs: ['check', 'test'],
      tools: ['awscli'],
      // One offline synth (cdk-nag included); diff and deploy read that cloud assembly.
      commands: ['npx projen synth', 'npx tsx scripts/ci/deploy-changed.ts', 'npx projen status'],
    },
    {
      id: 'portal-image',
      stage: 'deploy',
      trigger: 'portal',
      aws: 'deploy',
      needs: ['check'],
      tools: ['awscli', 'buildah'],
      commands: ['npx tsx scripts/ci/portal-image.ts'],
    },
  ];
}

/** Variable of a manual run (GitLab "Run pipeline" / GitHub workflow_dispatch input) asking for the portal image. */
export const PORTAL_IMAGE_VARIABLE = 'PORTAL_IMAGE';

export { PIPELINE_NOTE_TOKEN_VARIABLE };
