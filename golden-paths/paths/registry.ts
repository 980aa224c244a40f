import { dataJob } from './data-job';
import type { GoldenPath } from './golden-path';
import { onboardService } from './onboard-service';
import { onboardTeam } from './onboard-team';
import { provisionAwsResource } from './provision-aws-resource';
import { requestEnvironment } from './request-environment';

/** Every golden path the platform ships; a fork adds its own under golden-paths/custom/. */
export const GOLDEN_PATHS: readonly GoldenPath[] = [onboardService, provisionAwsResource, requestEnvironment, onboardTeam, dataJob];
