import { $ } from 'zx';
import { DEFAULT_CONFIG_FILE, loadResolvedConfig } from '../../config/load-config';
import { PIPELINE_NOTE_TOKEN_VARIABLE, pipelineRoleArn, stackDeployOrder } from '../../contract/platform-pipeline';
import { parseCli } from '../lib/cli';
import { formatError } from '../lib/format-error';
import { redact } from '../lib/redact';
import { Tools } from '../lib/tools';
import { changedStacks, diffNote } from './lib/stack-diff';
import { assumeRoleWithWebIdentity, ciLogFile, idToken, sessionName, withAwsEnv } from './lib/web-identity';

const USAGE = `
Usage: tsx scripts/ci/cdk-diff.ts [--config FILE] [--print-only]

Merge-request job: assumes the read-only pipeline role "<resourcePrefix>-pipeline-read" with the job's
OIDC ID token (aws sts assume-role-with-web-identity), runs \`cdk diff --no-change-set\` of every
platform stack in the cloud assembly the job synthesized (cdk.out, \`npx projen synth\`) against the deployed ones (read-only: no change set is created) and posts the diff as a
note on the merge request (GitLab: project access token in $${PIPELINE_NOTE_TOKEN_VARIABLE}, api scope;
GitHub: $GITHUB_TOKEN and $PR_NUMBER). --print-only prints the diff and posts nothing.
Exit 1 when the diff or the note fails.
`;
const { args } = parseCli(USAGE, { string: ['config'], boolean: ['print-only'] }, process.argv.slice(2));

/** Posts the note; the token goes in a header, never in a URL, argv or the log. */
async function postNote(body: string, env: NodeJS.ProcessEnv): Promise<string> {
  if (env.GITLAB_CI) {
    const token = env[PIPELINE_NOTE_TOKEN_VARIABLE];
    const { CI_API_V4_URL: api, CI_PROJECT_ID: project, CI_MERGE_REQUEST_IID: mr } = env;
    if (!api || !project || !mr) throw new Error('not a merge-request pipeline (CI_MERGE_REQUEST_IID is unset): the job runs only on merge requests');
    if (!token) throw new Error(`CI variable ${PIPELINE_NOTE_TOKEN_VARIABLE} is unset: add a masked, protected-off project access token with api scope (README: The platform's own CI/CD)`);
    const url = `${api}/projects/${encodeURIComponent(project)}/merge_requests/${encodeURIComponent(mr)}/notes`;
    const res = await fetch(url, { method: 'POST', headers: { 'PRIVATE-TOKEN': token, 'Content-Type': 'application/json' }, body: JSON.stringify({ body }) });
    if (!res.ok) throw new Error(`GitLab refused the merge-request note (HTTP ${res.status} from ${url})`);
    return url;
  }
  if (env.GITHUB_ACTIONS) {
    const { GITHUB_API_URL: api, GITHUB_REPOSITORY: repo, PR_NUMBER: pr, GITHUB_TOKEN: token } = env;
    if (!api || !repo || !pr || !token) throw new Error('GITHUB_API_URL, GITHUB_REPOSITORY, PR_NUMBER and GITHUB_TOKEN must be set (pull_request workflow)');
    const url = `${api}/repos/${repo}/issues/${encodeURIComponent(pr)}/comments`;
    const res = await fetch(url, { method: 'POST', headers: { Authorization: `Bearer ${token}`, Accept: 'application/vnd.github+json', 'Content-Type': 'application/json' }, body: JSON.stringify({ body }) });
    if (!res.ok) throw new Error(`GitHub refused the pull-request comment (HTTP ${res.status} from ${url})`);
    return url;
  }
  throw new Error('neither GITLAB_CI nor GITHUB_ACTIONS is set: run with --print-only outside a pipeline');
}

async function main(): Promise<void> {
  const config = loadResolvedConfig(args.config ?? DEFAULT_CONFIG_FILE);
  const stacks = stackDeployOrder(config);
  const tools = new Tools(ciLogFile('cdk-diff'));
  const aws = await assumeRoleWithWebIdentity(tools, { roleArn: pipelineRoleArn(config, 'read'), token: await idToken(), sessionName: sessionName(), region: config.hub.region });
  console.log(`› cdk diff ${stacks.join(' ')} (as ${pipelineRoleArn(config, 'read')})`);
  // cdk diff prints the diff on stderr; both streams are the diff report.
  const result = await $({ quiet: true, nothrow: true, env: withAwsEnv(aws) })`cdk diff --app=cdk.out --no-change-set --no-notices --no-version-reporting ${stacks}`;
  const output = redact(`${result.stdout}${result.stderr}`);
  process.stdout.write(output.endsWith('\n') ? output : `${output}\n`);
  if (result.exitCode !== 0) throw new Error(`cdk diff failed (exit ${result.exitCode}); see above`);
  const changed = changedStacks(output, stacks);
  console.log(`› ${changed.length === 0 ? 'no stack changes' : `changed: ${changed.join(', ')}`}`);
  if (args['print-only']) return;
  const commit = process.env.CI_COMMIT_SHA ?? process.env.GITHUB_SHA ?? 'HEAD';
  const where = await postNote(diffNote(output, changed, commit), process.env);
  console.log(`› diff posted (${where})`);
}

main().catch((err) => {
  console.error(redact(formatError(err)));
  process.exit(1);
});
