import type { ResolvedCluster, ResolvedConfig } from '../../config/resolved-config';
import { clusterAdminRoleArn, kubeContext } from '../../contract/operator-access';
import { aws, CommandError, NOT_FOUND, Tools } from '../lib/tools';

/** What `aws eks describe-cluster` says about a cluster (the fields we check). */
export interface EksCluster {
  readonly arn: string;
  readonly endpoint: string;
  readonly status: string;
  readonly computeConfig?: { enabled?: boolean; nodePools?: string[] };
}

/** `kubectl config view --minify --context X --output json` (certificate data redacted by kubectl). */
interface KubeconfigView {
  clusters?: { name: string; cluster?: { server?: string } }[];
  contexts?: { name: string; context?: { cluster?: string; user?: string } }[];
  users?: { name: string; user?: { exec?: { args?: string[] } } }[];
}

/**
 * The operator's access to each cluster: the kubeconfig context the scripts create (named in
 * contract/operator-access.ts, authenticating as the cluster-admin role) and the proof, before any
 * change, that a context really points at the cluster the config means (H5): its kubeconfig cluster
 * entry must be the EKS cluster ARN with the endpoint `aws eks describe-cluster` returns, and its user
 * must get tokens for the cluster-admin role.
 */
export class ClusterAccess {
  private readonly verified = new Map<string, Promise<void>>();

  constructor(private readonly config: ResolvedConfig, private readonly tools: Tools) {}

  context(c: ResolvedCluster): string {
    return kubeContext(this.config, c);
  }

  /** The cluster a context of this platform names; throws for any other context. */
  clusterOf(context: string): ResolvedCluster {
    const c = this.config.clusters.find((x) => this.context(x) === context);
    if (!c) throw new Error(`kubeconfig context "${context}" is not one of this platform's (${this.config.clusters.map((x) => this.context(x)).join(', ')}); the scripts only change clusters through their own contexts`);
    return c;
  }

  /**
   * `aws eks update-kubeconfig` writing context and user `<prefix>-<cluster>` that authenticate as the
   * cluster-admin role (`--role-arn` becomes `aws eks get-token … --role <arn>` in the user's exec;
   * see https://docs.aws.amazon.com/cli/latest/reference/eks/update-kubeconfig.html).
   */
  kubeconfigCommand(c: ResolvedCluster): string[] {
    const name = this.context(c);
    return [...aws(c.account), 'eks', 'update-kubeconfig', '--name', c.clusterName, '--region', c.region, '--role-arn', clusterAdminRoleArn(this.config, c), '--alias', name, '--user-alias', name];
  }

  describeCommand(c: ResolvedCluster): string[] {
    return [...aws(c.account), 'eks', 'describe-cluster', '--name', c.clusterName, '--region', c.region, '--output', 'json'];
  }

  /** The EKS cluster as AWS describes it, or null when it does not exist; any other failure throws. */
  async describe(c: ResolvedCluster): Promise<EksCluster | null> {
    try {
      return (await this.tools.json<{ cluster: EksCluster }>(...this.describeCommand(c))).cluster;
    } catch (err) {
      if (err instanceof CommandError && NOT_FOUND.test(err.stderr)) return null;
      throw err;
    }
  }

  /** Why the cluster's context is not (yet) right, or undefined when it points at the cluster as the admin role. */
  async contextProblem(c: ResolvedCluster): Promise<string | undefined> {
    const name = this.context(c);
    const eks = await this.describe(c);
    if (!eks) return `EKS cluster ${c.clusterName} does not exist in ${c.account}/${c.region}`;
    let view: KubeconfigView;
    try {
      view = await this.tools.json<KubeconfigView>('kubectl', 'config', 'view', '--minify', '--context', name, '--output', 'json');
    } catch (err) {
      return `kubeconfig has no usable context "${name}" (${err instanceof Error ? err.message : String(err)})`;
    }
    const context = view.contexts?.find((x) => x.name === name)?.context;
    const server = view.clusters?.find((x) => x.name === context?.cluster)?.cluster?.server;
    if (context?.cluster !== eks.arn || server !== eks.endpoint) {
      return `kubeconfig context "${name}" points at cluster ${context?.cluster ?? '(none)'} (${server ?? 'no server'}), not ${eks.arn} (${eks.endpoint})`;
    }
    const partition = eks.arn.split(':')[1];
    const role = clusterAdminRoleArn(this.config, c, partition);
    const args = view.users?.find((u) => u.name === context.user)?.user?.exec?.args ?? [];
    const i = args.indexOf('--role');
    if (i < 0 || args[i + 1] !== role) {
      return `kubeconfig context "${name}" authenticates as ${i < 0 ? 'the caller\'s own credentials' : args[i + 1]}, not the cluster-admin role ${role}`;
    }
    return undefined;
  }

  /**
   * Throws unless the cluster's context points at the expected cluster as the admin role. Run before
   * the first mutating kubectl/helm call on a context (memoized per run).
   */
  verify(c: ResolvedCluster): Promise<void> {
    const name = this.context(c);
    let done = this.verified.get(name);
    if (!done) {
      done = this.contextProblem(c).then((problem) => {
        if (problem) {
          throw new Error(`refusing to change cluster ${c.name} (${c.clusterName}, ${c.account}/${c.region}): ${problem}. Fix: \`npx projen bootstrap --only kubeconfig:${c.name}\` rewrites the context (or remove the stale "${name}" entry from your kubeconfig)`);
        }
      });
      this.verified.set(name, done);
    }
    return done;
  }

  /** Hook for Tools: verifies the context of a mutating kubectl/helm call. */
  readonly beforeKubeMutation = async (context: string): Promise<void> => this.verify(this.clusterOf(context));

  /**
   * Proves the cluster answers, through the right context, with admin rights
   * (`kubectl auth can-i '*' '*' --all-namespaces`); throws with what failed and how to fix it.
   */
  async requireAdmin(c: ResolvedCluster): Promise<void> {
    await this.verify(c);
    const canI = ['kubectl', 'auth', 'can-i', '*', '*', '--all-namespaces', '--context', this.context(c)];
    const answer = await this.tools.run(...canI).catch((err: unknown) => {
      // "no" is printed on stdout with exit 1 and nothing on stderr; anything on stderr is a failure to connect or authenticate.
      if (err instanceof CommandError && err.exitCode === 1 && err.stderr.trim() === '') return 'no';
      throw err;
    });
    if (answer.trim() !== 'yes') throw new Error(`cluster ${c.name}: the cluster-admin role is not cluster admin there (\`kubectl auth can-i '*' '*'\` answered "${answer}"); check its EKS access entry (AmazonEKSClusterAdminPolicy)`);
  }
}
