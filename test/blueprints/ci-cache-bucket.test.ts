import type { Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import type { ResolvedConfig } from '../../config/resolved-config';
import { roleName } from '../../contract/gitops-bridge';
import { ciCacheBucketName, GITLAB_RUNNER, gitlabRunnerEnabled } from '../../contract/gitlab-runner';
import { addonById } from '../../catalog/registry';
import { evaluate } from '../support/iam-evaluator';
import { fullyResolved, synthesizedRoles } from '../support/synthesized-roles';
import { synthPlatform } from '../support/synth-platform';
import { forkLikeConfig, testConfig } from '../support/test-config';

/**
 * The hub runner's cache bucket and the one identity that reaches it: the runner manager's Pod Identity
 * (catalog/addons/gitlab.ts), evaluated with the IAM evaluation model on the synthesized policy. Job pods
 * (`ci-job`) get no association: they use URLs the manager pre-signs
 * (https://docs.gitlab.com/runner/configuration/advanced-configuration/#the-runnerscaches3-section).
 */
type Resources = Record<string, { Type: string; Properties?: Record<string, any> }>;
const resourcesOf = (s: Stack) => Template.fromStack(s).toJSON().Resources as Resources;
const ofType = (s: Stack, type: string) => Object.values(resourcesOf(s)).filter((r) => r.Type === type);

describe.each<[string, () => ResolvedConfig]>([
  ['testConfig()', () => testConfig()],
  ['a fork-like config', () => forkLikeConfig()],
])('the CI cache bucket with %s', (_, make) => {
  const config = make();
  const { stacks, exitCode } = synthPlatform(config);
  const hub = stacks.hub;
  const bucketName = ciCacheBucketName(config);

  test('synthesizes cdk-nag clean, with the runner on', () => {
    expect(gitlabRunnerEnabled(config)).toBe(true);
    expect(exitCode).toBeFalsy();
  });

  test('one bucket named by the contract: S3-managed encryption, no public access, owner-enforced, expiring, unversioned, emptied on destroy', () => {
    const buckets = Object.entries(resourcesOf(hub)).filter(([, r]) => r.Type === 'AWS::S3::Bucket');
    expect(buckets.map(([, b]) => b.Properties?.BucketName)).toEqual([bucketName]);
    const [id, bucket] = buckets[0];
    const p = bucket.Properties!;
    expect(p.BucketEncryption.ServerSideEncryptionConfiguration).toEqual([{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }]);
    expect(p.PublicAccessBlockConfiguration).toEqual({ BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true });
    expect(p.OwnershipControls).toEqual({ Rules: [{ ObjectOwnership: 'BucketOwnerEnforced' }] });
    expect(p.VersioningConfiguration).toBeUndefined();
    expect(p.LifecycleConfiguration.Rules).toEqual([expect.objectContaining({ Status: 'Enabled', ExpirationInDays: 14, AbortIncompleteMultipartUpload: { DaysAfterInitiation: 1 } })]);
    expect(bucket).toEqual(expect.objectContaining({ DeletionPolicy: 'Delete' }));
    // autoDeleteObjects: the custom resource that empties the bucket before CloudFormation deletes it.
    const emptiers = ofType(hub, 'Custom::S3AutoDeleteObjects');
    expect(emptiers.map((e) => e.Properties?.BucketName)).toEqual([{ Ref: id }]);
    // enforceSSL: the bucket policy denies any request without TLS.
    const policy = ofType(hub, 'AWS::S3::BucketPolicy').find((b) => JSON.stringify(b.Properties?.Bucket) === JSON.stringify({ Ref: id }))!;
    expect(policy.Properties!.PolicyDocument.Statement).toContainEqual(expect.objectContaining({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }));
  });

  test('the manager (gitlab/gitlab-runner) may get and put cache objects, and nothing in another bucket or account', () => {
    const role = fullyResolved(synthesizedRoles(hub).get(roleName(config, config.hub, 'gitlab'))!);
    const object = (bucket: string, key = 'runner/project/1/default-protected') => `arn:aws:s3:::${bucket}/${key}`;
    for (const action of ['s3:GetObject', 's3:PutObject', 's3:GetObjectVersion', 's3:DeleteObject']) {
      expect([action, evaluate(role.statements, { action, resource: object(bucketName) })]).toEqual([action, 'allow']);
    }
    expect(evaluate(role.statements, { action: 's3:ListBucket', resource: `arn:aws:s3:::${bucketName}` })).toBe('allow');
    const otherAccount = ciCacheBucketName({ ...config, hub: { ...config.hub, account: '999999999999' } });
    for (const other of [otherAccount, `${config.resourcePrefix}-gitlab-artifacts`, `${bucketName}-copy`]) {
      expect([other, evaluate(role.statements, { action: 's3:GetObject', resource: object(other) })]).toEqual([other, 'implicit-deny']);
      expect([other, evaluate(role.statements, { action: 's3:PutObject', resource: object(other) })]).toEqual([other, 'implicit-deny']);
    }
    for (const action of ['s3:PutBucketPolicy', 's3:DeleteBucket', 's3:PutObjectAcl']) {
      expect([action, evaluate(role.statements, { action, resource: `arn:aws:s3:::${bucketName}` })]).toEqual([action, 'implicit-deny']);
    }
    expect(JSON.stringify(role.trust)).toContain('pods.eks.amazonaws.com');
  });

  test('Pod Identity: gitlab/gitlab-runner on the hub only; the job service account has none anywhere', () => {
    const associations = (s: Stack) => ofType(s, 'AWS::EKS::PodIdentityAssociation').map((a) => `${a.Properties?.Namespace}/${a.Properties?.ServiceAccount}`);
    expect(associations(hub)).toContain(`${addonById('gitlab').namespace}/${GITLAB_RUNNER.managerServiceAccount}`);
    for (const s of [hub, ...stacks.spokes]) {
      expect(associations(s).filter((a) => a.endsWith(`/${GITLAB_RUNNER.jobServiceAccount}`) || a.startsWith(`${GITLAB_RUNNER.jobNamespace}/`))).toEqual([]);
    }
    for (const s of stacks.spokes) expect(associations(s)).not.toContain(`${addonById('gitlab').namespace}/${GITLAB_RUNNER.managerServiceAccount}`);
  });
});

describe('without the hub GitLab (git.provider external)', () => {
  test('no cache bucket: the runner is off', () => {
    const config = testConfig({ git: { provider: 'external', url: 'https://git.example.com/platform/test.git' } });
    expect(gitlabRunnerEnabled(config)).toBe(false);
    const { stacks, exitCode } = synthPlatform(config);
    expect(exitCode).toBeFalsy();
    expect(ofType(stacks.hub, 'AWS::S3::Bucket')).toEqual([]);
    expect(ofType(stacks.hub, 'Custom::S3AutoDeleteObjects')).toEqual([]);
  });
});
