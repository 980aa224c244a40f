import { cdkBootstrapRoleArn, pipelineOidc, pipelineRepository, stackDeployOrder } from '../../contract/platform-pipeline';
import { testConfig } from '../support/test-config';

const external = (url: string) => testConfig({ git: { provider: 'external', url, revision: 'main', basePath: 'gitops/manifests' } });

describe('contract/platform-pipeline', () => {
  test('the default repository is the hub GitLab\'s platform/<name>', () => {
    expect(pipelineRepository(testConfig())).toEqual({ host: 'gitlab.platform.test.example.com', path: 'platform/test', forge: 'gitlab' });
  });

  test.each([
    ['https://gitlab.example.com/group/sub/project.git', 'gitlab.example.com', 'group/sub/project'],
    ['ssh://git@gitlab.example.com:2222/group/project.git', 'gitlab.example.com', 'group/project'],
    ['git@gitlab.example.com:group/project.git', 'gitlab.example.com', 'group/project'],
  ])('parses %s', (url, host, path) => {
    expect(pipelineRepository(external(url))).toMatchObject({ host, path, forge: 'gitlab' });
  });

  test('GitLab sub claims: any branch for diff, the tracked branch only for deploy', () => {
    expect(pipelineOidc(testConfig())).toEqual({
      issuerHost: 'gitlab.platform.test.example.com',
      issuerUrl: 'https://gitlab.platform.test.example.com',
      readSubjects: ['project_path:platform/test:ref_type:branch:ref:*'],
      deploySubjects: ['project_path:platform/test:ref_type:branch:ref:main'],
    });
  });

  test('a GitHub-hosted fork trusts GitHub\'s issuer with repo: subjects', () => {
    expect(pipelineOidc(external('https://github.com/acme/platform.git'))).toEqual({
      issuerHost: 'token.actions.githubusercontent.com',
      issuerUrl: 'https://token.actions.githubusercontent.com',
      readSubjects: ['repo:acme/platform:pull_request', 'repo:acme/platform:ref:refs/heads/*'],
      deploySubjects: ['repo:acme/platform:ref:refs/heads/main'],
    });
  });

  test.each([
    'https://gitlab.example.com/group/pro*ject.git',
    'https://gitlab.example.com/project.git',
    'https://gitlab.example.com/group/"x".git',
  ])('fails when git.url %s cannot be spliced into an IAM trust condition', (url) => {
    // The contract checks on its own, even for a config that bypassed validation (which rejects some of these first).
    const config = testConfig();
    const bypassed = { ...config, git: { ...config.git, provider: 'external' as const, url } };
    expect(() => pipelineRepository(bypassed)).toThrow(/does not name a repository as host and group\/project/);
  });

  test('stacks deploy hub first; bootstrap roles use the default qualifier', () => {
    expect(stackDeployOrder(testConfig())).toEqual(['test-hub', 'test-dev', 'test-prod']);
    expect(cdkBootstrapRoleArn('222222222222', 'eu-west-1', 'deploy')).toBe('arn:aws:iam::222222222222:role/cdk-hnb659fds-deploy-role-222222222222-eu-west-1');
  });
});
