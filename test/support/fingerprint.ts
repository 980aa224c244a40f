// Prints sha256 fingerprints of what the generators produce for the fixture config: the GitOps tree
// and the synthesized CloudFormation templates. The determinism test runs it in separate processes
// with different time zones and locales, so a generator that reads the clock, the locale or process
// state (not only its config) shows up as a difference.
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { renderGitOpsTree, toYaml } from '../../gitops/render-gitops-tree';
import { synthPlatform } from './synth-platform';
import { testConfig } from './test-config';

const sha = (text: string) => createHash('sha256').update(text).digest('hex');
const config = testConfig();
const gitops = sha(renderGitOpsTree(config).map((f) => `${f.path}\n${toYaml(f)}`).join('\0'));
const { outdir } = synthPlatform(config);
const templates = readdirSync(outdir).filter((f) => f.endsWith('.template.json')).sort();
const cdk = sha(templates.map((f) => `${f}\n${readFileSync(join(outdir, f), 'utf8')}`).join('\0'));
process.stdout.write(`${JSON.stringify({ gitops, cdk, templates: templates.length })}\n`);
