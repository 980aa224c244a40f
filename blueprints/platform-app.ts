import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import type { ResolvedConfig } from '../config/resolved-config';
import { stackId } from '../contract/gitops-bridge';
import { ClusterStack } from './cluster-stack';
import { HubStack } from './hub-stack';
import { acknowledgePlatformFindings } from './nag-suppressions';
import { SpokeStack } from './spoke-stack';

export interface PlatformStacks {
  readonly hub: HubStack;
  readonly spokes: readonly SpokeStack[];
  readonly all: readonly ClusterStack[];
}

/** Adds one stack per cluster to `app`, with cdk-nag AwsSolutions checks on every stack. */
export function buildPlatform(app: App, config: ResolvedConfig): PlatformStacks {
  const hub = new HubStack(app, stackId(config, config.hub.name), { config, cluster: config.hub });
  // Spokes do not depend on the hub stack: they reference it by deterministic names only, so
  // they deploy concurrently (and across accounts/regions).
  const spokes = config.spokes.map((cluster) => new SpokeStack(app, stackId(config, cluster.name), { config, cluster }));
  const all = [hub, ...spokes];
  for (const stack of all) acknowledgePlatformFindings(stack);
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app, { verbose: true }));
  return { hub, spokes, all };
}
