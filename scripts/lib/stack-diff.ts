import { CommandError, Tools } from './tools';

/** One resource change `cdk diff` reports: `+` add, `~` update, `-` remove. */
export interface ResourceChange {
  readonly action: 'add' | 'update' | 'remove';
  readonly type: string;
  readonly logicalId: string;
}

const ACTIONS = { '+': 'add', '~': 'update', '-': 'remove' } as const;

/**
 * The resource changes in `cdk diff` output: lines `[+] AWS::EC2::Subnet Vpc/Subnet3 VpcSubnet3A1B2C3D4`
 * under the stack's "Resources" section (type, construct path, logical id; "replace" may follow).
 * Format: https://docs.aws.amazon.com/cdk/v2/guide/ref-cli-cmd-diff.html and the CLI's
 * @aws-cdk/cloudformation-diff formatter (https://github.com/aws/aws-cdk-cli/tree/main/packages/%40aws-cdk/cloudformation-diff).
 */
export function parseCdkDiff(output: string): ResourceChange[] {
  const changes: ResourceChange[] = [];
  for (const line of output.split('\n')) {
    const m = /^\[([+~-])\] (\S+::\S+::\S+|Custom::\S+) (?:\S+ )?([A-Za-z0-9]+)(?: .*)?$/.exec(line.trimEnd());
    if (m) changes.push({ action: ACTIONS[m[1] as keyof typeof ACTIONS], type: m[2], logicalId: m[3] });
  }
  return changes;
}

/**
 * Whether the synthesized stack differs from the deployed one (read-only): `cdk diff --fail` exits 1
 * when there are differences (https://docs.aws.amazon.com/cdk/v2/guide/ref-cli-cmd-diff.html#ref-cli-cmd-diff-options).
 * Exit 1 is also how it fails, so "differs" additionally needs the CLI's own count line
 * ("Number of stacks with differences: N", N > 0); any other failure throws, never "up to date".
 * Returns undefined when the stack is up to date, else the changes (possibly only non-resource ones).
 */
export async function stackChanges(tools: Tools, stack: string): Promise<ResourceChange[] | undefined> {
  const args = ['cdk', 'diff', stack, '--exclusively', '--fail', '--no-notices'];
  const r = await tools.capture(...args);
  const output = `${r.stdout}\n${r.stderr}`;
  if (r.exitCode === 0) return undefined;
  const count = /Number of stacks with differences: (\d+)/.exec(output);
  if (r.exitCode === 1 && count && Number(count[1]) > 0) return parseCdkDiff(output);
  throw new CommandError(args, r);
}

/** `~ AWS::IAM::Role HubRoleABC (update)` lines of a change report. */
export function describeChanges(changes: readonly ResourceChange[]): string[] {
  return changes.length ? changes.map((c) => `${c.action === 'add' ? '+' : c.action === 'remove' ? '-' : '~'} ${c.logicalId} (${c.type}, ${c.action})`) : ['(no resource changes: outputs, parameters or metadata only)'];
}
