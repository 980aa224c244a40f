import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { FLEET_MEMBER, LABELS } from '../../contract/gitops-bridge';
import { ARGOCD_NAMESPACE } from '../../contract/names';
import { ApplicationSpec, toJson_ApplicationSpec } from '../imports/argoproj.io';
import { syncWave } from './file-chart';

/** A label selector over the GitOps Bridge labels of the clusters' Argo CD secrets. */
export interface ClusterSelector {
  readonly matchLabels?: Record<string, string>;
  readonly matchExpressions?: { key: string; operator: 'In' | 'NotIn'; values: string[] }[];
}

/** Spokes of the given environments. */
export function spokesOf(environments: readonly string[]): ClusterSelector {
  return {
    matchLabels: { [LABELS.fleetMember]: FLEET_MEMBER.spoke },
    matchExpressions: [{ key: LABELS.environment, operator: 'In', values: [...environments] }],
  };
}

/** Go template choosing a value by the cluster's environment, e.g. its namespace there. */
export function byEnvironment(values: Readonly<Record<string, string>>): string {
  const pairs = Object.entries(values).map(([env, v]) => `"${env}" "${v}"`).join(' ');
  return `{{ index (dict ${pairs}) .metadata.labels.${LABELS.environment} }}`;
}

/** Readonly all the way down, so `as const` policies (AUTOMATED_SYNC…) fit the generated (mutable) types. */
type DeepReadonly<T> = T extends (infer U)[] ? readonly DeepReadonly<U>[] : T extends object ? { readonly [K in keyof T]: DeepReadonly<T[K]> } : T;

/**
 * The Application an ApplicationSet stamps out per cluster. Its spec is typed by the Application CRD
 * of the pinned argo-cd chart: the ApplicationSet's own generated code is too large to import (see
 * NOT_IMPORTED in scripts/lib/crd-imports.ts), and its `template.spec` schema is the Application's
 * spec (Go type ApplicationSpec; test/gitops/crd-imports.test.ts checks the two schemas are equal at the pin).
 */
export interface ApplicationTemplate {
  readonly metadata: { readonly name: string; readonly labels?: Record<string, string>; readonly annotations?: Record<string, string> };
  readonly spec: DeepReadonly<ApplicationSpec>;
}

export interface ClusterApplicationSetProps {
  readonly name: string;
  readonly syncWave: number;
  /** Clusters to select; several selectors give one cluster generator each (their union). */
  readonly selector: ClusterSelector | readonly ClusterSelector[];
  /** The Application template (Go templates over the cluster secret; missing keys are errors). */
  readonly template: ApplicationTemplate;
}

/**
 * The one shape of every platform ApplicationSet: a cluster generator over the GitOps Bridge labels,
 * Go templates with missingkey=error, in Argo CD's namespace, ordered by sync wave.
 */
export class ClusterApplicationSet extends Construct {
  constructor(scope: Construct, id: string, props: ClusterApplicationSetProps) {
    super(scope, id);
    new ApiObject(this, 'ApplicationSet', {
      apiVersion: 'argoproj.io/v1alpha1',
      kind: 'ApplicationSet',
      metadata: { name: props.name, namespace: ARGOCD_NAMESPACE, annotations: syncWave(props.syncWave) },
      spec: {
        goTemplate: true,
        goTemplateOptions: ['missingkey=error'],
        generators: (Array.isArray(props.selector) ? props.selector : [props.selector]).map((selector) => ({ clusters: { selector } })),
        // Field names as the CRD spells them (repoURL…), from the generated serializer.
        template: { metadata: props.template.metadata, spec: toJson_ApplicationSpec(props.template.spec as ApplicationSpec) },
      },
    });
  }
}
