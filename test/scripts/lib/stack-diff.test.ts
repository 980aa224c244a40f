import { describeChanges, parseCdkDiff } from '../../../scripts/lib/stack-diff';

// The shape of `cdk diff` output (aws-cdk-cli's @aws-cdk/cloudformation-diff formatter): resource
// lines `[op] <type> <construct path> <logical id>[ replace|orphan|may be replaced]`, property lines indented.
const OUTPUT = `Stack test-dev
IAM Statement Changes
┌───┬──────────┐
│ + │ \${Role.Arn} │
└───┴──────────┘
Resources
[~] AWS::IAM::Role ArgoSpokeRole ArgoSpokeRoleA1B2C3D4 replace
 └─ [~] RoleName (requires replacement)
     ├─ [-] test-dev-argocd-spoke
     └─ [+] renamed
[+] AWS::EC2::Subnet Vpc/PrivateSubnet3/Subnet VpcPrivateSubnet3SubnetF258B56E 
[-] AWS::Logs::LogGroup Logs LogsABCDEF12 orphan
[~] Custom::AWSCDKOpenIdConnectProvider Oidc/Resource/Default OidcResource12345678 may be replaced

✨  Number of stacks with differences: 1
`;

describe('parseCdkDiff', () => {
  test('reads each resource change: action, type and logical id', () => {
    expect(parseCdkDiff(OUTPUT)).toEqual([
      { action: 'update', type: 'AWS::IAM::Role', logicalId: 'ArgoSpokeRoleA1B2C3D4' },
      { action: 'add', type: 'AWS::EC2::Subnet', logicalId: 'VpcPrivateSubnet3SubnetF258B56E' },
      { action: 'remove', type: 'AWS::Logs::LogGroup', logicalId: 'LogsABCDEF12' },
      { action: 'update', type: 'Custom::AWSCDKOpenIdConnectProvider', logicalId: 'OidcResource12345678' },
    ]);
  });

  test('says so when only outputs or metadata differ', () => {
    expect(describeChanges(parseCdkDiff('Stack x\nOutputs\n[+] Output Foo Foo: {"Value":"1"}\n'))).toEqual(['(no resource changes: outputs, parameters or metadata only)']);
  });
});
