import { AddonDefinition } from './addon-definition';
import { ackDynamodb } from './ack-dynamodb';
import { ackEcr } from './ack-ecr';
import { ackRds } from './ack-rds';
import { ackS3 } from './ack-s3';
import { argoCd } from './argo-cd';
import { argoEvents } from './argo-events';
import { argoRollouts } from './argo-rollouts';
import { argoWorkflows } from './argo-workflows';
import { backstage } from './backstage';
import { certManager } from './cert-manager';
import { devlake } from './devlake';
import { externalSecrets } from './external-secrets';
import { gitlab } from './gitlab';
import { grafana } from './grafana';
import { kargo } from './kargo';
import { keycloak } from './keycloak';
import { kro } from './kro';
import { kubevela } from './kubevela';
import { prometheus } from './prometheus';

/** Every add-on the platform can install. Adding one = one file + one line here + tests. */
export const ADDONS: readonly AddonDefinition[] = [
  externalSecrets,
  certManager,
  prometheus,
  keycloak,
  gitlab,
  backstage,
  argoCd,
  kargo,
  argoWorkflows,
  argoEvents,
  grafana,
  devlake,
  argoRollouts,
  kro,
  kubevela,
  ackS3,
  ackDynamodb,
  ackRds,
  ackEcr,
];

/** Known add-on ids, in registry order. */
export const ADDON_IDS: readonly string[] = ADDONS.map((a) => a.id);

/** The add-on with this id; throws for an unknown id (config validation catches those first). */
export function addonById(id: string): AddonDefinition {
  const addon = ADDONS.find((a) => a.id === id);
  if (!addon) throw new Error(`unknown add-on "${id}"; known: ${ADDON_IDS.join(', ')}`);
  return addon;
}
