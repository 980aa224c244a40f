import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import type { ResolvedConfig } from '../../config/resolved-config';
import { applicationRepository, builderServiceAccount, ciGitSecret } from '../../contract/application-ci';
import { addonById } from '../../catalog/registry';
import { ecrRegistry } from '../../contract/endpoints';

/** The cluster-wide CI template every application's build uses. */
export const BUILD_PUSH_TEMPLATE = 'platform-build-push';

/**
 * Images pinned by version. BuildKit rootless is the builder (Kaniko's repository is archived); the
 * test images carry their language's toolchain; the AWS CLI checks the tag and logs in to ECR.
 */
export const CI_IMAGES = {
  git: 'alpine/git:v2.47.2',
  node: 'public.ecr.aws/docker/library/node:22.14.0-alpine3.21',
  python: 'public.ecr.aws/docker/library/python:3.12.9-slim-bookworm',
  awsCli: 'public.ecr.aws/aws-cli/aws-cli:2.24.10',
  buildkit: 'moby/buildkit:v0.20.1-rootless',
} as const;

/** Workflow parameters, in the order the Sensor fills them (`spec.arguments.parameters.<i>`). */
export const BUILD_PARAMETERS = ['repo', 'repository', 'gitSecret', 'revision', 'ref'] as const;

// Every value reaches the scripts below as an environment variable, never as script text: Argo
// substitutes `{{…}}` into `source` verbatim, so a ref like `$(curl …)` would run (issue #13 H3).
const CLONE = `set -eu
cd "$WORK"
git init -q src && cd src
git config --global --add safe.directory "$WORK/src"
# The token goes through a credential helper reading the environment: never in a URL, argv or log.
git -c credential.helper='!f() { echo username=ci; echo "password=$GIT_TOKEN"; }; f' fetch -q --depth 1 "$REPO" "$REVISION"
git checkout -q FETCH_HEAD
test "$(git rev-parse HEAD)" = "$REVISION"
# package.json without a lockfile is still "node": npm ci then fails, loudly, as it should.
if [ -f package.json ]; then echo node; elif [ -f requirements.txt ] || [ -f pyproject.toml ] || [ -n "$(find . -name '*.py' -not -path './.git/*' | head -n 1)" ]; then echo python; else echo none; fi > "$WORK/kind"
`;
const TEST_NODE = 'set -eu\ncd "$WORK/src"\nnpm ci --no-audit --no-fund\nnpm test\n';
const TEST_PYTHON = `set -eu
cd "$WORK/src"
python -m venv /tmp/venv
if [ -f requirements.txt ]; then /tmp/venv/bin/pip install --no-cache-dir -r requirements.txt; fi
/tmp/venv/bin/python -m compileall -q .
if [ -n "$(find . -name 'test_*.py' -not -path './.git/*' | head -n 1)" ]; then /tmp/venv/bin/pip install --no-cache-dir pytest; /tmp/venv/bin/python -m pytest; fi
`;
const NO_TESTS = 'echo "neither package.json nor Python sources: the platform CI cannot test this repository" >&2; exit 1\n';
// Tag = the git tag for tag pushes, else the commit SHA (the Sensor admits only these refs).
// ECR tags are immutable: an existing tag is not rebuilt, so a re-run succeeds without pushing.
const REGISTRY = `set -eu
case "$REF" in refs/tags/*) TAG="\${REF#refs/tags/}" ;; *) TAG="$REVISION" ;; esac
printf '%s' "$TAG" | grep -Eq '^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$'
printf '%s' "$TAG" > "$WORK/tag"
# Only "no such image" means build; any other failure (access, network) stops the workflow.
if out=$(aws ecr describe-images --repository-name "$REPOSITORY" --image-ids imageTag="$TAG" 2>&1); then
  echo "$REPOSITORY:$TAG exists; not rebuilt" >&2; printf true > "$WORK/exists"; exit 0
elif ! printf '%s' "$out" | grep -q ImageNotFoundException; then
  printf '%s\n' "$out" >&2; exit 1
fi
printf false > "$WORK/exists"
umask 077; mkdir -p "$WORK/.docker"
# The ECR token (12 h) goes into BuildKit's docker config on the workflow's own volume, never to the log.
aws ecr get-login-password | { read -r p; printf '{"auths":{"%s":{"auth":"%s"}}}' "$REGISTRY" "$(printf 'AWS:%s' "$p" | base64 | tr -d '\\n')"; } > "$WORK/.docker/config.json"
`;

const env = (name: string, param: string) => ({ name, value: `{{workflow.parameters.${param}}}` });
const work = [{ name: 'work', mountPath: '/work' }];
// The scripts find the shared volume through WORK, so tests can run them in a temp folder.
const WORK_ENV = { name: 'WORK', value: '/work' };
const restricted = { allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] }, runAsNonRoot: true, runAsUser: 1000, runAsGroup: 1000 };

/**
 * CI on Argo Workflows: fetch the pushed commit with the `ci` token, test it in an image with the
 * toolchain it needs, then build with BuildKit rootless and push `<registry>/<repository>:<tag>` with
 * the application's own builder ServiceAccount (Pod Identity role limited to its repository).
 */
export class BuildPushTemplate extends Construct {
  constructor(scope: Construct, id: string, config: ResolvedConfig) {
    super(scope, id);
    const ns = addonById('argo-workflows').namespace;
    for (const app of config.applications) {
      new ApiObject(this, `Builder-${app.name}`, {
        apiVersion: 'v1',
        kind: 'ServiceAccount',
        metadata: { name: builderServiceAccount(app), namespace: ns, labels: { 'platform/application': app.name } },
      });
    }
    // What Argo's executor does with the pod's identity: report outputs through WorkflowTaskResults
    // (https://argo-workflows.readthedocs.io/en/latest/workflow-rbac/).
    new ApiObject(this, 'ExecutorRole', {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'Role',
      metadata: { name: 'ci-executor', namespace: ns },
      rules: [{ apiGroups: ['argoproj.io'], resources: ['workflowtaskresults'], verbs: ['create', 'patch'] }],
    });
    if (config.applications.length > 0) {
      new ApiObject(this, 'ExecutorBinding', {
        apiVersion: 'rbac.authorization.k8s.io/v1',
        kind: 'RoleBinding',
        metadata: { name: 'ci-executor', namespace: ns },
        roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'ci-executor' },
        subjects: config.applications.map((app) => ({ kind: 'ServiceAccount', name: builderServiceAccount(app), namespace: ns })),
      });
    }
    const script = (image: string, source: string, extra: Record<string, unknown> = {}) => ({
      script: { image, command: ['sh'], source, volumeMounts: work, securityContext: restricted, env: [{ name: 'HOME', value: '/tmp' }, WORK_ENV], ...extra },
    });
    new ApiObject(this, 'Template', {
      apiVersion: 'argoproj.io/v1alpha1',
      kind: 'ClusterWorkflowTemplate',
      metadata: { name: BUILD_PUSH_TEMPLATE },
      spec: {
        entrypoint: 'main',
        arguments: { parameters: [...BUILD_PARAMETERS.map((name) => ({ name })), { name: 'registry', value: ecrRegistry(config) }, { name: 'context', value: '.' }] },
        volumes: [{ name: 'work', emptyDir: {} }],
        podGC: { strategy: 'OnPodSuccess' },
        activeDeadlineSeconds: 3600,
        templates: [
          {
            name: 'main',
            steps: [
              [{ name: 'clone', template: 'clone' }],
              [
                { name: 'test-node', template: 'test-node', when: "{{steps.clone.outputs.parameters.kind}} == 'node'" },
                { name: 'test-python', template: 'test-python', when: "{{steps.clone.outputs.parameters.kind}} == 'python'" },
                { name: 'no-tests', template: 'no-tests', when: "{{steps.clone.outputs.parameters.kind}} == 'none'" },
              ],
              [{ name: 'registry', template: 'registry' }],
              [{ name: 'build-push', template: 'build-push', when: "{{steps.registry.outputs.parameters.exists}} == 'false'", arguments: { parameters: [{ name: 'tag', value: '{{steps.registry.outputs.parameters.tag}}' }] } }],
            ],
          },
          {
            name: 'clone',
            ...script(CI_IMAGES.git, CLONE, {
              env: [
                { name: 'HOME', value: '/tmp' }, WORK_ENV, env('REPO', 'repo'), env('REVISION', 'revision'),
                // The team's CI token (ci-git-<team>, git-credentials.ts): a team's build reads only its group.
                { name: 'GIT_TOKEN', valueFrom: { secretKeyRef: { name: '{{workflow.parameters.gitSecret}}', key: 'token' } } },
              ],
            }),
            outputs: { parameters: [{ name: 'kind', valueFrom: { path: '/work/kind' } }] },
          },
          { name: 'test-node', ...script(CI_IMAGES.node, TEST_NODE) },
          { name: 'test-python', ...script(CI_IMAGES.python, TEST_PYTHON) },
          { name: 'no-tests', ...script(CI_IMAGES.git, NO_TESTS) },
          {
            name: 'registry',
            ...script(CI_IMAGES.awsCli, REGISTRY, {
              env: [{ name: 'HOME', value: '/tmp' }, WORK_ENV, env('REF', 'ref'), env('REVISION', 'revision'), env('REPOSITORY', 'repository'), env('REGISTRY', 'registry')],
            }),
            outputs: { parameters: [{ name: 'tag', valueFrom: { path: '/work/tag' } }, { name: 'exists', valueFrom: { path: '/work/exists' } }] },
          },
          {
            name: 'build-push',
            inputs: { parameters: [{ name: 'tag' }] },
            // BuildKit's rootless Kubernetes example (examples/kubernetes/job.rootless.yaml): user 1000,
            // no process sandbox, unconfined seccomp/AppArmor for its user namespaces; no privilege.
            // Arguments are argv (no shell), so the substituted values are never parsed as code.
            container: {
              image: CI_IMAGES.buildkit,
              command: ['buildctl-daemonless.sh'],
              args: [
                'build', '--frontend', 'dockerfile.v0',
                '--local', 'context=/work/src/{{workflow.parameters.context}}', '--local', 'dockerfile=/work/src/{{workflow.parameters.context}}',
                '--output', 'type=image,name={{workflow.parameters.registry}}/{{workflow.parameters.repository}}:{{inputs.parameters.tag}},push=true',
              ],
              env: [{ name: 'BUILDKITD_FLAGS', value: '--oci-worker-no-process-sandbox' }, { name: 'DOCKER_CONFIG', value: '/work/.docker' }, { name: 'HOME', value: '/tmp' }],
              volumeMounts: work,
              securityContext: {
                runAsUser: 1000, runAsGroup: 1000, runAsNonRoot: true,
                seccompProfile: { type: 'Unconfined' }, appArmorProfile: { type: 'Unconfined' },
              },
            },
          },
        ],
      },
    });
  }
}

/** Every application's build parameters fixed by the config (the push event supplies only revision and ref). */
export function applicationBuilds(config: ResolvedConfig) {
  return config.applications.map((app) => ({
    app,
    repository: applicationRepository(app),
    serviceAccount: builderServiceAccount(app),
    gitSecret: ciGitSecret(app.team),
  }));
}
