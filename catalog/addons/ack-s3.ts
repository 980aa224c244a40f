import { ackController } from './ack-controller';

/** ACK S3: team buckets named `<prefix>-*`. */
export const ackS3 = ackController('s3', '1.0.27', [
  { actions: ['s3:*'], resources: ['arn:{partition}:s3:::{prefix}-*', 'arn:{partition}:s3:::{prefix}-*/*'] },
], true);
