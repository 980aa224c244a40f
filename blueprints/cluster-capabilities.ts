import { Stack } from 'aws-cdk-lib';
import type * as eksv1 from 'aws-cdk-lib/aws-eks';
import type * as eks from 'aws-cdk-lib/aws-eks-v2';
import { Construct } from 'constructs';
import type { ResolvedCapability, ResolvedCluster, ResolvedConfig } from '../config/resolved-config';
import { roleName } from '../contract/gitops-bridge';
import { CAPABILITY_TYPE, capabilityAccessPolicies, capabilityName, capabilityRolePurpose } from '../contract/managed-capabilities';
import type { AddonIamStatement } from '../catalog/addon-definition';
import { addonById } from '../catalog/registry';
import { ARGOCD_NAMESPACE } from '../contract/names';
import { acknowledgeScopedWildcards, addonPolicyStatements } from './addon-iam';
import { ManagedCapability } from './constructs/managed-capability';

/**
 * The AWS permissions of a capability: the statements of the add-ons it replaces on this cluster (for
 * ACK, exactly what the `ack-*` add-on files declare, scoped to the platform prefix). kro and Argo CD
 * declare none.
 */
export function capabilityIamNeeds(capability: ResolvedCapability): AddonIamStatement[] {
  return capability.replaces.flatMap((id) => [...(addonById(id).identity?.iam ?? [])]);
}

/** Argo CD capability settings: Identity Center sign-in, the platform admin group as ADMIN. */
function argoCdConfiguration(config: ResolvedConfig): eksv1.CfnCapability.CapabilityConfigurationProperty {
  return {
    argoCd: {
      awsIdc: { idcInstanceArn: config.argocd.identityCenterInstanceArn! },
      namespace: ARGOCD_NAMESPACE,
      rbacRoleMappings: [{ role: 'ADMIN', identities: [{ id: config.sso.adminGroup, type: 'SSO_GROUP' }] }],
    },
  };
}

/** Creates every EKS managed capability of a cluster (config `capabilities`, `argocd.mode` on the hub). */
export function addManagedCapabilities(scope: Construct, config: ResolvedConfig, cluster: ResolvedCluster, eksCluster: eks.ICluster): Record<string, ManagedCapability> {
  const partition = Stack.of(scope).partition;
  const created: Record<string, ManagedCapability> = {};
  for (const capability of cluster.capabilities) {
    const needs = capabilityIamNeeds(capability);
    const managed = new ManagedCapability(scope, `Capability-${capability.id}`, {
      cluster: eksCluster,
      type: CAPABILITY_TYPE[capability.id],
      capabilityName: capabilityName(config, capability.id),
      roleName: roleName(config, cluster, capabilityRolePurpose(capability.id)),
      statements: addonPolicyStatements(config, cluster, needs, partition),
      accessPolicies: capabilityAccessPolicies(capability.id),
      configuration: capability.id === 'argocd' ? argoCdConfiguration(config) : undefined,
    });
    acknowledgeScopedWildcards(managed, config, cluster, needs);
    created[capability.id] = managed;
  }
  return created;
}
