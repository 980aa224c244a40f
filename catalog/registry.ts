import { AddonDefinition } from './addon-definition';
import { ackDynamodb } from './addons/ack-dynamodb';
import { ackEcr } from './addons/ack-ecr';
import { ackRds } from './addons/ack-rds';
import { ackS3 } from './addons/ack-s3';
import { argoCd } from './addons/argo-cd';
import { argoEvents } from './addons/argo-events';
import { argoRollouts } from './addons/argo-rollouts';
import { argoWorkflows } from './addons/argo-workflows';
import { backstage } from './addons/backstage';
import { certManager } from './addons/cert-manager';
import { devlake } from './addons/devlake';
import { externalSecrets } from './addons/external-secrets';
import { gitlab } from './addons/gitlab';
import { grafana } from './addons/grafana';
import { kargo } from './addons/kargo';
import { keycloak } from './addons/keycloak';
import { kro } from './addons/kro';
import { kubevela } from './addons/kubevela';
import { prometheus } from './addons/prometheus';

/**
 * Known add-on ids, in registry order, and their literal union `AddonId` (config validation checks ids with
 * `isAddonId`). The `ADDONS` type below makes the compiler check that both lists agree, entry by entry.
 */
export const ADDON_IDS = [
  'external-secrets', 'cert-manager', 'prometheus', 'keycloak', 'gitlab', 'backstage', 'argo-cd', 'kargo', 'argo-workflows',
  'argo-events', 'grafana', 'devlake', 'argo-rollouts', 'kro', 'kubevela', 'ack-s3', 'ack-dynamodb', 'ack-rds', 'ack-ecr',
] as const;
export type AddonId = (typeof ADDON_IDS)[number];

/** One definition per id, at the same position (a mapped type over a tuple type parameter keeps the tuple). */
type RegistryOf<Ids extends readonly string[]> = { readonly [K in keyof Ids]: AddonDefinition & { readonly id: Ids[K] } };
type Registry = RegistryOf<typeof ADDON_IDS>;

/**
 * Every add-on the platform can install. Adding one = one file in catalog/addons/ + its id above + one line here
 * (+ gitops/addon-config/<id>.ts when its values depend on the config) + tests (docs/architecture.md).
 */
export const ADDONS: Registry = [
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

/** An add-on of the registry: its id is an `AddonId`. */
export type CatalogAddon = Registry[number];

/** Whether a string is a known add-on id. */
export function isAddonId(id: string): id is AddonId {
  return (ADDON_IDS as readonly string[]).includes(id);
}

/** The add-on with this id; throws for an unknown id (config validation catches those first). */
export function addonById(id: string): CatalogAddon {
  const addon = ADDONS.find((a) => a.id === id);
  if (!addon) throw new Error(`unknown add-on "${id}"; known: ${ADDON_IDS.join(', ')}`);
  return addon;
}
