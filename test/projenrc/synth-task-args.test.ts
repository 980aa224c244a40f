import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

// `npx projen synth -c key=[a,b]` must reach `cdk` argument for argument. projen's task runner
// joins received args onto a shell-string step unquoted (node_modules/projen/lib/run-task.cjs:
// `[command, ...argsList].join(" ")`), so quotes were eaten and spaces split; an `execArgs` step
// is spawned without a shell (projen TaskOptions.execArgs docs). This runs the REAL projen CLI on
// the committed .projen/tasks.json's synth task, with a stand-in `cdk` that prints its argv.
const ROOT = join(__dirname, '..', '..');

describe('npx projen synth passes CDK context through unharmed', () => {
  const dir = mkdtempSync(join(tmpdir(), 'pb-synth-args-'));
  const bin = join(dir, 'bin');
  mkdirSync(join(dir, '.projen'));
  mkdirSync(bin);
  const tasks = JSON.parse(readFileSync(join(ROOT, '.projen', 'tasks.json'), 'utf8'));
  writeFileSync(join(dir, '.projen', 'tasks.json'), JSON.stringify({ tasks: { synth: tasks.tasks.synth } }));
  writeFileSync(join(bin, 'cdk'), '#!/usr/bin/env node\nprocess.stdout.write("ARGV=" + JSON.stringify(process.argv.slice(2)) + "\\n");\n');
  chmodSync(join(bin, 'cdk'), 0o755);
  const synth = (...args: string[]) => {
    const r = spawnSync(join(ROOT, 'node_modules', '.bin', 'projen'), ['synth', ...args], {
      cwd: dir,
      encoding: 'utf8',
      env: { ...process.env, PATH: [bin, dirname(process.execPath), process.env.PATH].join(':') },
    });
    const line = r.stdout.split('\n').find((l) => l.startsWith('ARGV='));
    if (r.status !== 0 || !line) throw new Error(`projen synth exited ${r.status}: ${r.stderr}${r.stdout}`);
    return JSON.parse(line.slice('ARGV='.length)) as string[];
  };

  test('brackets, JSON quotes, spaces and $ arrive as the user typed them', () => {
    const context = ['-c', 'key=[a,b]', '-c', 'list=["x","y"]', '-c', 'spaced=a b', '-c', 'dollar=$HOME'];
    expect(synth(...context)).toEqual(['synth', '--quiet', '--no-notices', '--no-version-reporting', ...context]);
  });

  test('the synth task is an argv step (no shell between the user and cdk)', () => {
    const steps = tasks.tasks.synth.steps as { exec?: string; execArgs?: string[]; receiveArgs?: boolean }[];
    expect(steps).toEqual([{ execArgs: ['cdk', 'synth', '--quiet', '--no-notices', '--no-version-reporting'], receiveArgs: true }]);
  });
});
