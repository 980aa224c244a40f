import type { AddonId } from '../../catalog/registry';
import type { ResolvedConfig } from '../../config/resolved-config';
import { argoCdValues } from './argo-cd';
import { argoWorkflowsValues } from './argo-workflows';
import { backstageValues } from './backstage';
import { devlakeValues } from './devlake';
import { gitlabValues } from './gitlab';
import { grafanaValues } from './grafana';
import { kargoValues } from './kargo';
import { keycloakValues } from './keycloak';

/** Helm values derived from the platform config, per add-on that has any (the others use their catalog values alone). */
export const ADDON_CONFIG: { readonly [id in AddonId]?: (config: ResolvedConfig) => Record<string, unknown> } = {
  'argo-cd': argoCdValues,
  'argo-workflows': argoWorkflowsValues,
  'backstage': backstageValues,
  'devlake': devlakeValues,
  'gitlab': gitlabValues,
  'grafana': grafanaValues,
  'kargo': kargoValues,
  'keycloak': keycloakValues,
};
