import { Template } from 'aws-cdk-lib/assertions';
import { registrationSecretName } from '../../contract/gitops-bridge';
import { synthPlatform } from '../support/synth-platform';
import { testConfig } from '../support/test-config';

/**
 * H1 at the source: the registration each cluster stack writes (the External Secrets template's input)
 * holds only validated config literals and values AWS produces in a fixed alphabet (ids, ARNs, endpoint
 * URLs, base64 CA data, role names). The templates escape anyway (test/gitops/template-injection.test.ts).
 */
const SAFE_LITERAL = /^[A-Za-z0-9._:/@+=,-]*$/;
/** CloudFormation values the registration may reference: [resource type, Ref or GetAtt attribute]. */
const AWS_VALUES = new Set([
  'AWS::EC2::VPC Ref', // vpc-0123…
  'AWS::IAM::Role Ref', // role name
  'AWS::IAM::Role Arn',
  'AWS::CertificateManager::Certificate Ref', // certificate ARN
  'AWS::EKS::Cluster Arn',
  'AWS::EKS::Cluster Endpoint', // https://<hex>.gr7.<region>.eks.amazonaws.com
  'AWS::EKS::Cluster CertificateAuthorityData', // base64
  'AWS::EKS::Cluster OpenIdConnectIssuerUrl',
  'AWS::EKS::Cluster ClusterSecurityGroupId',
  'AWS::APS::Workspace PrometheusEndpoint', // https://aps-workspaces.<region>.amazonaws.com/workspaces/ws-<uuid>/
]);

const config = testConfig();
const { stacks } = synthPlatform(config);

test.each(config.clusters.map((c) => [c.name, c] as const))('the %s registration holds only validated literals and AWS-formatted values', (_name, cluster) => {
  const stack = stacks.all.find((s) => s.stackName === `test-${cluster.name}`)!;
  const template = Template.fromStack(stack).toJSON() as { Resources: Record<string, { Type: string; Properties?: any }> };
  const secret = Object.values(template.Resources).find((r) => r.Type === 'AWS::SecretsManager::Secret' && r.Properties?.Name === registrationSecretName(config, cluster))!;
  expect(secret).toBeDefined();
  const parts: unknown[] = secret.Properties.SecretString['Fn::Join'][1];
  // Tokens become placeholders; the rest is the JSON CDK wrote around them.
  const tokens: unknown[] = [];
  const json = parts.map((p) => (typeof p === 'string' ? p : `@@${tokens.push(p) - 1}@@`)).join('');
  const values = JSON.parse(json) as Record<string, string>;
  const described: string[] = [];
  for (const [key, value] of Object.entries(values)) {
    const m = /^@@(\d+)@@$/.exec(value);
    if (!m) {
      expect({ key, value, safe: SAFE_LITERAL.test(value) }).toEqual({ key, value, safe: true });
      continue;
    }
    const token = tokens[Number(m[1])] as { Ref?: string; 'Fn::GetAtt'?: [string, string] };
    const [logicalId, attr] = token.Ref ? [token.Ref, 'Ref'] : token['Fn::GetAtt']!;
    const kind = `${template.Resources[logicalId]?.Type} ${attr}`;
    described.push(kind);
    expect({ key, kind, allowed: AWS_VALUES.has(kind) }).toEqual({ key, kind, allowed: true });
  }
  expect(described.length).toBeGreaterThan(3);
});
