import { Construct } from 'constructs';
import type { ResolvedConfig } from '../../config/resolved-config';
import { capabilityLabel, enableLabel, labelRef, LABELS } from '../../contract/gitops-bridge';
import { addonById } from '../../catalog/registry';
import { LAYOUT, repoPath } from '../gitops-layout';
import { PLATFORM_PROJECT } from './addon-application-set';
import { ClusterApplicationSet } from './cluster-application-set';
import { AFTER_CRDS_SYNC_NO_NAMESPACE } from '../sync-layers';

/**
 * Deploys `addon-objects/<addon>/` (the platform's objects whose kinds an add-on provides: analysis
 * templates, compositions, realm, CI, pipelines…) to every cluster where that add-on is enabled, hub or
 * spoke, or where an EKS managed capability provides it. One construct for every such folder.
 */
export class AddonObjectsApplicationSet extends Construct {
  constructor(scope: Construct, id: string, config: ResolvedConfig, addonId: string) {
    super(scope, id);
    const addon = addonById(addonId);
    new ClusterApplicationSet(this, 'ApplicationSet', {
      name: `${addonId}-objects`,
      syncWave: addon.syncWave + 1,
      selector: [
        { matchLabels: { [enableLabel(addonId)]: 'true' } },
        // Where an EKS managed capability replaces the add-on's chart, its API is there all the same.
        ...(addon.capability ? [{ matchLabels: { [capabilityLabel(addon.capability)]: 'true' } }] : []),
      ],
      template: {
        metadata: { name: `${addonId}-objects-${labelRef(LABELS.clusterName)}` },
        spec: {
          project: PLATFORM_PROJECT,
          source: { repoUrl: config.git.url, targetRevision: config.git.revision, path: repoPath(config, LAYOUT.addonObjects, addonId) },
          destination: { name: '{{.name}}' },
          syncPolicy: AFTER_CRDS_SYNC_NO_NAMESPACE,
        },
      },
    });
  }
}
