import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { devlakeWebhookConnection } from '../../contract/dora';
import { DORA_NOTIFICATIONS, doraNotificationValues, WORKLOAD_STAGE_ANNOTATION } from '../../gitops/charts/dora-notifications';
import { kubectlLayerBinaries } from '../support/kubectl-layer';
import { testConfig } from '../support/test-config';

/**
 * Deployments reach DevLake through Argo CD notifications. The webhook body is a Go text/template with
 * sprig functions (https://argo-cd.readthedocs.io/en/stable/operator-manual/notifications/templates/);
 * it is rendered here by helm's engine — the same Go text/template + sprig — with `.app` read from
 * the values, over an Application as Argo CD reports it, and must give DevLake's deployment payload
 * (https://devlake.apache.org/docs/Plugins/webhook: id, result, environment, deploymentCommits[].repoUrl/commitSha required).
 */
const config = testConfig();
const values = doraNotificationValues(config).notifications;
const template = parse(values.templates[`template.${DORA_NOTIFICATIONS.template}`]).webhook[DORA_NOTIFICATIONS.service];

function render(app: unknown): any {
  const { helm } = kubectlLayerBinaries();
  const dir = mkdtempSync(join(tmpdir(), 'pb-notif-'));
  mkdirSync(join(dir, 'templates'));
  writeFileSync(join(dir, 'Chart.yaml'), 'apiVersion: v2\nname: notif\nversion: 0.1.0\n');
  // Argo CD's template context is {app, …}; helm's is {Values, …}: the only rewrite.
  writeFileSync(join(dir, 'templates', '_body.tpl'), `{{- define "body" -}}\n${template.body.replace(/\.app\b/g, '.Values.app')}{{- end -}}\n`);
  // helm parses what it renders as YAML: the body goes out as one JSON string.
  writeFileSync(join(dir, 'templates', 'out.yaml'), 'body: {{ include "body" . | toJson }}\n');
  writeFileSync(join(dir, 'values.yaml'), JSON.stringify({ app }));
  const out = execFileSync(helm, ['template', 'x', dir], { encoding: 'utf8' });
  return JSON.parse(parse(out.replace(/^---\n# Source:.*\n/m, '')).body);
}

const application = (cluster: string, env: string) => ({
  metadata: { name: `checkout-${cluster}`, annotations: { [WORKLOAD_STAGE_ANNOTATION]: `checkout:${env}` } },
  status: {
    health: { status: 'Healthy' },
    summary: { images: [`111111111111.dkr.ecr.eu-west-1.amazonaws.com/test/checkout:${'b'.repeat(40)}`] },
    operationState: { phase: 'Succeeded', startedAt: '2026-12-01T10:00:00Z', finishedAt: '2026-12-01T10:02:00Z', syncResult: { revision: 'c'.repeat(40) } },
  },
});

describe('DORA deployments from Argo CD notifications', () => {
  test('a production sync renders DevLake\'s deployment payload with the application commit', () => {
    const body = render(application('prod', 'prod'));
    expect(body).toEqual({
      id: `checkout-prod-${'c'.repeat(40)}`,
      name: 'checkout-prod',
      environment: 'PRODUCTION',
      result: 'SUCCESS',
      startedDate: '2026-12-01T10:00:00Z',
      finishedDate: '2026-12-01T10:02:00Z',
      deploymentCommits: [{
        repoUrl: 'https://gitlab.platform.test.example.com/payments/checkout',
        refName: 'b'.repeat(40), commitSha: 'b'.repeat(40),
        startedDate: '2026-12-01T10:00:00Z', finishedDate: '2026-12-01T10:02:00Z', result: 'SUCCESS',
      }],
    });
  });

  test('an earlier environment reports a STAGING deployment', () => {
    expect(render(application('dev', 'dev')).environment).toBe('STAGING');
  });

  test('the webhook goes in-cluster to DevLake\'s connection by name, and only workload Applications trigger it', () => {
    expect(template.path).toBe(`/plugins/webhook/connections/by-name/${devlakeWebhookConnection(config)}/deployments`);
    expect(values.notifiers[`service.webhook.${DORA_NOTIFICATIONS.service}`]).toMatch(/^url: http:\/\/devlake-lake\.devlake\.svc\.cluster\.local:8080\n/);
    const [trigger] = parse(values.triggers[`trigger.${DORA_NOTIFICATIONS.trigger}`]);
    expect(trigger.when).toContain(`'${WORKLOAD_STAGE_ANNOTATION}' in app.metadata.annotations`);
    expect(trigger.when).toContain("app.status.operationState.phase in ['Succeeded']");
    expect(trigger.oncePer).toBe('app.status.operationState.syncResult.revision');
    expect(values.subscriptions).toEqual([{ recipients: [DORA_NOTIFICATIONS.service], triggers: [DORA_NOTIFICATIONS.trigger] }]);
  });
});
