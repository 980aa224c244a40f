import { ackController } from './ack-controller';

/** ACK RDS: team databases named `<prefix>-*`. */
export const ackRds = ackController('rds', '1.4.18', [
  {
    actions: ['rds:*'],
    resources: [
      'arn:{partition}:rds:{region}:{account}:db:{prefix}-*',
      'arn:{partition}:rds:{region}:{account}:cluster:{prefix}-*',
      'arn:{partition}:rds:{region}:{account}:subgrp:{prefix}-*',
      'arn:{partition}:rds:{region}:{account}:pg:{prefix}-*',
      'arn:{partition}:rds:{region}:{account}:cluster-pg:{prefix}-*',
    ],
  },
], true);
