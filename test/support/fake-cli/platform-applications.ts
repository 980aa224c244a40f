import { exampleDeployFacts } from '../deploy-facts';
import type { ResolvedConfig } from '../../../config/resolved-config';
import { clusterMetadata } from '../../../contract/gitops-bridge';
import { IN_CLUSTER_SERVER, LAYOUT } from '../../../gitops/gitops-layout';
import type { RenderedFile } from '../../../gitops/render-gitops-tree';
import { generateApplications } from '../applicationset-generator';

/** An Application the stand-in Argo CD reports: its name, wave and destination cluster. */
export interface PlatformApp {
  readonly name: string;
  readonly wave: number;
  readonly cluster: string;
  /** The ApplicationSet that generated it (deleting the set garbage-collects it); none for the bootstrap's own. */
  readonly set?: string;
  /** What a bootstrap Application deploys, as Argo CD lists it in `status.resources`: the objects of the folder it syncs. */
  readonly resources?: readonly { group: string; kind: string; name: string; namespace?: string }[];
}

/**
 * The Applications Argo CD will hold once every cluster is registered: the bootstrap's own, and what
 * each of OUR rendered ApplicationSets generates for the clusters' GitOps Bridge labels (the same
 * generator the sync model uses), so the stand-in never invents a name.
 */
export function platformApplications(config: ResolvedConfig, files: readonly RenderedFile[]): PlatformApp[] {
  const secrets = config.clusters.map((c) => {
    const meta = clusterMetadata(config, c, exampleDeployFacts(c));
    return { metadata: { name: `cluster-${c.name}`, labels: meta.labels, annotations: meta.annotations }, data: { name: c.name, server: c.role === 'hub' ? IN_CLUSTER_SERVER : `https://${c.name}.eks.example` } };
  });
  const wave = (a: { metadata: { annotations?: Record<string, string> } }) => Number(a.metadata.annotations?.['argocd.argoproj.io/sync-wave'] ?? 0);
  const docs = files.flatMap((f) => f.documents) as { kind?: string; metadata: { name: string; annotations?: Record<string, string> }; spec: any }[];
  const bootstrap = files.find((f) => f.path === `${LAYOUT.bootstrap}/bootstrap.yaml`)!.documents as typeof docs;
  return [
    ...bootstrap.filter((d) => d.kind === 'Application').map((a) => ({ name: a.metadata.name, wave: wave(a), cluster: config.hub.name, resources: syncedObjects(config, files, a) })),
    ...docs.filter((d) => d.kind === 'ApplicationSet').flatMap((s) => generateApplications(s, secrets).map((a) => ({ a, set: s.metadata.name })))
      .map(({ a, set }) => ({ name: a.metadata.name, wave: wave(a), cluster: String(a.spec.destination.name), set })),
  ].sort((x, y) => x.wave - y.wave || x.name.localeCompare(y.name));
}

/** The objects of the rendered folder a bootstrap Application syncs (recursively), itself excluded. */
function syncedObjects(config: ResolvedConfig, files: readonly RenderedFile[], app: { metadata: { name: string }; spec: any }): { group: string; kind: string; name: string; namespace?: string }[] {
  const folder = String(app.spec.source.path).slice(config.git.basePath.length + 1);
  return files.filter((f) => f.path.startsWith(`${folder}/`)).flatMap((f) => f.documents as { apiVersion?: string; kind?: string; metadata?: { name: string; namespace?: string } }[])
    .filter((d) => d.kind && d.metadata && !(d.kind === 'Application' && d.metadata.name === app.metadata.name))
    .map((d) => ({ group: String(d.apiVersion).includes('/') ? String(d.apiVersion).split('/')[0] : '', kind: d.kind!, name: d.metadata!.name, ...(d.metadata!.namespace ? { namespace: d.metadata!.namespace } : {}) }));
}
