import type { ResolvedConfig } from '../config/resolved-config';

/** ECR registry host of the hub account (where application images live). */
export function ecrRegistry(config: ResolvedConfig): string {
  return `${config.hub.account}.dkr.ecr.${config.hub.region}.amazonaws.com`;
}
