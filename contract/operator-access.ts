import type { ResolvedCluster, ResolvedConfig } from '../config/resolved-config';
import { roleArn, roleName } from './gitops-bridge';

/**
 * How operators (and the bootstrap, status and destroy scripts) reach each cluster: one IAM role per
 * cluster, mapped by an EKS access entry to `AmazonEKSClusterAdminPolicy` and trusted only by the
 * principals in `admins.principals`, and one kubeconfig context per cluster. blueprints/ creates the
 * role; scripts/ assume it (`aws eks update-kubeconfig --role-arn`) and name the contexts. Nothing
 * else spells these names.
 */

/** Purpose suffix of the cluster-admin role: `<resourcePrefix>-<cluster>-cluster-admin`. */
export const CLUSTER_ADMIN_PURPOSE = 'cluster-admin';

/** EKS access policy the cluster-admin role is associated with (cluster scope). */
export const CLUSTER_ADMIN_ACCESS_POLICY = 'AmazonEKSClusterAdminPolicy';

export function clusterAdminRoleName(config: ResolvedConfig, cluster: ResolvedCluster): string {
  return roleName(config, cluster, CLUSTER_ADMIN_PURPOSE);
}

export function clusterAdminRoleArn(config: ResolvedConfig, cluster: ResolvedCluster, partition = 'aws'): string {
  return roleArn(config, cluster, CLUSTER_ADMIN_PURPOSE, partition);
}

/**
 * kubeconfig context (and user) name of a cluster: `<resourcePrefix>-<cluster>`, e.g. `acme-hub`.
 * Prefixed so that another platform's or a personal `hub` context never shadows it; the scripts still
 * verify the context's cluster ARN before any change (a same-prefixed platform elsewhere could collide).
 */
export function kubeContext(config: ResolvedConfig, cluster: ResolvedCluster): string {
  return `${config.resourcePrefix}-${cluster.name}`;
}

/** ARN of a cluster's EKS cluster (what `aws eks update-kubeconfig` names the kubeconfig cluster entry). */
export function eksClusterArn(cluster: ResolvedCluster, partition = 'aws'): string {
  return `arn:${partition}:eks:${cluster.region}:${cluster.account}:cluster/${cluster.clusterName}`;
}

/**
 * The portal (Backstage on the hub) reads every cluster for its Kubernetes views (workloads, pods,
 * logs) as its Pod Identity role: the add-on's role `<resourcePrefix>-hub-backstage`, admitted on each
 * cluster by an access entry with this view-only policy at cluster scope. AmazonEKSViewPolicy mirrors
 * Kubernetes' `view` role (pods and pods/log get/list/watch, no Secrets, no writes):
 * https://docs.aws.amazon.com/eks/latest/userguide/access-policy-permissions.html
 */
export const PORTAL_ACCESS_POLICY = 'AmazonEKSViewPolicy';

/** Add-on whose Pod Identity role the portal's Kubernetes backend authenticates as (`authProvider: aws`). */
export const PORTAL_ADDON = 'backstage';

/** The portal's role ARN when the hub runs the portal, else null (no access entry anywhere). */
export function portalReaderRoleArn(config: ResolvedConfig, partition = 'aws'): string | null {
  return config.hub.addons.includes(PORTAL_ADDON) ? roleArn(config, config.hub, PORTAL_ADDON, partition) : null;
}
