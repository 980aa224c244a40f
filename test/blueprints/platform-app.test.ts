import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { App } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { buildPlatform } from '../../blueprints/platform-app';
import { addonsWithIam, CONNECTION_KEYS, clusterMetadata } from '../../contract/gitops-bridge';
import { PLATFORM_SECRETS } from '../../contract/platform-secrets';
import { platformId } from '../../contract/platform-tags';
import { addonById } from '../../catalog/registry';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { appContext, nagViolations, synthPlatform } from '../support/synth-platform';
import { testConfig } from '../support/test-config';

const config = testConfig();
// Validation failures set the exit code instead of throwing: the platform itself has none.
const { stacks, outdir, exitCode: exitCodeAfterSynth } = synthPlatform(config);
const templates = Object.fromEntries(stacks.all.map((s) => [s.cluster.node.path, Template.fromStack(s)]));
const templateOf = (name: string) => Template.fromStack(stacks.all.find((s) => s.stackName === `test-${name}`)!);

/** Every IAM policy document in a template (inline policies, role trust policies, resource policies). */
function policyDocuments(t: Template): Record<string, unknown>[] {
  const json = t.toJSON() as { Resources: Record<string, { Properties?: Record<string, unknown> }> };
  const docs: Record<string, unknown>[] = [];
  const visit = (v: unknown) => {
    if (Array.isArray(v)) v.forEach(visit);
    else if (v && typeof v === 'object') {
      const o = v as Record<string, unknown>;
      if ('Statement' in o && 'Version' in o) docs.push(o);
      Object.values(o).forEach(visit);
    }
  };
  Object.values(json.Resources).forEach((r) => visit(r.Properties));
  return docs;
}

describe('platform CDK app', () => {
  test('one stack per cluster, each in its own account and region', () => {
    expect(stacks.all.map((s) => [s.stackName, s.account, s.region])).toEqual([
      ['test-hub', '111111111111', 'eu-west-1'],
      ['test-dev', '222222222222', 'eu-west-1'],
      ['test-prod', '333333333333', 'eu-central-1'],
    ]);
  });

  test('the platform synthesizes with zero unacknowledged cdk-nag findings', () => {
    expect(exitCodeAfterSynth).not.toBe(1);
    expect(nagViolations(outdir)).toEqual([]);
  });

  test('cdk-nag AwsSolutions runs in the synth and fails it on any unacknowledged finding', () => {
    // The synth above succeeded: zero unacknowledged findings. Prove the checks are wired and blocking:
    const app = new App({ context: appContext(config) });
    const built = buildPlatform(app, config);
    new s3.Bucket(built.hub, 'UnencryptedTransportBucket');
    const before = process.exitCode;
    const quiet = jest.spyOn(console, 'error').mockImplementation(() => undefined); // the report we expect
    try {
      // aws-cdk-lib reports validation failures by writing a report and setting the exit code.
      const assembly = app.synth();
      expect(process.exitCode).toBe(1);
      const report = readFileSync(join(assembly.directory, 'validation-report.json'), 'utf8');
      expect(report).toMatch(/AwsSolutions-S10/);
      expect(report).toContain('UnencryptedTransportBucket');
      expect(report).not.toContain('PodIdentity'); // everything else stays acknowledged
    } finally {
      process.exitCode = before;
      quiet.mockRestore();
    }
  });

  test.each(['hub', 'dev', 'prod'])('%s: EKS Auto Mode with the built-in system pool only (general workloads use the policy-enforcing pool), logging and secret encryption', (name) => {
    templateOf(name).hasResourceProperties('AWS::EKS::Cluster', {
      Name: `test-${name}`,
      ComputeConfig: { Enabled: true, NodePools: ['system'] },
      Logging: { ClusterLogging: { EnabledTypes: Match.arrayWith([{ Type: 'api' }, { Type: 'audit' }]) } },
      EncryptionConfig: [Match.objectLike({ Resources: ['secrets'] })],
      ResourcesVpcConfig: Match.objectLike({ EndpointPublicAccess: true, EndpointPrivateAccess: true }),
    });
  });

  test('explicit AZs per config, no lookup', () => {
    const subnets = templateOf('dev').findResources('AWS::EC2::Subnet');
    const azs = new Set(Object.values(subnets).map((s) => (s as { Properties: { AvailabilityZone: string } }).Properties.AvailabilityZone));
    expect([...azs].sort()).toEqual(['eu-west-1a', 'eu-west-1b']);
  });

  test.each(['dev', 'prod'])('%s: an access entry maps the role only the hub Argo CD may assume to cluster admin', (name) => {
    const t = templateOf(name);
    t.hasResourceProperties('AWS::IAM::Role', {
      RoleName: `test-${name}-argocd-spoke`,
      AssumeRolePolicyDocument: {
        Statement: Match.arrayWith([Match.objectLike({
          Action: 'sts:AssumeRole',
          Principal: { AWS: Match.stringLikeRegexp('111111111111') },
          Condition: { ArnEquals: { 'aws:PrincipalArn': 'arn:aws:iam::111111111111:role/test-hub-argocd' } },
        })]),
      },
    });
    const entries = t.findResources('AWS::EKS::AccessEntry');
    const argo = Object.entries(entries).find(([id]) => id.startsWith('ArgoCdAccessEntry'))!;
    expect(JSON.stringify(argo[1])).toContain('ArgoCdSpokeRole');
    expect(JSON.stringify(argo[1])).toContain('AmazonEKSClusterAdminPolicy');
  });

  test.each(['hub', 'dev', 'prod'])('%s: operators reach the cluster only through a cluster-admin role trusted by admins.principals', (name) => {
    const t = templateOf(name);
    t.hasResourceProperties('AWS::IAM::Role', {
      RoleName: `test-${name}-cluster-admin`,
      AssumeRolePolicyDocument: {
        Statement: [Match.objectLike({
          Action: 'sts:AssumeRole',
          Principal: { AWS: Match.stringLikeRegexp('111111111111') },
          Condition: { ArnLike: { 'aws:PrincipalArn': ['arn:aws:iam::111111111111:role/platform-operator'] } },
        })],
      },
    });
    // The access entry maps exactly that role to cluster admin; no role trusts the account without a condition.
    const entries = Object.values(t.findResources('AWS::EKS::AccessEntry')).map((e) => JSON.stringify(e));
    expect(entries.filter((e) => e.includes('ClusterAdminRole') && e.includes('AmazonEKSClusterAdminPolicy'))).toHaveLength(1);
    const roles = Object.values(t.findResources('AWS::IAM::Role')) as { Properties: { AssumeRolePolicyDocument: { Statement: { Principal?: { AWS?: unknown }; Condition?: unknown }[] } } }[];
    const accountWide = roles.flatMap((r) => r.Properties.AssumeRolePolicyDocument.Statement).filter((st) => st.Principal?.AWS && !st.Condition);
    expect(accountWide).toEqual([]);
    expect(Object.keys(t.toJSON().Outputs)).toContain('ClusterAdminRoleArn');
  });

  test('admins.requireMfa adds the MFA condition; principals in several accounts each get a narrowed statement', () => {
    const c = testConfig({ admins: { principals: ['arn:aws:iam::111111111111:role/ops', 'arn:aws:iam::444444444444:user/alice'], requireMfa: true } });
    const t = Template.fromStack(synthPlatform(c).stacks.hub);
    t.hasResourceProperties('AWS::IAM::Role', {
      RoleName: 'test-hub-cluster-admin',
      AssumeRolePolicyDocument: {
        Statement: [
          Match.objectLike({ Condition: { ArnLike: { 'aws:PrincipalArn': ['arn:aws:iam::111111111111:role/ops'] }, Bool: { 'aws:MultiFactorAuthPresent': 'true' } } }),
          Match.objectLike({ Principal: { AWS: Match.stringLikeRegexp('444444444444') }, Condition: { ArnLike: { 'aws:PrincipalArn': ['arn:aws:iam::444444444444:user/alice'] }, Bool: { 'aws:MultiFactorAuthPresent': 'true' } } }),
        ],
      },
    });
  });

  test('hub Argo CD role may assume exactly the spokes\' Argo CD roles, through Pod Identity', () => {
    const t = templateOf('hub');
    t.hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: { Statement: [{ Action: ['sts:AssumeRole', 'sts:TagSession'], Effect: 'Allow', Resource: ['arn:aws:iam::222222222222:role/test-dev-argocd-spoke', 'arn:aws:iam::333333333333:role/test-prod-argocd-spoke'] }] },
    });
    for (const sa of ['argocd-application-controller', 'argocd-server', 'argocd-applicationset-controller']) {
      t.hasResourceProperties('AWS::EKS::PodIdentityAssociation', { ClusterName: 'test-hub', Namespace: 'argocd', ServiceAccount: sa });
    }
  });

  test.each(['hub', 'dev', 'prod'])('%s: a Pod Identity association for every enabled add-on that calls AWS, with its service account', (name) => {
    const cluster = config.clusters.find((c) => c.name === name)!;
    const ids = addonsWithIam(cluster);
    expect(ids.length).toBeGreaterThan(0);
    for (const id of ids) {
      const addon = addonById(id);
      templateOf(name).hasResourceProperties('AWS::EKS::PodIdentityAssociation', { ClusterName: `test-${name}`, Namespace: addon.namespace, ServiceAccount: addon.identity!.serviceAccount });
      templateOf(name).hasResourceProperties('AWS::IAM::Role', {
        RoleName: `test-${name}-${id}`,
        AssumeRolePolicyDocument: { Statement: Match.arrayWith([Match.objectLike({ Principal: { Service: 'pods.eks.amazonaws.com' } })]) },
      });
    }
  });

  test('every platform credential is generated by Secrets Manager, never a literal', () => {
    const secrets = templateOf('hub').findResources('AWS::SecretsManager::Secret');
    for (const s of PLATFORM_SECRETS) {
      const found = Object.values(secrets).find((r) => JSON.stringify(r).includes(`"test/${s.id}"`)) as { Properties: Record<string, unknown> };
      expect(found).toBeDefined();
      // Alphanumeric: keycloak-config-cli substitutes client secrets into the realm JSON as text ($(env:…)),
      // DevLake builds a mysql:// URL from its password and Grafana expands `$` in data sources.
      expect(found.Properties.GenerateSecretString).toMatchObject({ GenerateStringKey: s.generatedKey, PasswordLength: 32, ExcludePunctuation: true });
      expect(found.Properties.SecretString).toBeUndefined();
    }
  });

  test.each(['hub', 'dev', 'prod'])('%s: the GitOps Bridge registration carries every contract key and no credential', (name) => {
    const cluster = config.clusters.find((c) => c.name === name)!;
    const secrets = templateOf(name).findResources('AWS::SecretsManager::Secret', { Properties: { Name: `test/gitops-bridge/${name}` } });
    const [registration] = Object.values(secrets) as { Properties: { SecretString: unknown } }[];
    const text = JSON.stringify(registration.Properties.SecretString);
    const expected = clusterMetadata(config, cluster, { vpcId: 'x', oidcIssuer: 'x', addonRoleArns: Object.fromEntries(addonsWithIam(cluster).map((a) => [a, 'x'])), nodeRoleName: 'x', clusterSecurityGroupId: 'x', certificateArn: 'x' });
    for (const key of [...Object.keys(expected.labels), ...Object.keys(expected.annotations), CONNECTION_KEYS.server, CONNECTION_KEYS.caData]) {
      expect(text).toContain(`\\"${key}\\":`);
    }
    expect(text).not.toMatch(/password|token|secretAccessKey/i);
  });

  test('no policy grants to the "*" principal, and no workload role has admin rights', () => {
    for (const t of Object.values(templates)) {
      for (const doc of policyDocuments(t)) {
        for (const st of (doc.Statement as Record<string, unknown>[])) {
          // A Deny to "*" is not a grant: enforceSSL's bucket policy denies every principal without TLS.
          if (st.Effect === 'Allow') expect(JSON.stringify(st.Principal ?? null)).not.toMatch(/"\*"/);
          expect(st.Action).not.toEqual('*');
          expect(JSON.stringify(st.Action)).not.toMatch(/"(iam:\*|\*:\*)"/);
        }
      }
      expect(JSON.stringify(t.toJSON())).not.toContain('AdministratorAccess');
    }
  });

  test('production clusters are retained and protected; every resource carries the platform tags', () => {
    const prod = stacks.all.find((s) => s.stackName === 'test-prod')!;
    const dev = stacks.all.find((s) => s.stackName === 'test-dev')!;
    expect(prod.terminationProtection).toBe(true);
    expect(dev.terminationProtection).toBe(false);
    templateOf('prod').hasResource('AWS::EKS::Cluster', { DeletionPolicy: 'Retain' });
    templateOf('prod').hasResourceProperties('AWS::EKS::Cluster', {
      Tags: Match.arrayWith([{ Key: 'platform-blueprint:environment', Value: 'prod' }, { Key: 'platform-blueprint:platform', Value: 'test' }]),
    });
    templateOf('dev').hasResourceProperties('AWS::EC2::VPC', { Tags: Match.arrayWith([{ Key: 'platform-blueprint:platform', Value: 'test' }]) });
    // The unique platform id the teardown sweep matches on (never the name alone).
    templateOf('dev').hasResourceProperties('AWS::EC2::VPC', { Tags: Match.arrayWith([{ Key: 'platform-blueprint:platform-id', Value: platformId('111111111111', 'test') }]) });
    templateOf('hub').hasResourceProperties('AWS::EKS::Cluster', { Tags: Match.arrayWith([{ Key: 'platform-blueprint:platform-id', Value: platformId('111111111111', 'test') }]) });
  });

  // Outputs only for a reader: the operator (README "Operator access": role ARN and kubeconfig command),
  // the reachability step (`describe-stacks --query …HostedZoneId`, scripts/platform/reachability-steps.ts).
  // Everything else the scripts derive from the config (contract/), so an output of it would go unread.
  test('outputs are only what an operator or a script reads', () => {
    expect(Object.keys(templateOf('hub').toJSON().Outputs).sort()).toEqual(['ClusterAdminRoleArn', 'HostedZoneId', 'KubeconfigCommand']);
    for (const name of ['dev', 'prod']) expect(Object.keys(templateOf(name).toJSON().Outputs).sort()).toEqual(['ClusterAdminRoleArn', 'KubeconfigCommand']);
  });

  describe('reachability', () => {
    test('hub: the existing zone is imported by id (no lookup, no zone resource) and a DNS-validated certificate covers <domain> and *.<domain>', () => {
      const t = templateOf('hub');
      // The only zone in the template is the private zone of the database host names (docs/databases.md).
      expect(Object.values(t.findResources('AWS::Route53::HostedZone')).map((z: any) => z.Properties.Name)).toEqual(['db.test.internal.']);
      t.hasResourceProperties('AWS::CertificateManager::Certificate', {
        DomainName: 'platform.test.example.com',
        SubjectAlternativeNames: ['*.platform.test.example.com'],
        ValidationMethod: 'DNS',
        // ACM validates <domain> and *.<domain> with the same record, so CDK lists the zone once.
        DomainValidationOptions: [{ DomainName: 'platform.test.example.com', HostedZoneId: 'Z0TESTZONE00000000001' }],
      });
      const outputs = t.toJSON().Outputs;
      expect(outputs.HostedZoneId.Value).toBe('Z0TESTZONE00000000001');
        expect(outputs.HostedZoneNameServers).toBeUndefined();
      expect(JSON.parse(readFileSync(join(outdir, 'manifest.json'), 'utf8')).missing).toBeUndefined(); // nothing to look up
    });

    test('hub: a created zone is retained and its name servers are output for delegation', () => {
      const created = testConfig({ ingress: { createHostedZone: true } });
      const { stacks: built, outdir: createdOut, exitCode } = synthPlatform(created);
      expect([exitCode, nagViolations(createdOut)]).toEqual([undefined, []]);
      const t = Template.fromStack(built.hub);
      t.hasResource('AWS::Route53::HostedZone', { Properties: { Name: 'platform.test.example.com.' }, DeletionPolicy: 'Retain' });
      const [zoneId] = Object.keys(t.findResources('AWS::Route53::HostedZone', { Properties: { Name: 'platform.test.example.com.' } }));
      t.hasResourceProperties('AWS::CertificateManager::Certificate', {
        SubjectAlternativeNames: ['*.platform.test.example.com'],
        DomainValidationOptions: [{ DomainName: 'platform.test.example.com', HostedZoneId: { Ref: zoneId } }],
      });
      expect(t.toJSON().Outputs.HostedZoneNameServers.Value).toEqual({ 'Fn::Join': [',', { 'Fn::GetAtt': [zoneId, 'NameServers'] }] });
      Template.fromStack(built.spokes[0]).resourceCountIs('AWS::Route53::HostedZone', 0);
    });

    test.each(['dev', 'prod'])('%s: no zone and no certificate: the zone and certificate live with the hub', (name) => {
      templateOf(name).resourceCountIs('AWS::Route53::HostedZone', 0);
      templateOf(name).resourceCountIs('AWS::CertificateManager::Certificate', 0);
    });

    test.each(['hub', 'dev', 'prod'])('%s: the registration hands the cluster-base chart its certificate, node role and security group', (name) => {
      const secrets = templateOf(name).findResources('AWS::SecretsManager::Secret', { Properties: { Name: `test/gitops-bridge/${name}` } });
      const text = JSON.stringify(Object.values(secrets)[0]);
      expect(text).toMatch(/\\"aws_node_role_name\\":\\"",\{"Ref":"[^"]*nodePoolRole/);
      expect(text).toMatch(/\\"aws_cluster_security_group_id\\":\\"",\{"Fn::GetAtt":\["[^"]+","ClusterSecurityGroupId"\]/);
      if (name === 'hub') expect(text).toMatch(/\\"ingress_certificate_arn\\":\\"",\{"Ref":"DnsCertificate/);
      else expect(text).toContain('\\"ingress_certificate_arn\\":\\"\\"');
    });

    test.each(['hub', 'dev', 'prod'])('%s: the cluster role may tag only what Auto Mode creates for this cluster, at creation, in its own account and region', (name) => {
      const cluster = config.clusters.find((c) => c.name === name)!;
      const policies = templateOf(name).findResources('AWS::IAM::Policy', { Properties: { PolicyName: Match.stringLikeRegexp('AutoModeTagPropagation') } });
      expect(Object.keys(policies)).toHaveLength(1);
      const doc = (Object.values(policies)[0] as { Properties: { PolicyDocument: { Statement: any[] }; Roles: unknown[] } }).Properties;
      expect(JSON.stringify(doc.Roles)).toMatch(/ctRole/); // the EKS cluster role
      const ofCluster = { 'aws:RequestTag/eks:eks-cluster-name': `test-${name}` };
      const byId = Object.fromEntries(doc.PolicyDocument.Statement.map((st) => [st.Sid, st]));
      expect(Object.keys(byId).sort()).toEqual(['CreateTaggedLoadBalancing', 'CreateTaggedSecurityGroup', 'TagLoadBalancingOnCreate', 'TagSecurityGroupOnCreate']);
      expect(byId.CreateTaggedLoadBalancing.Condition).toEqual({ StringEquals: ofCluster });
      expect(byId.TagLoadBalancingOnCreate.Condition.StringEquals).toEqual({ ...ofCluster, 'elasticloadbalancing:CreateAction': ['CreateLoadBalancer', 'CreateTargetGroup', 'CreateListener', 'CreateRule'] });
      expect(byId.TagSecurityGroupOnCreate.Condition.StringEquals).toEqual({ ...ofCluster, 'ec2:CreateAction': 'CreateSecurityGroup' });
      for (const st of doc.PolicyDocument.Statement) {
        expect(st.Effect).toBe('Allow');
        for (const r of [st.Resource].flat()) expect(JSON.stringify(r)).toContain(`:${cluster.region}:${cluster.account}:`);
        expect([st.Action].flat().every((a: string) => !a.includes('*'))).toBe(true);
      }
    });
  });

  test('every stack stays under 500 resources and 1 MB', () => {
    for (const file of readdirSync(outdir).filter((f) => f.endsWith('.template.json'))) {
      const text = readFileSync(join(outdir, file), 'utf8');
      expect(Object.keys(JSON.parse(text).Resources).length).toBeLessThan(500);
      expect(Buffer.byteLength(text)).toBeLessThan(1024 * 1024);
    }
  });

  test('the managed Argo CD capability replaces the self-managed role', () => {
    const capability = testConfig({
      argocd: { mode: 'eks-capability', identityCenterInstanceArn: 'arn:aws:sso:::instance/ssoins-0123456789abcdef' },
      spokes: { dev: { environment: 'dev', account: '111111111111', region: 'eu-west-1', vpcCidr: '10.1.0.0/16' } },
      applications: {},
      teams: {},
    });
    const { stacks: built, outdir: capabilityOut, exitCode } = synthPlatform(capability);
    expect([exitCode, nagViolations(capabilityOut)]).toEqual([undefined, []]);
    const hub = Template.fromStack(built.hub);
    hub.resourceCountIs('AWS::EKS::Capability', 1);
    expect(JSON.stringify(hub.toJSON())).not.toContain('test-hub-argocd-spoke');
    Template.fromStack(built.spokes[0]).hasResourceProperties('AWS::EKS::AccessEntry', { PrincipalArn: 'arn:aws:iam::111111111111:role/test-hub-argocd' });
  });
});
