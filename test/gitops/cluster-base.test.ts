import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Ajv from 'ajv';
import { parseAllDocuments } from 'yaml';
import type { ResolvedCluster } from '../../config/resolved-config';
import { ANNOTATIONS, LABELS } from '../../contract/gitops-bridge';
import { INGRESS_CLASS, POLICY_NODE_POOL, STORAGE_CLASS } from '../../contract/ingress';
import { CLUSTER_BASE_NAMESPACE, CLUSTER_BASE_RELEASE, clusterBaseValues, ClusterBaseFacts } from '../../gitops/charts/cluster-base';
import { CLUSTER_BASE_CHART_DIR } from '../../gitops/gitops-layout';
import { renderGitOpsTree } from '../../gitops/render-gitops-tree';
import { kubectlLayerBinaries } from '../support/kubectl-layer';
import { testConfig } from '../support/test-config';

// The real consumer: `helm template` (the layer's helm binary) renders the chart exactly as Argo CD's
// repo server does for the ApplicationSet's Helm source; built-in kinds then go through
// kubernetes-models, Auto Mode/Karpenter kinds through the closed schemas in test/support/auto-mode-schemas.

type K8sObject = { apiVersion: string; kind: string; metadata: { name: string; namespace?: string; annotations?: Record<string, string>; labels?: Record<string, string> }; [k: string]: any };

const ROOT = join(__dirname, '..', '..');
const CHART = join(ROOT, CLUSTER_BASE_CHART_DIR);
const config = testConfig({ ingress: { hostedZoneId: 'Z0TESTZONE00000000001', scheme: 'internal' } });
const { helm } = kubectlLayerBinaries();

/** What a cluster's registration holds after deployment (stand-in deploy facts). */
function registrationOf(cluster: ResolvedCluster): Record<string, string> {
  return {
    [ANNOTATIONS.ingressCertificateArn]: cluster.role === 'hub' ? `arn:aws:acm:${cluster.region}:${cluster.account}:certificate/0f1e2d3c` : '',
    [ANNOTATIONS.awsNodeRoleName]: `${cluster.clusterName}-ctnodePoolRole-ABC123`,
    [ANNOTATIONS.awsClusterSecurityGroupId]: `sg-0${cluster.account.slice(0, 6)}`,
    [ANNOTATIONS.resourcePrefix]: config.resourcePrefix,
  };
}

/** Argo CD's ApplicationSet Go templating of `{{.metadata.labels.x}}` / `{{.metadata.annotations.x}}` for one cluster. */
function instantiate(value: unknown, cluster: ResolvedCluster): unknown {
  const registration = registrationOf(cluster);
  const text = JSON.stringify(value).replace(/\{\{\.metadata\.(labels|annotations)\.(\w+)\}\}/g, (_, kind: string, key: string) => {
    const found = kind === 'labels' ? (key === LABELS.clusterName ? cluster.name : undefined) : registration[key];
    if (found === undefined) throw new Error(`missingkey=error: ${kind}.${key}`);
    return found;
  });
  return JSON.parse(text);
}

function helmTemplate(values: unknown): { status: number | null; stdout: string; stderr: string } {
  const file = join(mkdtempSync(join(tmpdir(), 'pb-cluster-base-')), 'values.json');
  writeFileSync(file, JSON.stringify(values));
  const r = spawnSync(helm, ['template', CLUSTER_BASE_RELEASE, CHART, '--namespace', CLUSTER_BASE_NAMESPACE, '--values', file], { encoding: 'utf8' });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

function render(values: unknown): K8sObject[] {
  const r = helmTemplate(values);
  if (r.status !== 0) throw new Error(`helm template failed: ${r.stderr}`);
  return parseAllDocuments(r.stdout).map((d) => d.toJS() as K8sObject).filter(Boolean);
}

const appset = renderGitOpsTree(config).find((f) => f.path === 'platform/cluster-base.yaml')!.documents[0] as any;
const rendered = new Map(config.clusters.map((c) => [c.name, render(instantiate(appset.spec.template.spec.source.helm.valuesObject, c))]));
const ofKind = (cluster: string, kind: string) => rendered.get(cluster)!.filter((o) => o.kind === kind);
const one = (cluster: string, kind: string) => {
  const found = ofKind(cluster, kind);
  expect([cluster, kind, found.length]).toEqual([cluster, kind, 1]);
  return found[0];
};

const ajv = new Ajv({ strict: false, allErrors: true });
const schemaDir = join(__dirname, '..', 'support', 'auto-mode-schemas');
const validators = new Map([
  ['eks.amazonaws.com/v1/IngressClassParams', 'ingressclassparams.eks.amazonaws.com.v1.json'],
  ['eks.amazonaws.com/v1/NodeClass', 'nodeclass.eks.amazonaws.com.v1.json'],
  ['karpenter.sh/v1/NodePool', 'nodepool.karpenter.sh.v1.json'],
].map(([key, file]) => [key, ajv.compile(JSON.parse(readFileSync(join(schemaDir, file), 'utf8')))]));
const BUILTIN = new Set(['v1', 'networking.k8s.io/v1', 'storage.k8s.io/v1']);

describe('cluster-base chart (gitops/cluster-base) through the cluster-base ApplicationSet', () => {
  test('one ApplicationSet selects every cluster, hub and spokes, and renders the chart with Helm', () => {
    expect(appset.metadata.annotations['argocd.argoproj.io/sync-wave']).toBe('-1');
    expect(appset.spec.generators[0].clusters.selector).toEqual({ matchExpressions: [{ key: 'fleet_member', operator: 'In', values: ['control-plane', 'spoke'] }] });
    expect(appset.spec.template.spec.source).toMatchObject({ path: 'gitops/cluster-base', helm: { releaseName: 'cluster-base' } });
    expect(appset.spec.template.spec.destination).toEqual({ name: '{{.name}}', namespace: 'kube-system' });
    expect([...rendered.keys()]).toEqual(['hub', 'dev', 'prod']);
  });

  test('the ApplicationSet values are the one mapping clusterBaseValues() gives for each cluster', () => {
    for (const c of config.clusters) {
      const r = registrationOf(c);
      const facts: ClusterBaseFacts = { clusterName: c.name, certificateArn: r.ingress_certificate_arn, nodeRoleName: r.aws_node_role_name, clusterSecurityGroupId: r.aws_cluster_security_group_id };
      expect(instantiate(appset.spec.template.spec.source.helm.valuesObject, c)).toEqual(clusterBaseValues(config, facts));
    }
  });

  test('every built-in object validates against the Kubernetes schemas (kubernetes-models)', () => {
    const builtins = [...rendered.values()].flat().filter((o) => BUILTIN.has(o.apiVersion));
    expect(builtins.map((o) => o.kind).sort()).toEqual(['ConfigMap', 'ConfigMap', 'ConfigMap', 'IngressClass', 'IngressClass', 'IngressClass', 'StorageClass', 'StorageClass', 'StorageClass']);
    const out = execFileSync(process.execPath, [join(__dirname, '..', 'support', 'validate-builtin.mjs')], { input: JSON.stringify(builtins) }).toString();
    expect(JSON.parse(out)).toEqual([]);
  });

  test('every Auto Mode and Karpenter object validates against its closed schema', () => {
    const custom = [...rendered.values()].flat().filter((o) => !BUILTIN.has(o.apiVersion));
    expect(custom.map((o) => `${o.apiVersion}/${o.kind}`).sort()).toEqual([
      ...Array(3).fill('eks.amazonaws.com/v1/IngressClassParams'), ...Array(3).fill('eks.amazonaws.com/v1/NodeClass'), ...Array(3).fill('karpenter.sh/v1/NodePool'),
    ]);
    const failures = custom.flatMap((o) => {
      const validate = validators.get(`${o.apiVersion}/${o.kind}`)!;
      const what = `${o.kind}/${o.metadata.name}`;
      return validate(o) ? [] : [`${what}: ${JSON.stringify(validate.errors)}`];
    });
    expect(failures).toEqual([]);
  });

  test('fails when a field is misspelled (the schemas are closed)', () => {
    const nodeClass = structuredClone(one('dev', 'NodeClass'));
    nodeClass.spec.networkPolicyEventLog = 'Enabled';
    expect(validators.get('eks.amazonaws.com/v1/NodeClass')!(nodeClass)).toBe(false);
    const params = structuredClone(one('hub', 'IngressClassParams'));
    params.spec.certificateArn = params.spec.certificateARNs; // the elbv2.k8s.aws spelling Auto Mode renamed
    expect(validators.get('eks.amazonaws.com/v1/IngressClassParams')!(params)).toBe(false);
  });

  test('fails when a registration value is missing: helm refuses to render, naming the annotation', () => {
    const values = clusterBaseValues(config, { clusterName: 'dev', certificateArn: '', nodeRoleName: '', clusterSecurityGroupId: 'sg-0abc' });
    const r = helmTemplate(values);
    expect(r.status).not.toBe(0);
    expect(r.stderr).toContain('nodes.roleName is required (registration annotation aws_node_role_name)');
  });

  // https://docs.aws.amazon.com/eks/latest/userguide/auto-configure-alb.html
  test.each(['hub', 'dev', 'prod'])('%s: an IngressClass for Auto Mode\'s ALB, its IngressClassParams with scheme, one group and the platform tags', (name) => {
    const cluster = config.clusters.find((c) => c.name === name)!;
    const ingressClass = one(name, 'IngressClass');
    expect(ingressClass.metadata.name).toBe(INGRESS_CLASS);
    expect(ingressClass.metadata.annotations!['ingressclass.kubernetes.io/is-default-class']).toBe('true');
    expect(ingressClass.spec).toEqual({ controller: 'eks.amazonaws.com/alb', parameters: { apiGroup: 'eks.amazonaws.com', kind: 'IngressClassParams', name: INGRESS_CLASS } });
    const params = one(name, 'IngressClassParams');
    expect(params.metadata.name).toBe(INGRESS_CLASS);
    expect(params.spec.scheme).toBe('internal');
    expect(params.spec.group).toEqual({ name: `test-${name}` });
    expect(params.spec.tags).toEqual([{ key: 'platform-blueprint:cluster', value: name }, { key: 'platform-blueprint:platform', value: 'test' }]);
    // Only the hub has a certificate (its ALB serves https://<tool>.<domain>); see README "Reachability".
    if (name === 'hub') expect(params.spec.certificateARNs).toEqual([`arn:aws:acm:eu-west-1:111111111111:certificate/0f1e2d3c`]);
    else expect(params.spec.certificateARNs).toBeUndefined();
    expect(cluster.nodePools).toEqual(['system']);
  });

  // https://docs.aws.amazon.com/eks/latest/userguide/create-storage-class.html
  test.each(['hub', 'dev', 'prod'])('%s: the default StorageClass is encrypted gp3 through Auto Mode\'s EBS driver', (name) => {
    const sc = one(name, 'StorageClass');
    expect(sc.metadata.name).toBe(STORAGE_CLASS);
    expect(sc.metadata.annotations).toEqual({ 'storageclass.kubernetes.io/is-default-class': 'true' });
    expect(sc).toMatchObject({ provisioner: 'ebs.csi.eks.amazonaws.com', volumeBindingMode: 'WaitForFirstConsumer', parameters: { type: 'gp3', encrypted: 'true' } });
  });

  // https://docs.aws.amazon.com/eks/latest/userguide/auto-net-pol.html
  test.each(['hub', 'dev', 'prod'])('%s: NetworkPolicies are enforced: controller on, a NodeClass with networkPolicy, the only general NodePool uses it', (name) => {
    const cluster = config.clusters.find((c) => c.name === name)!;
    const cm = one(name, 'ConfigMap');
    expect(cm.metadata).toMatchObject({ name: 'amazon-vpc-cni', namespace: 'kube-system' });
    expect(cm.data).toEqual({ 'enable-network-policy-controller': 'true' });
    const nodeClass = one(name, 'NodeClass');
    expect(nodeClass.metadata.name).toBe(POLICY_NODE_POOL);
    expect(nodeClass.spec).toEqual({
      role: `test-${name}-ctnodePoolRole-ABC123`,
      subnetSelectorTerms: [{ tags: { 'kubernetes.io/role/internal-elb': '1', 'platform-blueprint:cluster': name, 'platform-blueprint:platform': 'test' } }],
      securityGroupSelectorTerms: [{ id: `sg-0${cluster.account.slice(0, 6)}` }],
      networkPolicy: 'DefaultAllow',
      networkPolicyEventLogs: 'Enabled',
    });
    const pool = one(name, 'NodePool');
    expect(pool.metadata.name).toBe(POLICY_NODE_POOL);
    expect(pool.spec.template.spec.nodeClassRef).toEqual({ group: 'eks.amazonaws.com', kind: 'NodeClass', name: POLICY_NODE_POOL });
    // No taint: tenant pods need no toleration or nodeSelector. The built-in general-purpose pool (whose
    // fixed NodeClass does not enforce policies) is off, and the system pool is tainted CriticalAddonsOnly,
    // so this pool is where every tenant pod lands.
    expect(pool.spec.template.spec.taints).toBeUndefined();
    expect(cluster.nodePools).not.toContain('general-purpose');
  });

  test('tenants keep their NetworkPolicies (default deny + platform allows) and need no nodeSelector', () => {
    // Every tenant namespace file (a spoke's tenant folder also holds ACK's team role map, no namespace).
    const tenants = renderGitOpsTree(config).filter((f) => f.path.startsWith('tenants/') && f.documents.some((d) => d.kind === 'Namespace'));
    expect(tenants.length).toBeGreaterThan(0);
    for (const f of tenants) {
      const names = f.documents.filter((d) => d.kind === 'NetworkPolicy').map((d) => (d.metadata as { name: string }).name);
      expect(names).toEqual(['default-deny', 'allow-platform']);
      expect(JSON.stringify(f.documents)).not.toContain('nodeSelector');
    }
  });
});
