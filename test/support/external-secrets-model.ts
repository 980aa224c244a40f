import type { ClusterState } from './argocd-sync-model';
import { Obj } from './argocd-sync-model-health';

const condition = (ready: boolean, message: string) => ({ conditions: [{ type: 'Ready', status: ready ? 'True' : 'False', message }] });

/**
 * What External Secrets does on a cluster once its controller runs: stores become Ready (the model
 * assumes their provider answers: every cluster stack, with its reader role and registration, is
 * deployed before the wait), and each ExternalSecret becomes the Secret it targets, per its creation policy
 * (https://external-secrets.io/latest/guides/ownership-deletion-policy/, v0.14.3's controller:
 * https://github.com/external-secrets/external-secrets/blob/v0.14.3/pkg/controllers/externalsecret/externalsecret_controller.go):
 * - Owner (default): creates the Secret with an ownerReference; a Secret without one is adopted; a Secret
 *   owned by another ExternalSecret is a conflict (Ready=False, "target is owned by another ExternalSecret").
 * - Merge: never creates; merges into an existing Secret, else Ready=False.
 * - Orphan / CreateOrMerge: create or update, no ownerReference. None: does nothing.
 * Remote values are stood in for by `<remote key>#<property>`, unique per cluster registration.
 */
export class ExternalSecretsController {
  reconcile(c: ClusterState, now: number, running: (groupKind: string) => boolean): void {
    if (!running('external-secrets.io/ExternalSecret')) return;
    for (const store of [...c.ofKind('external-secrets.io/ClusterSecretStore'), ...c.ofKind('external-secrets.io/SecretStore')]) {
      store.status = condition(true, 'store validated');
    }
    for (const es of c.ofKind('external-secrets.io/ExternalSecret')) es.status = this.sync(c, es, now);
  }

  private sync(c: ClusterState, es: Obj, now: number): Obj['status'] {
    // The ExternalSecret's store and any per-entry `sourceRef.storeRef` must exist and be Ready.
    type StoreRef = { kind?: string; name: string };
    const refs = [es.spec.secretStoreRef, ...[...(es.spec.data ?? []), ...(es.spec.dataFrom ?? [])].map((d: { sourceRef?: { storeRef?: StoreRef } }) => d.sourceRef?.storeRef)].filter((r): r is StoreRef => !!r);
    for (const ref of refs) {
      const store = ref.kind === 'ClusterSecretStore'
        ? c.get(`external-secrets.io/ClusterSecretStore//${ref.name}`)
        : c.get(`external-secrets.io/SecretStore/${es.metadata.namespace}/${ref.name}`);
      if (!store) return condition(false, `could not get ${ref.kind ?? 'SecretStore'} "${ref.name}"`);
    }
    const target = es.spec.target ?? {};
    const name = target.name ?? es.metadata.name;
    const existing = c.get(`/Secret/${es.metadata.namespace}/${name}`);
    const policy = target.creationPolicy ?? 'Owner';
    if (policy === 'None') return condition(true, 'creation policy None');
    const owner = existing?.metadata.ownerReferences?.find((o) => o.kind === 'ExternalSecret');
    if (policy === 'Owner' && owner && owner.name !== es.metadata.name) return condition(false, 'target is owned by another ExternalSecret');
    if (policy === 'Merge' && !existing) return condition(false, `secret ${name} does not exist (creationPolicy Merge never creates it)`);

    const remoteKey = (es.spec.dataFrom?.[0]?.extract?.key ?? es.spec.data?.[0]?.remoteRef?.key ?? es.metadata.name) as string;
    const resolve = (v: unknown) => String(v).replace(/\{\{\s*\.(\w+)\s*\}\}/g, (_, k: string) => `${remoteKey}#${k}`);
    const templ = target.template ?? {};
    const data: Record<string, string> = templ.data
      ? Object.fromEntries(Object.entries(templ.data).map(([k, v]) => [k, resolve(v)]))
      : Object.fromEntries(((es.spec.data ?? []) as { secretKey: string }[]).map((d) => [d.secretKey, `${remoteKey}#${d.secretKey}`]));
    const merge = policy === 'Merge' || policy === 'CreateOrMerge';
    const secret: Obj = {
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: {
        name,
        namespace: es.metadata.namespace,
        labels: { ...(merge ? existing?.metadata.labels : {}), ...(templ.metadata?.labels ?? {}) },
        annotations: { ...(merge ? existing?.metadata.annotations : {}), ...Object.fromEntries(Object.entries(templ.metadata?.annotations ?? {}).map(([k, v]) => [k, resolve(v)])) },
        ownerReferences: policy === 'Owner' ? [{ kind: 'ExternalSecret', name: es.metadata.name }] : existing?.metadata.ownerReferences,
      },
      data: { ...(merge ? { ...existing?.stringData, ...existing?.data } : {}), ...data },
    };
    c.put(secret, now);
    return condition(true, existing && !owner && policy === 'Owner' ? 'adopted the existing Secret' : 'secret synced');
  }
}
