import type { Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import type { Statement } from './iam-evaluator';

/** One IAM role of a synthesized stack: its name, identity statements and trust statements, intrinsics resolved. */
export interface SynthesizedRole {
  readonly name: string;
  readonly statements: Statement[];
  readonly trust: Statement[];
}

type Json = unknown;

/** Marks a value the resolver could not compute; `fullyResolved` refuses roles containing one. */
export const UNRESOLVED = '<unresolved>';

/** Throws when a role's statements hold a value the resolver could not compute (its decision would be a guess). */
export function fullyResolved(role: SynthesizedRole): SynthesizedRole {
  const text = JSON.stringify([role.statements, role.trust]);
  if (text.includes(UNRESOLVED)) throw new Error(`role ${role.name} has unresolved values: ${text}`);
  return role;
}

/**
 * Resolves the intrinsics CDK leaves in IAM documents: the partition (`aws`), the stack's account and
 * region, `Fn::Join`, and a role's `Fn::GetAtt Arn` / `Ref` from its RoleName. Anything else throws,
 * so a policy that cannot be read is never evaluated as if it were empty.
 */
function resolver(stack: Stack, resources: Record<string, { Type: string; Properties?: Record<string, Json> }>) {
  const roleName = (id: string) => {
    const name = resources[id]?.Properties?.RoleName;
    if (typeof name !== 'string') return `${UNRESOLVED}${id}`;
    return name;
  };
  const resolve = (v: Json): Json => {
    if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' || v === null) return v;
    if (Array.isArray(v)) return v.map(resolve);
    const o = v as Record<string, Json>;
    if ('Ref' in o) {
      if (o.Ref === 'AWS::Partition') return 'aws';
      if (o.Ref === 'AWS::AccountId') return stack.account;
      if (o.Ref === 'AWS::Region') return stack.region;
      return roleName(o.Ref as string);
    }
    if ('Fn::Join' in o) {
      const [sep, parts] = o['Fn::Join'] as [string, Json[]];
      return parts.map((p) => String(resolve(p))).join(sep);
    }
    if ('Fn::GetAtt' in o) {
      const [id, attr] = o['Fn::GetAtt'] as [string, string];
      // An AMP workspace's id is generated at deploy time: its logical id stands in for it, so a policy on
      // "this workspace" is told apart from one on any other (arn:aws:aps:<region>:<account>:workspace/<id>).
      if (attr === 'Arn' && resources[id]?.Type === 'AWS::APS::Workspace') return `arn:aws:aps:${stack.region}:${stack.account}:workspace/${id}`;
      // Other attributes stay opaque; a role whose own statements contain one is refused by the caller.
      if (attr !== 'Arn' || resources[id]?.Type !== 'AWS::IAM::Role') return `${UNRESOLVED}${id}.${attr}`;
      return `arn:aws:iam::${stack.account}:role/${roleName(id)}`;
    }
    if (Object.keys(o).some((k) => k.startsWith('Fn::'))) throw new Error(`cannot resolve ${JSON.stringify(o)}`);
    return Object.fromEntries(Object.entries(o).map(([k, x]) => [k, resolve(x)]));
  };
  return resolve;
}

/** Every role of a stack by name, with the statements of the AWS::IAM::Policy resources attached to it. */
export function synthesizedRoles(stack: Stack): Map<string, SynthesizedRole> {
  const resources = Template.fromStack(stack).toJSON().Resources as Record<string, { Type: string; Properties?: Record<string, Json> }>;
  const resolve = resolver(stack, resources);
  const roles = new Map<string, SynthesizedRole>();
  const byId = new Map<string, SynthesizedRole>();
  for (const [id, r] of Object.entries(resources)) {
    if (r.Type !== 'AWS::IAM::Role' || typeof r.Properties?.RoleName !== 'string') continue;
    const doc = resolve(r.Properties.AssumeRolePolicyDocument) as { Statement: Statement[] };
    const inline = ((r.Properties.Policies ?? []) as Json[]).flatMap((p) => (resolve((p as { PolicyDocument: Json }).PolicyDocument) as { Statement: Statement[] }).Statement);
    const role = { name: r.Properties.RoleName, statements: inline, trust: doc.Statement };
    roles.set(role.name, role);
    byId.set(id, role);
  }
  for (const r of Object.values(resources)) {
    if (r.Type !== 'AWS::IAM::Policy') continue;
    const doc = resolve(r.Properties!.PolicyDocument) as { Statement: Statement[] };
    for (const ref of (r.Properties!.Roles ?? []) as { Ref: string }[]) {
      const role = byId.get(ref.Ref);
      if (!role) continue; // a role without a literal name (CDK-internal): never evaluated here
      role.statements.push(...doc.Statement);
    }
  }
  return roles;
}
