import { Construct } from 'constructs';
import type { ResolvedConfig } from '../../config/resolved-config';
import { annotationRef, ANNOTATIONS, FLEET_MEMBER, labelRef, LABELS } from '../../contract/gitops-bridge';
import { INGRESS_CLASS, ingressGroupName, loadBalancerTags, nodeSubnetTags, POLICY_NODE_POOL, STORAGE_CLASS } from '../../contract/ingress';
import { CLUSTER_BASE_CHART_DIR } from '../gitops-layout';
import { PLATFORM_PROJECT } from './addon-application-set';
import { ClusterApplicationSet } from './cluster-application-set';
import { AUTOMATED_SYNC, syncWave } from './file-chart';

/** Release name of the cluster-base chart (the bootstrap pre-installs it on the hub under the same name). */
export const CLUSTER_BASE_RELEASE = 'cluster-base';
/** Namespace of the release (its only namespaced object is kube-system's amazon-vpc-cni ConfigMap). */
export const CLUSTER_BASE_NAMESPACE = 'kube-system';
/** Before every add-on (External Secrets is wave 0): nothing may claim a volume, an ingress or a node first. */
export const CLUSTER_BASE_WAVE = -1;

/** A cluster's facts the chart needs: values, or Go templates over the cluster secret that yield them. */
export interface ClusterBaseFacts {
  /** The cluster's short name (config key). */
  readonly clusterName: string;
  readonly certificateArn: string;
  readonly nodeRoleName: string;
  readonly clusterSecurityGroupId: string;
}

/**
 * Values of gitops/cluster-base for one cluster: the ONE mapping from config and registration to the
 * chart, used by the ApplicationSet (facts as Go templates) and by the bootstrap (facts read from the
 * registration) alike.
 */
export function clusterBaseValues(config: ResolvedConfig, facts: ClusterBaseFacts): Record<string, unknown> {
  return {
    ingress: {
      className: INGRESS_CLASS,
      scheme: config.ingress.scheme,
      groupName: ingressGroupName(config, facts.clusterName),
      certificateArn: facts.certificateArn,
      tags: loadBalancerTags(config, facts.clusterName),
    },
    storage: { className: STORAGE_CLASS },
    nodes: {
      name: POLICY_NODE_POOL,
      roleName: facts.nodeRoleName,
      securityGroupId: facts.clusterSecurityGroupId,
      subnetTags: nodeSubnetTags(config, facts.clusterName),
      networkPolicyEventLogs: 'Enabled',
    },
  };
}

/**
 * Deploys the cluster-base chart to every cluster, hub and spokes, with values templated from each
 * cluster's GitOps Bridge registration: one ApplicationSet, no file per cluster.
 */
export class ClusterBaseApplicationSet extends Construct {
  constructor(scope: Construct, id: string, config: ResolvedConfig) {
    super(scope, id);
    const values = clusterBaseValues(config, {
      clusterName: labelRef(LABELS.clusterName),
      certificateArn: annotationRef(ANNOTATIONS.ingressCertificateArn),
      nodeRoleName: annotationRef(ANNOTATIONS.awsNodeRoleName),
      clusterSecurityGroupId: annotationRef(ANNOTATIONS.awsClusterSecurityGroupId),
    });
    new ClusterApplicationSet(this, 'ApplicationSet', {
      name: 'cluster-base',
      syncWave: CLUSTER_BASE_WAVE,
      selector: { matchExpressions: [{ key: LABELS.fleetMember, operator: 'In', values: [FLEET_MEMBER.hub, FLEET_MEMBER.spoke] }] },
      template: {
        metadata: { name: `cluster-base-${labelRef(LABELS.clusterName)}`, annotations: syncWave(CLUSTER_BASE_WAVE) },
        spec: {
          project: PLATFORM_PROJECT,
          source: {
            repoUrl: config.git.url,
            targetRevision: config.git.revision,
            path: CLUSTER_BASE_CHART_DIR,
            helm: { releaseName: CLUSTER_BASE_RELEASE, valuesObject: values },
          },
          destination: { name: '{{.name}}', namespace: CLUSTER_BASE_NAMESPACE },
          syncPolicy: { ...AUTOMATED_SYNC, syncOptions: ['ServerSideApply=true'] },
        },
      },
    });
  }
}
