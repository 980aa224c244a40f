import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import type { ResolvedConfig } from '../../config/resolved-config';
import { applicationProjectPath, CI_EVENT_SOURCE, ciWebhookUrl, SENSOR_SERVICE_ACCOUNT } from '../../contract/application-ci';
import { ALB_INGRESS_ANNOTATIONS, INGRESS_CLASS } from '../../contract/ingress';
import { toolUrl } from '../sso';
import { addonById } from '../../catalog/registry';
import { EventBus, EventSource, Sensor } from '../imports/argoproj.io';
import { applicationBuilds, BUILD_PARAMETERS, BUILD_PUSH_TEMPLATE } from './ci-pipelines';

/** Secrets (Argo Events' namespace): the hook secret (platform-secrets) and the `events` GitLab token (git-credentials). */
export const WEBHOOK_TOKEN_SECRET = 'gitlab-webhook-token';
export const EVENTS_TOKEN_SECRET = 'gitlab-events-token';

/** A branch (any name git accepts in a push) or a tag that is also a valid image tag. */
export const BUILD_REF = '^refs/(heads/[A-Za-z0-9._/-]+|tags/[A-Za-z0-9_][A-Za-z0-9_.-]{0,127})$';
/** A full commit SHA: branch deletions (`checkout_sha: null`, `after: 000…`) never build. */
export const COMMIT_SHA = '^[0-9a-f]{40}$';

/** Anchored regex of a literal (argo-events string filters are regexes: sensors/filters/data.md). */
const literal = (s: string) => `^${s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}$`;

/**
 * Argo Events: GitLab project hooks → one build per push of a configured application.
 *
 * The `gitlab` EventSource checks `X-Gitlab-Token` against the secret token and (with `projects` set)
 * keeps one hook per project with this URL, finding an existing one by URL rather than adding another
 * (argo-events pkg/eventsources/sources/gitlab/start.go, HandleRoute and getProjectHook). The git
 * plumbing job creates the same hooks first, so neither duplicates the other.
 *
 * The Sensor has one dependency per application whose filters validate the payload (event kind, exact
 * `project.path_with_namespace`, full SHA, branch or image-safe tag); anything else never triggers. The
 * repository URL, ECR repository and builder ServiceAccount come from the config; only the SHA and the
 * ref come from the payload, as Workflow arguments (issue #13 H3).
 */
export class CiEvents extends Construct {
  constructor(scope: Construct, id: string, config: ResolvedConfig) {
    super(scope, id);
    const ns = addonById('argo-events').namespace;
    const wfNs = addonById('argo-workflows').namespace;
    const builds = applicationBuilds(config);
    // argo-events 2.4.15's CRDs carry no schema, so the generated classes type the served version and
    // metadata only; spec fields are checked against the API's JSON schema by test/gitops/ci-pipelines.test.ts.
    new EventBus(this, 'Bus', {
      metadata: { name: 'default', namespace: ns },
      spec: { jetstream: { version: '2.10.10' } },
    });
    const url = new URL(ciWebhookUrl(config));
    new EventSource(this, 'Source', {
      metadata: { name: CI_EVENT_SOURCE.name, namespace: ns },
      spec: {
        service: { ports: [{ port: CI_EVENT_SOURCE.port, targetPort: CI_EVENT_SOURCE.port }] },
        gitlab: {
          [CI_EVENT_SOURCE.eventName]: {
            projects: builds.map((b) => applicationProjectPath(b.app)),
            events: ['PushEvents', 'TagPushEvents'],
            gitlabBaseURL: toolUrl(config, 'gitlab'),
            enableSSLVerification: true,
            accessToken: { name: EVENTS_TOKEN_SECRET, key: 'token' },
            secretToken: { name: WEBHOOK_TOKEN_SECRET, key: 'token' },
            webhook: { endpoint: CI_EVENT_SOURCE.endpoint, port: String(CI_EVENT_SOURCE.port), method: 'POST', url: url.origin },
          },
        },
      },
    });
    // GitLab reaches the event source through the hub's ALB (its certificate covers *.<domain>).
    new ApiObject(this, 'Ingress', {
      apiVersion: 'networking.k8s.io/v1',
      kind: 'Ingress',
      metadata: {
        name: 'ci-events', namespace: ns,
        // The webhook server answers 200 on /health (argo-events pkg/eventsources/common/webhook).
        annotations: { ...ALB_INGRESS_ANNOTATIONS, 'alb.ingress.kubernetes.io/healthcheck-path': '/health' },
      },
      spec: {
        ingressClassName: INGRESS_CLASS,
        tls: [{ hosts: [url.hostname] }],
        rules: [{
          host: url.hostname,
          http: { paths: [{ path: CI_EVENT_SOURCE.endpoint, pathType: 'Exact', backend: { service: { name: `${CI_EVENT_SOURCE.name}-eventsource-svc`, port: { number: CI_EVENT_SOURCE.port } } } }] },
        }],
      },
    });

    // The Sensor's identity may create Workflows in Argo Workflows' namespace, nothing else.
    new ApiObject(this, 'SensorAccount', { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: SENSOR_SERVICE_ACCOUNT, namespace: ns } });
    new ApiObject(this, 'SensorRole', {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'Role',
      metadata: { name: 'ci-sensor-submit', namespace: wfNs },
      rules: [{ apiGroups: ['argoproj.io'], resources: ['workflows'], verbs: ['create'] }],
    });
    new ApiObject(this, 'SensorBinding', {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'RoleBinding',
      metadata: { name: 'ci-sensor-submit', namespace: wfNs },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'ci-sensor-submit' },
      subjects: [{ kind: 'ServiceAccount', name: SENSOR_SERVICE_ACCOUNT, namespace: ns }],
    });

    const revision = BUILD_PARAMETERS.indexOf('revision');
    const ref = BUILD_PARAMETERS.indexOf('ref');
    new Sensor(this, 'Sensor', {
      metadata: { name: 'build-on-push', namespace: ns },
      spec: {
        template: { serviceAccountName: SENSOR_SERVICE_ACCOUNT },
        dependencies: builds.map((b) => ({
          name: `push-${b.app.name}`,
          eventSourceName: CI_EVENT_SOURCE.name,
          eventName: CI_EVENT_SOURCE.eventName,
          filters: {
            // All data filters must match (dataLogicalOperator defaults to "and").
            data: [
              { path: 'body.object_kind', type: 'string', value: ['^(push|tag_push)$'] },
              { path: 'body.project.path_with_namespace', type: 'string', value: [literal(applicationProjectPath(b.app))] },
              { path: 'body.checkout_sha', type: 'string', value: [COMMIT_SHA] },
              { path: 'body.ref', type: 'string', value: [BUILD_REF] },
            ],
          },
        })),
        triggers: builds.map((b) => {
          const fixed: Record<(typeof BUILD_PARAMETERS)[number], string> = {
            repo: `${toolUrl(config, 'gitlab')}/${applicationProjectPath(b.app)}.git`,
            repository: b.repository,
            gitSecret: b.gitSecret,
            revision: '',
            ref: '',
          };
          return {
            template: {
              name: `build-${b.app.name}`,
              conditions: `push-${b.app.name}`,
              argoWorkflow: {
                operation: 'submit',
                source: {
                  resource: {
                    apiVersion: 'argoproj.io/v1alpha1',
                    kind: 'Workflow',
                    metadata: { generateName: `ci-${b.app.name}-`, namespace: wfNs, labels: { 'platform/application': b.app.name } },
                    spec: {
                      serviceAccountName: b.serviceAccount,
                      workflowTemplateRef: { name: BUILD_PUSH_TEMPLATE, clusterScope: true },
                      arguments: { parameters: BUILD_PARAMETERS.map((name) => ({ name, value: fixed[name] })) },
                    },
                  },
                },
                parameters: [
                  { src: { dependencyName: `push-${b.app.name}`, dataKey: 'body.checkout_sha' }, dest: `spec.arguments.parameters.${revision}.value` },
                  { src: { dependencyName: `push-${b.app.name}`, dataKey: 'body.ref' }, dest: `spec.arguments.parameters.${ref}.value` },
                ],
              },
            },
          };
        }),
      },
    });
  }
}
