import { AddonIamStatement, defineAddon, AddonDefinition } from '../addon-definition';

/**
 * ACK controllers share one shape: an OCI chart per AWS service, one namespace, one service account
 * whose Pod Identity role is scoped to that service and to resources named with the platform prefix.
 */
export function ackController<S extends string>(service: S, version: string, iam: readonly AddonIamStatement[], defaultOnSpoke: boolean): AddonDefinition & { readonly id: `ack-${S}` } {
  return defineAddon({
    id: `ack-${service}` as const,
    description: `AWS Controllers for Kubernetes: ${service.toUpperCase()} resources as Kubernetes objects`,
    chart: { repoURL: 'public.ecr.aws/aws-controllers-k8s', chart: `${service}-chart`, version },
    namespace: 'ack-system',
    syncWave: 3,
    // The EKS managed ACK capability runs every ACK service controller; its role gets these same statements.
    capability: 'ack',
    defaultOn: { hub: false, spoke: defaultOnSpoke },
    identity: {
      serviceAccount: `ack-${service}-controller`,
      // Spokes: no permission of its own; TeamLevelCARM assumes the role of the namespace's team (H2).
      iam: iam.map((s) => ({ ...s, hubOnly: true })),
    },
    values: {
      serviceAccount: { name: `ack-${service}-controller` },
      deployment: { replicas: 1 },
      // https://aws-controllers-k8s.github.io/community/docs/user-docs/features/ (TeamLevelCARM);
      // adoption stays off so a tenant cannot take over a resource it did not create.
      featureGates: { TeamLevelCARM: true, ResourceAdoption: false },
    },
    clusterValues: { aws: { region: '{{.metadata.annotations.aws_region}}' } },
  });
}
