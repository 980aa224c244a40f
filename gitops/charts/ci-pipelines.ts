import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import type { ResolvedConfig } from '../../config/resolved-config';
import { addonById } from '../addons/registry';

/** The cluster-wide CI template every golden-path repository's pipeline uses. */
export const BUILD_PUSH_TEMPLATE = 'platform-build-push';

const IMAGES = {
  git: 'alpine/git:v2.47.2',
  node: 'public.ecr.aws/docker/library/node:22-alpine',
  kaniko: 'gcr.io/kaniko-project/executor:v1.23.2',
} as const;

/** ECR registry host of the hub account (where application images live). */
export function ecrRegistry(config: ResolvedConfig): string {
  return `${config.hub.account}.dkr.ecr.${config.hub.region}.amazonaws.com`;
}

/**
 * CI on Argo Workflows: clone, test, build with Kaniko and push to ECR using the builder's Pod
 * Identity (the ECR credential helper, no stored password). Images are tagged with the commit SHA.
 */
export class BuildPushTemplate extends Construct {
  constructor(scope: Construct, id: string, config: ResolvedConfig) {
    super(scope, id);
    const ns = addonById('argo-workflows').namespace;
    const sa = addonById('argo-workflows').serviceAccount!;
    new ApiObject(this, 'DockerConfig', {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'kaniko-docker-config', namespace: ns },
      data: { 'config.json': JSON.stringify({ credHelpers: { [ecrRegistry(config)]: 'ecr-login' } }) },
    });
    const work = [{ name: 'work', mountPath: '/work' }];
    const securityContext = { allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } };
    new ApiObject(this, 'Template', {
      apiVersion: 'argoproj.io/v1alpha1',
      kind: 'ClusterWorkflowTemplate',
      metadata: { name: BUILD_PUSH_TEMPLATE },
      spec: {
        serviceAccountName: sa,
        entrypoint: 'main',
        arguments: { parameters: [{ name: 'repo' }, { name: 'revision' }, { name: 'image' }, { name: 'context', value: '.' }] },
        volumes: [{ name: 'work', emptyDir: {} }, { name: 'docker-config', configMap: { name: 'kaniko-docker-config' } }],
        templates: [
          { name: 'main', steps: [[{ name: 'clone', template: 'clone' }], [{ name: 'test', template: 'test' }], [{ name: 'build-push', template: 'build-push' }]] },
          {
            name: 'clone',
            container: { image: IMAGES.git, args: ['clone', '{{workflow.parameters.repo}}', '/work/src'], volumeMounts: work, securityContext },
          },
          {
            name: 'test',
            script: {
              image: IMAGES.node,
              command: ['sh'],
              source: 'cd /work/src && git -c safe.directory=* checkout "{{workflow.parameters.revision}}" 2>/dev/null; if [ -f package.json ]; then npm ci && npm test; else echo "no Node tests"; fi',
              volumeMounts: work,
              securityContext,
            },
          },
          {
            name: 'build-push',
            container: {
              image: IMAGES.kaniko,
              args: [
                '--context=dir:///work/src/{{workflow.parameters.context}}',
                '--destination={{workflow.parameters.image}}:{{workflow.parameters.revision}}',
                '--image-name-tag-with-digest-file=/work/digest',
              ],
              volumeMounts: [...work, { name: 'docker-config', mountPath: '/kaniko/.docker' }],
            },
          },
        ],
      },
    });
  }
}

/**
 * Argo Events: a webhook event source that GitLab project hooks call on push, and a sensor that
 * submits the build-push workflow for the pushed commit.
 */
export class CiEvents extends Construct {
  constructor(scope: Construct, id: string, config: ResolvedConfig) {
    super(scope, id);
    const ns = addonById('argo-events').namespace;
    new ApiObject(this, 'Bus', {
      apiVersion: 'argoproj.io/v1alpha1',
      kind: 'EventBus',
      metadata: { name: 'default', namespace: ns },
      spec: { jetstream: { version: '2.10.10' } },
    });
    new ApiObject(this, 'Source', {
      apiVersion: 'argoproj.io/v1alpha1',
      kind: 'EventSource',
      metadata: { name: 'gitlab', namespace: ns },
      spec: {
        service: { ports: [{ port: 12000, targetPort: 12000 }] },
        webhook: { push: { port: '12000', endpoint: '/push', method: 'POST' } },
      },
    });
    const wfNs = addonById('argo-workflows').namespace;
    new ApiObject(this, 'Sensor', {
      apiVersion: 'argoproj.io/v1alpha1',
      kind: 'Sensor',
      metadata: { name: 'build-on-push', namespace: ns },
      spec: {
        template: { serviceAccountName: 'argo-events-sensor' },
        dependencies: [{ name: 'push', eventSourceName: 'gitlab', eventName: 'push', filters: { data: [{ path: 'body.object_kind', type: 'string', value: ['push'] }] } }],
        triggers: [{
          template: {
            name: 'build-push',
            argoWorkflow: {
              operation: 'submit',
              source: {
                resource: {
                  apiVersion: 'argoproj.io/v1alpha1',
                  kind: 'Workflow',
                  metadata: { generateName: 'ci-', namespace: wfNs },
                  spec: {
                    workflowTemplateRef: { name: BUILD_PUSH_TEMPLATE, clusterScope: true },
                    arguments: { parameters: [{ name: 'repo', value: '' }, { name: 'revision', value: '' }, { name: 'image', value: '' }] },
                  },
                },
              },
              parameters: [
                { src: { dependencyName: 'push', dataKey: 'body.project.git_http_url' }, dest: 'spec.arguments.parameters.0.value' },
                { src: { dependencyName: 'push', dataKey: 'body.checkout_sha' }, dest: 'spec.arguments.parameters.1.value' },
                { src: { dependencyName: 'push', dataTemplate: `${ecrRegistry(config)}/${config.resourcePrefix}/{{ .Input.body.project.path }}` }, dest: 'spec.arguments.parameters.2.value' },
              ],
            },
          },
        }],
      },
    });
  }
}
