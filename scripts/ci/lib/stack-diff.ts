/**
 * Which stacks `cdk diff` reports as changed. The CLI prints one section per stack, headed
 * `Stack <name>`, and "There were no differences" in a section without changes
 * (https://docs.aws.amazon.com/cdk/v2/guide/ref-cli-cmd-diff.html; seen verbatim in real `cdk diff` logs).
 * A stack missing from the output is an error: never "unchanged" by omission.
 */
export function changedStacks(diffOutput: string, stacks: readonly string[]): string[] {
  const sections = new Map<string, string>();
  const parts = diffOutput.split(/^Stack (\S+)\s*$/m);
  for (let i = 1; i < parts.length; i += 2) sections.set(parts[i], parts[i + 1] ?? '');
  return stacks.filter((s) => {
    const body = sections.get(s);
    if (body === undefined) throw new Error(`cdk diff printed no section for stack ${s}; is it in the app (cdk list)?`);
    return !/There were no differences/.test(body);
  });
}

/** GitLab notes hold at most 1,000,000 characters (https://docs.gitlab.com/api/notes/); keep room for the wrapper. */
export const NOTE_LIMIT = 900_000;

/** The merge-request note: the diff in a collapsible block, cut (and saying so) when too long. */
export function diffNote(diffOutput: string, changed: readonly string[], commit: string): string {
  const body = diffOutput.length > NOTE_LIMIT ? `${diffOutput.slice(0, NOTE_LIMIT)}\n… (cut: see the job log for the full diff)` : diffOutput;
  const summary = changed.length === 0 ? 'no stack changes' : `changes in ${changed.join(', ')}`;
  return [`### cdk diff at ${commit.slice(0, 12)}: ${summary}`, '', '<details><summary>cdk diff</summary>', '', '```diff', body.replace(/```/g, '`‌``'), '```', '', '</details>'].join('\n');
}
