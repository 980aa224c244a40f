import { Construct } from 'constructs';
import type { ResolvedConfig } from '../../config/resolved-config';
import { annotationRef, ANNOTATIONS, enableLabel, labelRef, LABELS } from '../../contract/gitops-bridge';
import type { AddonDefinition } from '../../catalog/addon-definition';
import { addonApplicationName, addonApplicationSetName, helmReleaseName } from '../../contract/names';
import { LAYOUT, OVERRIDES_DIR, repoPath } from '../gitops-layout';
import type { ApplicationSpecSources } from '../imports/argoproj.io';
import { ClusterApplicationSet } from './cluster-application-set';
import { AUTOMATED_SYNC, syncWave } from './file-chart';

/** Project of platform-owned Applications (add-ons, registrations); only platform admins act in it. */
export const PLATFORM_PROJECT = 'platform';

/**
 * The ONE construct that turns any add-on into an ApplicationSet: a cluster generator selecting
 * `enable_<addon>: "true"`, Go templates with missingkey=error, and Helm values layered
 * generated defaults → overrides/<addon>/default → environments/<env> → clusters/<cluster>.
 */
export class AddonApplicationSet extends Construct {
  constructor(scope: Construct, id: string, config: ResolvedConfig, addon: AddonDefinition) {
    super(scope, id);
    const overrides = (file: string) => `$values/${OVERRIDES_DIR}/${addon.id}/${file}`;
    const chartSource: ApplicationSpecSources = {
      repoUrl: addon.chart.repoURL,
      chart: addon.chart.chart,
      targetRevision: addon.chart.version,
      helm: {
        releaseName: helmReleaseName(addon.id),
        ignoreMissingValueFiles: true,
        valueFiles: [
          `$values/${repoPath(config, LAYOUT.addonValues, addon.id, 'values.yaml')}`,
          overrides('default.yaml'),
          overrides(`environments/${labelRef(LABELS.environment)}.yaml`),
          overrides(`clusters/${labelRef(LABELS.clusterName)}.yaml`),
        ],
        ...(addon.clusterValues ? { valuesObject: addon.clusterValues } : {}),
      },
    };
    new ClusterApplicationSet(this, 'ApplicationSet', {
      name: addonApplicationSetName(addon.id),
      syncWave: addon.syncWave,
      selector: { matchLabels: { [enableLabel(addon.id)]: 'true' } },
      template: {
        metadata: {
          name: addonApplicationName(addon.id, labelRef(LABELS.clusterName)),
          labels: { 'platform-blueprint/addon': addon.id, 'platform-blueprint/cluster': labelRef(LABELS.clusterName) },
          annotations: syncWave(addon.syncWave),
        },
        spec: {
          project: PLATFORM_PROJECT,
          sources: [
            chartSource,
            { repoUrl: annotationRef(ANNOTATIONS.addonsRepoUrl), targetRevision: annotationRef(ANNOTATIONS.addonsRepoRevision), ref: 'values' },
          ],
          destination: { name: '{{.name}}', namespace: addon.namespace },
          syncPolicy: AUTOMATED_SYNC,
        },
      },
    });
  }
}
