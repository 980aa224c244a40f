import { Component, Project, YamlFile } from 'projen';

export interface TemplateSyncWorkflowsOptions {
  /** Node.js version the jobs run on. */
  readonly nodeVersion: string;
  /** Cron schedule (UTC). @default weekly, Monday 06:00 */
  readonly schedule?: string;
}

// Shared by both CI systems: sync on a fresh branch; on conflicts undo and fail loudly (nothing is
// ever silently overwritten; a person runs the sync locally and resolves); push only when something changed.
const SYNC_SCRIPT = [
  'set -eu',
  'branch="template-sync/$(date -u +%Y%m%d-%H%M)"',
  'git checkout -b "$branch"',
  'if ! npx projen template-sync; then',
  '  npx projen template-sync --abort || true',
  '  echo "Template sync has conflicts: run \\`npx projen template-sync\\` locally, resolve, then --continue (see README: Upgrading your fork)." >&2',
  '  exit 1',
  'fi',
  'if [ "$(git rev-parse HEAD)" = "$(git rev-parse "@{-1}")" ]; then echo "Already up to date."; exit 0; fi',
];

/** Scheduled template-sync jobs that open a pull request (GitHub) or merge request (GitLab). */
export class TemplateSyncWorkflows extends Component {
  constructor(project: Project, options: TemplateSyncWorkflowsOptions) {
    super(project);
    const cron = options.schedule ?? '0 6 * * 1';

    new YamlFile(project, '.github/workflows/template-sync.yml', {
      obj: {
        name: 'template-sync',
        on: { schedule: [{ cron }], workflow_dispatch: {} },
        permissions: { 'contents': 'write', 'pull-requests': 'write' },
        jobs: {
          sync: {
            'runs-on': 'ubuntu-latest',
            'steps': [
              { uses: 'actions/checkout@v4', with: { 'fetch-depth': 0 } },
              { uses: 'actions/setup-node@v4', with: { 'node-version': options.nodeVersion } },
              { run: 'npm ci' },
              { run: 'git config user.name "template-sync[bot]" && git config user.email "template-sync@users.noreply.github.com"' },
              {
                name: 'Sync and open a pull request',
                env: { GH_TOKEN: '${{ github.token }}' },
                run: [
                  ...SYNC_SCRIPT,
                  'git push -u origin "$branch"',
                  'gh pr create --fill --title "Template sync: $(git log -1 --format=%s)" --body "Automated three-way merge of the upstream template. Fork-owned files were kept; see the job log for upstream changes to them."',
                ].join('\n'),
              },
            ],
          },
        },
      },
    });

    new YamlFile(project, '.gitlab/template-sync.gitlab-ci.yml', {
      obj: {
        'template-sync': {
          image: `public.ecr.aws/docker/library/node:${options.nodeVersion}`,
          rules: [{ if: '$CI_PIPELINE_SOURCE == "schedule" && $TEMPLATE_SYNC == "true"' }],
          variables: { GIT_DEPTH: '0' },
          script: [
            'npm ci',
            'git config user.name "template-sync" && git config user.email "template-sync@noreply"',
            'git checkout -B "$CI_COMMIT_REF_NAME" "origin/$CI_COMMIT_REF_NAME"',
            [
              ...SYNC_SCRIPT,
              // GitLab push options open the merge request: no extra tool. TEMPLATE_SYNC_TOKEN needs write_repository.
              'git push "https://oauth2:${TEMPLATE_SYNC_TOKEN}@${CI_SERVER_HOST}/${CI_PROJECT_PATH}.git" "$branch" -o merge_request.create -o "merge_request.target=$CI_DEFAULT_BRANCH" -o "merge_request.title=Template sync"',
            ].join('\n'),
          ],
        },
      },
    });
  }
}
