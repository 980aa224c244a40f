// Baseline for the synth benchmark: a minimal two-cluster app built with eks-blueprints alone
// (Auto Mode, no platform layer), synthesized the same way as ours.
import * as blueprints from '@aws-quickstart/eks-blueprints';
import { App } from 'aws-cdk-lib';
import * as eks from 'aws-cdk-lib/aws-eks-v2';

const app = new App();
for (const [id, account] of [['baseline-hub', '111111111111'], ['baseline-spoke', '222222222222']]) {
  blueprints.AutomodeBuilder.builder({ version: eks.KubernetesVersion.of('1.34') })
    .account(account)
    .region('eu-west-1')
    .build(app, id);
}
app.synth();
