import { evaluate, Request } from '../support/iam-evaluator';
import { fullyResolved, synthesizedRoles, SynthesizedRole } from '../support/synthesized-roles';
import { synthPlatform } from '../support/synth-platform';
import { testConfig } from '../support/test-config';

/**
 * Every AWS identity a tenant namespace on a spoke can reach, evaluated with the IAM evaluation model
 * (test/support/iam-evaluator.ts) on the synthesized policies: a team reads only its own secrets and
 * manages only its own AWS resources; the shared controllers hold nothing of their own on spokes
 * (issue #13 C1, H2; docs/security.md).
 */
const config = testConfig({
  teams: {
    payments: { sourceRepos: ['https://gitlab.platform.test.example.com/payments/*'] },
    orders: { sourceRepos: ['https://gitlab.platform.test.example.com/orders/*'] },
  },
});
const { stacks, exitCode } = synthPlatform(config);
const dev = synthesizedRoles(stacks.spokes.find((s) => s.stackName === 'test-dev')!);
const hub = synthesizedRoles(stacks.hub);
const DEV = { account: '222222222222', region: 'eu-west-1' };
const secret = (name: string) => `arn:aws:secretsmanager:${DEV.region}:${DEV.account}:secret:${name}-AbCdEf`;
const roleArn = (name: string) => `arn:aws:iam::${DEV.account}:role/${name}`;

function role(roles: Map<string, SynthesizedRole>, name: string): SynthesizedRole {
  const r = roles.get(name);
  if (!r) throw new Error(`role ${name} not synthesized; roles: ${[...roles.keys()].join(', ')}`);
  return fullyResolved(r);
}
const decide = (r: SynthesizedRole, req: Request) => evaluate(r.statements, req);
/** Whether `principal` may assume `target`: the trust policy's Allow for sts:AssumeRole with aws:PrincipalArn. */
const mayAssume = (target: SynthesizedRole, principal: string) =>
  evaluate(target.trust.map((s) => ({ ...s, Resource: '*' })), { action: 'sts:AssumeRole', resource: '*', context: { 'aws:PrincipalArn': principal } });

describe('tenant IAM on a spoke', () => {
  test('synthesizes cdk-nag clean', () => {
    expect(exitCode).toBeFalsy();
  });

  describe('secrets (C1)', () => {
    const payments = role(dev, 'test-dev-secrets-payments');
    test('a team reads its own secrets', () => {
      expect(decide(payments, { action: 'secretsmanager:GetSecretValue', resource: secret('test/teams/payments/db') })).toBe('allow');
    });
    test.each([
      ['another team', 'test/teams/orders/db'],
      ['a platform credential', 'test/keycloak/admin'],
      ['a cluster registration', 'test/gitops-bridge/dev'],
      ['a team whose name starts alike', 'test/teams/payments-eu/db'],
    ])('fails when a team reads %s', (_, name) => {
      expect(decide(payments, { action: 'secretsmanager:GetSecretValue', resource: secret(name) })).toBe('implicit-deny');
    });
    test('the spoke External Secrets role reads no secret itself, it only assumes the team roles', () => {
      const eso = role(dev, 'test-dev-external-secrets');
      expect(decide(eso, { action: 'secretsmanager:GetSecretValue', resource: secret('test/keycloak/admin') })).toBe('implicit-deny');
      expect(decide(eso, { action: 'secretsmanager:GetSecretValue', resource: secret('test/teams/payments/db') })).toBe('implicit-deny');
      expect(decide(eso, { action: 'sts:AssumeRole', resource: roleArn('test-dev-secrets-orders') })).toBe('allow');
      expect(decide(eso, { action: 'sts:AssumeRole', resource: roleArn('test-dev-gitops-bridge-reader') })).toBe('implicit-deny');
    });
    test('only the spoke External Secrets role may assume a team secrets role', () => {
      expect(mayAssume(payments, roleArn('test-dev-external-secrets'))).toBe('allow');
      expect(mayAssume(payments, roleArn('test-dev-ack-s3'))).toBe('implicit-deny');
      expect(mayAssume(payments, `arn:aws:iam::${DEV.account}:user/someone`)).toBe('implicit-deny');
    });
    test('the hub External Secrets role still reads platform secrets (no tenant runs on the hub)', () => {
      const esoHub = role(hub, 'test-hub-external-secrets');
      expect(decide(esoHub, { action: 'secretsmanager:GetSecretValue', resource: 'arn:aws:secretsmanager:eu-west-1:111111111111:secret:test/keycloak/admin-AbCdEf' })).toBe('allow');
    });
  });

  describe('ACK (H2)', () => {
    const payments = role(dev, 'test-dev-ack-payments');
    test.each([
      ['s3:CreateBucket', 'arn:aws:s3:::test-payments-invoices'],
      ['s3:PutObject', 'arn:aws:s3:::test-payments-invoices/a.pdf'],
      ['dynamodb:CreateTable', `arn:aws:dynamodb:${DEV.region}:${DEV.account}:table/test-payments-ledger`],
      ['rds:CreateDBInstance', `arn:aws:rds:${DEV.region}:${DEV.account}:db:test-payments-main`],
    ])('a team manages its own resources: %s %s', (action, resource) => {
      expect(decide(payments, { action, resource })).toBe('allow');
    });
    test.each([
      ['s3:DeleteBucket', 'arn:aws:s3:::test-orders-invoices'],
      ['s3:GetObject', 'arn:aws:s3:::test-orders-invoices/a.pdf'],
      ['dynamodb:DeleteTable', `arn:aws:dynamodb:${DEV.region}:${DEV.account}:table/test-orders-ledger`],
      ['rds:DeleteDBInstance', `arn:aws:rds:${DEV.region}:${DEV.account}:db:test-orders-main`],
      ['rds:ModifyDBInstance', `arn:aws:rds:${DEV.region}:${DEV.account}:db:test-keycloak`],
      ['s3:PutBucketPolicy', 'arn:aws:s3:::test-platform-logs'],
    ])('fails when a team acts on what is not its own: %s %s', (action, resource) => {
      expect(decide(payments, { action, resource })).toBe('implicit-deny');
    });
    test('the ACK controllers hold nothing of their own on a spoke and assume only team ACK roles', () => {
      const s3 = role(dev, 'test-dev-ack-s3');
      expect(decide(s3, { action: 's3:CreateBucket', resource: 'arn:aws:s3:::test-payments-invoices' })).toBe('implicit-deny');
      expect(decide(s3, { action: 'sts:AssumeRole', resource: roleArn('test-dev-ack-payments') })).toBe('allow');
      expect(decide(s3, { action: 'sts:AssumeRole', resource: roleArn('test-dev-secrets-payments') })).toBe('implicit-deny');
      expect(mayAssume(payments, roleArn('test-dev-ack-rds'))).toBe('allow');
      expect(mayAssume(payments, roleArn('test-dev-external-secrets'))).toBe('implicit-deny');
    });
  });
});
