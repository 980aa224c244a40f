import type { ResolvedConfig } from '../../config/resolved-config';
import { applicationProjectPath } from '../../contract/application-ci';
import { DEVLAKE_LAKE_URL, devlakeWebhookUrl } from '../../contract/dora';
import { toolUrl } from '../sso';

/** Annotation every workload Application carries (gitops/charts/delivery.ts): `<kargo project = app>:<environment>`. */
export const WORKLOAD_STAGE_ANNOTATION = 'kargo.akuity.io/authorized-stage';

/** Notifications names (argocd-notifications-cm keys without their `service.webhook.` / `template.` / `trigger.` prefix). */
export const DORA_NOTIFICATIONS = { service: 'devlake', template: 'devlake-deployment', trigger: 'on-workload-deployed' } as const;

/** Go-template string literal of a config value (names are DNS labels, URLs built from validated parts; JSON quoting is Go-compatible). */
const lit = (s: string) => JSON.stringify(s);

/**
 * Deployments for DORA, reported by Argo CD notifications (argo-cd 7.8.26 chart `notifications.*`
 * values → argocd-notifications-cm) to DevLake's webhook connection, addressed by name:
 * https://argo-cd.readthedocs.io/en/stable/operator-manual/notifications/services/webhook/ and the
 * deployment payload of https://devlake.apache.org/docs/Plugins/webhook.
 *
 * Only workload Applications (those with the Kargo stage annotation) trigger, once per synced revision,
 * when the sync succeeded and the app is Healthy. The deployed commit is the image tag (CI tags
 * branch builds with the commit SHA); the repository and the environment type come from the config.
 */
export function doraNotificationValues(config: ResolvedConfig) {
  // The last environment of each application's promotion is its production.
  const production = [...new Set(config.applications.map((a) => a.promotion[a.promotion.length - 1]))].sort();
  const repos = config.applications.flatMap((a) => [lit(a.name), lit(`${toolUrl(config, 'gitlab')}/${applicationProjectPath(a)}`)]).join(' ');
  const url = new URL(devlakeWebhookUrl(config, 'deployments'));
  const body = [
    `{{- $stage := splitList ":" (index .app.metadata.annotations ${lit(WORKLOAD_STAGE_ANNOTATION)}) -}}`,
    '{{- $app := first $stage -}}{{- $env := last $stage -}}',
    `{{- $repos := dict ${repos} -}}`,
    '{{- $image := "" -}}{{- if .app.status.summary.images -}}{{- $image = index .app.status.summary.images 0 -}}{{- end -}}',
    '{{- $sha := last (splitList ":" $image) -}}',
    '{',
    '  "id": {{ printf "%s-%s" .app.metadata.name .app.status.operationState.syncResult.revision | toJson }},',
    '  "name": {{ .app.metadata.name | toJson }},',
    `  "environment": {{ if has $env (list ${production.map(lit).join(' ')}) }}"PRODUCTION"{{ else }}"STAGING"{{ end }},`,
    '  "result": "SUCCESS",',
    '  "startedDate": {{ .app.status.operationState.startedAt | toJson }},',
    '  "finishedDate": {{ .app.status.operationState.finishedAt | toJson }},',
    '  "deploymentCommits": [{ "repoUrl": {{ get $repos $app | toJson }}, "refName": {{ $sha | toJson }}, "commitSha": {{ $sha | toJson }},',
    '    "startedDate": {{ .app.status.operationState.startedAt | toJson }}, "finishedDate": {{ .app.status.operationState.finishedAt | toJson }}, "result": "SUCCESS" }]',
    '}',
  ].join('\n');
  return {
    notifications: {
      argocdUrl: toolUrl(config, 'argocd'),
      notifiers: {
        // In-cluster: DevLake's API server, never over the internet.
        [`service.webhook.${DORA_NOTIFICATIONS.service}`]: `url: ${DEVLAKE_LAKE_URL}\nheaders:\n- name: Content-Type\n  value: application/json\n`,
      },
      templates: {
        [`template.${DORA_NOTIFICATIONS.template}`]: [
          'webhook:',
          `  ${DORA_NOTIFICATIONS.service}:`,
          '    method: POST',
          `    path: ${url.pathname}`,
          '    body: |',
          ...body.split('\n').map((l) => `      ${l}`),
          '',
        ].join('\n'),
      },
      triggers: {
        [`trigger.${DORA_NOTIFICATIONS.trigger}`]: [
          '- description: A workload Application synced successfully and is healthy (DORA deployment).',
          '  oncePer: app.status.operationState.syncResult.revision',
          `  when: app.status.operationState != nil and app.status.operationState.phase in ['Succeeded'] and app.status.health.status == 'Healthy' and app.metadata.annotations != nil and ${lit(WORKLOAD_STAGE_ANNOTATION).replace(/"/g, "'")} in app.metadata.annotations`,
          `  send: [${DORA_NOTIFICATIONS.template}]`,
          '',
        ].join('\n'),
      },
      // Global: every Application is subscribed; the trigger's condition keeps only workloads.
      subscriptions: [{ recipients: [DORA_NOTIFICATIONS.service], triggers: [DORA_NOTIFICATIONS.trigger] }],
    },
  };
}
