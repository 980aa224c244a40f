import { ackController } from './ack-controller';

/** ACK DynamoDB: team tables named `<prefix>-*`. */
export const ackDynamodb = ackController('dynamodb', '1.4.4', [
  { actions: ['dynamodb:*'], resources: ['arn:{partition}:dynamodb:{region}:{account}:table/{prefix}-*', 'arn:{partition}:dynamodb:{region}:{account}:table/{prefix}-*/*'] },
  // ListTables / DescribeLimits have no resource-level permissions.
  { actions: ['dynamodb:ListTables', 'dynamodb:DescribeLimits'], resources: ['*'] },
], true);
