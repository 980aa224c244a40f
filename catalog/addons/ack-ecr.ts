import { ackController } from './ack-controller';

/** ACK ECR: image repositories named `<prefix>/*`. */
export const ackEcr = ackController('ecr', '1.0.30', [
  { actions: ['ecr:*'], resources: ['arn:{partition}:ecr:{region}:{account}:repository/{prefix}/*'] },
], false);
