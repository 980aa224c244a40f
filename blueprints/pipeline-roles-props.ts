import type { ResolvedConfig } from '../config/resolved-config';
import { stackId } from '../contract/gitops-bridge';
import { clusterAdminRoleArn, eksClusterArn } from '../contract/operator-access';
import {
  cdkBootstrapRoleArn, pipelineEnvironments, pipelineOidc, pipelineRoleName, portalImageRepository, PIPELINE_AUDIENCE,
} from '../contract/platform-pipeline';
import type { PipelineRolesProps } from './constructs/pipeline-roles';

/** The hub's PipelineRoles, from the config: every name from contract/platform-pipeline.ts. */
export function pipelineRolesProps(config: ResolvedConfig, partition: string): PipelineRolesProps {
  const oidc = pipelineOidc(config);
  const envs = pipelineEnvironments(config);
  return {
    issuerUrl: oidc.issuerUrl,
    issuerHost: oidc.issuerHost,
    audience: PIPELINE_AUDIENCE,
    readSubjects: oidc.readSubjects,
    deploySubjects: oidc.deploySubjects,
    readRoleName: pipelineRoleName(config, 'read'),
    deployRoleName: pipelineRoleName(config, 'deploy'),
    lookupRoleArns: envs.map((e) => cdkBootstrapRoleArn(e.account, e.region, 'lookup', partition)),
    deployRoleArns: envs.flatMap((e) => (['deploy', 'file-publishing', 'image-publishing'] as const).map((r) => cdkBootstrapRoleArn(e.account, e.region, r, partition))),
    stackArns: config.clusters.map((c) => `arn:${partition}:cloudformation:${c.region}:${c.account}:stack/${stackId(config, c.name)}/*`),
    hubClusterArn: eksClusterArn(config.hub, partition),
    hubAdminRoleArn: clusterAdminRoleArn(config, config.hub, partition),
    portalRepositoryName: portalImageRepository(config),
  };
}
