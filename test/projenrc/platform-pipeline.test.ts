import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv, { ValidateFunction } from 'ajv';
import { parse } from 'yaml';
import { GITHUB_PIPELINE_FILE, GITLAB_PIPELINE_FILE, renderGitHubPipeline, renderGitLabPipeline } from '../../projenrc/platform-pipeline';
import { pipelineJobs } from '../../projenrc/pipeline-jobs';
import { testConfig } from '../support/test-config';

/**
 * The pipeline files against the schemas their consumers validate with (test/support/ci-schemas/SOURCE.md):
 * GitLab's own CI schema (gitlab-org/gitlab app/assets/javascripts/editor/schema/ci.json) and
 * SchemaStore's GitHub workflow schema, through ajv (draft-07, both schemas' dialect).
 */
const ROOT = join(__dirname, '..', '..');
const schema = (name: string) => JSON.parse(readFileSync(join(ROOT, 'test', 'support', 'ci-schemas', name), 'utf8'));

function validator(name: string): ValidateFunction {
  // Both schemas use editor-only keywords (markdownDescription…): not validation keywords, so strict mode is off.
  const ajv = new Ajv({ strict: false, allErrors: true });
  // The formats the two schemas use, checked as JSON Schema defines them (ajv-formats is not a dependency).
  ajv.addFormat('uri', (s: string) => { try { return Boolean(new URL(s)); } catch { return false; } });
  ajv.addFormat('uri-reference', (s: string) => !/\s/.test(s));
  ajv.addFormat('regex', (s: string) => { try { return Boolean(new RegExp(s)); } catch { return false; } });
  ajv.addFormat('date-time', (s: string) => !Number.isNaN(Date.parse(s)));
  return ajv.compile(schema(name));
}
const gitlab = validator('gitlab-ci.json');
const github = validator('github-workflow.json');
const errors = (v: ValidateFunction) => (v.errors ?? []).map((e) => `${e.instancePath} ${e.message}`);

const config = testConfig();
const committed = (file: string) => parse(readFileSync(join(ROOT, file), 'utf8'));

describe('the platform pipeline files', () => {
  test('.gitlab-ci.yml (committed, generated) validates against GitLab\'s CI schema', () => {
    expect([gitlab(committed(GITLAB_PIPELINE_FILE)), errors(gitlab)]).toEqual([true, []]);
  });

  test('the included template-sync job validates too', () => {
    expect([gitlab(committed('.gitlab/template-sync.gitlab-ci.yml')), errors(gitlab)]).toEqual([true, []]);
  });

  test('.github/workflows/platform.yml (committed, generated) validates against the GitHub workflow schema', () => {
    expect([github(committed(GITHUB_PIPELINE_FILE)), errors(github)]).toEqual([true, []]);
  });

  test('a fixture config renders files that validate (the pipeline never depends on the example config)', () => {
    const c = testConfig({ git: { revision: 'release/2026', provider: 'hub-gitlab', basePath: 'gitops/manifests' } });
    expect([gitlab(renderGitLabPipeline(c, '22.23.3')), errors(gitlab)]).toEqual([true, []]);
    expect([github(renderGitHubPipeline(c, '22.23.3')), errors(github)]).toEqual([true, []]);
    expect(JSON.stringify(renderGitLabPipeline(c, '22.23.3'))).toContain('$CI_COMMIT_BRANCH == \\"release/2026\\"');
  });

  test('fails when the schema is given an invalid job (the check is not vacuous)', () => {
    const broken = renderGitLabPipeline(config, '22.23.3');
    (broken.deploy as Record<string, unknown>).id_tokens = { AWS_ID_TOKEN: { audience: 'sts.amazonaws.com' } };
    expect(gitlab(broken)).toBe(false);
    const gh = renderGitHubPipeline(config, '22.23.3');
    (gh.jobs as Record<string, Record<string, unknown>>).deploy['runs-on'] = 42;
    expect(github(gh)).toBe(false);
  });

  test('fails when git.revision could inject into a rules expression', () => {
    const c = { ...config, git: { ...config.git, revision: 'main" || "1" == "1' } };
    expect(() => renderGitLabPipeline(c, '22.23.3')).toThrow(/git.revision .* cannot be the pipeline's deploy branch/);
  });

  test('GitLab and GitHub render the same jobs, with the same commands', () => {
    const gl = renderGitLabPipeline(config, '22.23.3');
    const gh = renderGitHubPipeline(config, '22.23.3') as { jobs: Record<string, { steps: { run?: string }[] }> };
    for (const job of pipelineJobs()) {
      expect((gl[job.id] as { script: string[] }).script).toEqual(job.commands);
      // Only the root install step GitHub adds to every job is left out (GitLab has it in before_script).
      expect(gh.jobs[job.id].steps.map((s) => s.run).filter((r) => r && r !== 'npm ci --no-audit --no-fund')).toEqual(job.commands);
    }
    expect(Object.keys(gh.jobs)).toEqual(pipelineJobs().map((j) => j.id));
  });

  test('only AWS jobs get an ID token, with audience sts.amazonaws.com; merge requests never deploy', () => {
    const gl = renderGitLabPipeline(config, '22.23.3') as Record<string, any>;
    expect(gl['cdk-diff'].id_tokens).toEqual({ AWS_ID_TOKEN: { aud: 'sts.amazonaws.com' } });
    expect(gl.check.id_tokens).toBeUndefined();
    expect(gl.test.id_tokens).toBeUndefined();
    expect(gl.deploy.rules).toEqual([{ if: '$CI_PIPELINE_SOURCE == "push" && $CI_COMMIT_BRANCH == "main"' }]);
    expect(gl.deploy.resource_group).toBe('platform-deploy');
    expect(gl.include).toEqual([{ local: '.gitlab/template-sync.gitlab-ci.yml' }]);
    const gh = renderGitHubPipeline(config, '22.23.3') as Record<string, any>;
    expect(gh.jobs.check.permissions).toEqual({ contents: 'read' });
    expect(gh.jobs.deploy.permissions).toEqual({ 'contents': 'read', 'id-token': 'write' });
    expect(gh.jobs['cdk-diff'].permissions['pull-requests']).toBe('write');
  });
});
