import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { $ } from 'zx';
import { DEFAULT_CONFIG_FILE, loadResolvedConfig } from '../../config/load-config';
import { pipelineRoleArn, portalImageRepository } from '../../contract/platform-pipeline';
import { portalSourceTag } from '../../gitops/portal-image';
import { parseCli } from '../lib/cli';
import { formatError } from '../lib/format-error';
import { redact } from '../lib/redact';
import { Tools } from '../lib/tools';
import { assumeRoleWithWebIdentity, ciLogFile, idToken, sessionName, withAwsEnv } from './lib/web-identity';

const USAGE = `
Usage: tsx scripts/ci/portal-image.ts [--config FILE] [--dir portal] [--tag TAG] [--dry-run]

Builds the platform's own Backstage portal (portal/) into the ECR repository "<resourcePrefix>/portal"
of the hub: \`buildah build\` of portal/Dockerfile (multi-stage: npm ci, Backstage build, production
runtime) and \`buildah push\` — daemonless, unprivileged (chroot isolation, vfs storage): no Docker
daemon, no BuildKit, no kaniko. Fails with a clear message when portal/ is absent.
--tag defaults to the portal's source tag (gitops/portal-image.ts), the tag the Backstage add-on runs;
an image already pushed under that tag is not rebuilt (ECR tags are immutable).
--dry-run checks the app and prints the image it would push.
`;
const { args } = parseCli(USAGE, { string: ['config', 'dir', 'tag'], boolean: ['dry-run'] });

async function main(): Promise<void> {
  const config = loadResolvedConfig(args.config ?? DEFAULT_CONFIG_FILE);
  const dir = args.dir ?? 'portal';
  const dockerfile = join(dir, 'Dockerfile');
  // check: the app exists (a fork may have deleted it).
  if (!existsSync(join(dir, 'package.json')) || !existsSync(dockerfile)) {
    throw new Error(`the portal app is absent (${existsSync(dir) ? `${dockerfile} missing` : `no ${dir}/ folder`}): restore ${dir}/ from the template (npx projen template-sync), commit it, then re-run this job`);
  }
  const tag = args.tag ?? portalSourceTag(resolve(dir));
  if (!tag || !/^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/.test(tag)) throw new Error(`--tag "${tag ?? ''}" is not an image tag; pass a tag of letters, digits, ".", "_" and "-"`);
  const registry = `${config.hub.account}.dkr.ecr.${config.hub.region}.amazonaws.com`;
  const image = `${registry}/${portalImageRepository(config)}:${tag}`;
  console.log(`› portal image ${image}`);
  if (args['dry-run']) return;

  const logFile = ciLogFile('portal');
  const aws = await assumeRoleWithWebIdentity(new Tools(logFile), { roleArn: pipelineRoleArn(config, 'deploy'), token: await idToken(), sessionName: sessionName(), region: config.hub.region });
  const env = withAwsEnv(aws);
  const build = new Tools(logFile, { env });
  // check: the tag is immutable in ECR, so an image already pushed for this source is the one to run.
  const existing = await $({ quiet: true, nothrow: true, env })`aws ecr describe-images --region ${config.hub.region} --repository-name ${portalImageRepository(config)} --image-ids ${`imageTag=${tag}`}`;
  if (existing.exitCode === 0) {
    console.log(`› ${image} is already pushed: nothing to build`);
    return;
  }
  if (!existing.stderr.includes('ImageNotFoundException')) throw new Error(`aws ecr describe-images failed: ${redact(existing.stderr.trim())}`);
  // The ECR password goes to buildah on stdin, never in argv or the log.
  const password = await build.run('aws', 'ecr', 'get-login-password', '--region', config.hub.region);
  const login = await $({ quiet: true, nothrow: true, env, input: password })`buildah login --username AWS --password-stdin ${registry}`;
  if (login.exitCode !== 0) throw new Error(`buildah login ${registry} failed: ${redact(login.stderr.trim())}`);
  const storage = ['--storage-driver', 'vfs'];
  await build.run('buildah', ...storage, 'build', '--isolation', 'chroot', '--file', dockerfile, '--tag', image, dir);
  await build.run('buildah', ...storage, 'push', image);
  console.log(`› pushed ${image}`);
}

main().catch((err) => {
  console.error(redact(formatError(err)));
  process.exit(1);
});
