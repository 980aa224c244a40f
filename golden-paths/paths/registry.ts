import type { GoldenPath } from './golden-path';
import { onboardService } from './onboard-service';

/** Every golden path the platform ships; a fork adds its own under golden-paths/custom/. */
export const GOLDEN_PATHS: readonly GoldenPath[] = [onboardService];
