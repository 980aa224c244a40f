import { Construct } from 'constructs';
import { TEAM_SECRET_STORE } from '../../contract/tenant-isolation';
import { ComponentDefinition, TraitDefinition } from '../imports/core.oam.dev';

/** KubeVela: the platform's component (a web service as a canary Rollout) and trait (team secret) definitions. */
export class VelaDefinitions extends Construct {
  constructor(scope: Construct, id: string) {
    super(scope, id);
    new ComponentDefinition(this, 'Component', {
      metadata: { name: 'platform-webservice', namespace: 'vela-system', annotations: { 'definition.oam.dev/description': 'A web service delivered as an Argo Rollouts canary' } },
      spec: {
        workload: { definition: { apiVersion: 'argoproj.io/v1alpha1', kind: 'Rollout' } },
        schematic: {
          cue: {
            template: [
              'output: {',
              '  apiVersion: "argoproj.io/v1alpha1"',
              '  kind:       "Rollout"',
              '  spec: {',
              '    selector: matchLabels: "app.oam.dev/component": context.name',
              '    template: {',
              '      metadata: labels: "app.oam.dev/component": context.name',
              '      spec: containers: [{name: context.name, image: parameter.image, ports: [{containerPort: parameter.port}]}]',
              '    }',
              '    strategy: canary: steps: [{setWeight: 20}, {pause: duration: "2m"}]',
              '  }',
              '}',
              'parameter: {',
              '  image: string',
              '  port:  *8080 | int',
              '}',
            ].join('\n'),
          },
        },
      },
    });
    new TraitDefinition(this, 'Trait', {
      metadata: { name: 'platform-secret', namespace: 'vela-system', annotations: { 'definition.oam.dev/description': 'Sync a team secret from AWS Secrets Manager' } },
      spec: {
        appliesToWorkloads: ['argoproj.io/v1alpha1.Rollout'],
        schematic: {
          cue: {
            template: [
              'outputs: secret: {',
              '  apiVersion: "external-secrets.io/v1"',
              '  kind:       "ExternalSecret"',
              '  metadata: name: context.name',
              '  spec: {',
              // The namespace's team store (<prefix>/teams/<team>/<key>), never a platform store (C1).
              `    secretStoreRef: {kind: "SecretStore", name: "${TEAM_SECRET_STORE}"}`,
              '    target: name: context.name',
              '    dataFrom: [{extract: key: parameter.key}]',
              '  }',
              '}',
              'parameter: key: string',
            ].join('\n'),
          },
        },
      },
    });
  }
}
