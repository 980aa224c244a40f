import { DNS_NAME_PATTERN, environmentParameter, mergeRequestPath, ownerParameter, TEAM_OF_OWNER } from './golden-path';

/**
 * Provision an AWS resource for a team — an S3 bucket, a DynamoDB table or an RDS database — as an
 * instance of the platform's kro compositions (backed by ACK with the controller's scoped role), by
 * merge request into the team's space `team-resources/<team>/<environment>/`.
 */
export const provisionAwsResource = mergeRequestPath({
  name: 'provision-aws-resource',
  title: 'Provision an AWS resource',
  description: 'An S3 bucket, a DynamoDB table or an RDS database for your team, through the platform\'s compositions (kro + ACK), by merge request.',
  tags: ['aws', 'ack', 'kro', 'data', 'gitops'],
  type: 'resource',
  form: (config) => ({
    title: 'Resource',
    required: ['kind', 'name', 'owner', 'environment'],
    properties: {
      kind: { title: 'Kind', type: 'string', enum: ['bucket', 'table', 'database'], enumNames: ['S3 bucket', 'DynamoDB table', 'RDS PostgreSQL database'], default: 'bucket' },
      name: { title: 'Name', type: 'string', pattern: DNS_NAME_PATTERN, maxLength: 30, description: 'Lowercase letters, digits and -, starting with a letter' },
      owner: ownerParameter(config),
      environment: environmentParameter(config),
    },
  }),
  render: {
    name: 'Render the resource',
    skeleton: 'resource',
    values: { kind: '${{ parameters.kind }}', name: '${{ parameters.name }}', team: `\${{ ${TEAM_OF_OWNER} }}`, environment: '${{ parameters.environment }}' },
  },
  mergeRequest: {
    branch: 'resource-${{ parameters.environment }}-${{ parameters.name }}',
    title: 'Provision ${{ parameters.kind }} ${{ parameters.name }} for ${{ parameters.owner }} in ${{ parameters.environment }}',
    description: 'A kro instance in the team\'s space; Argo CD syncs it into the team namespace and ACK creates the AWS resource.',
    targetPath: `team-resources/\${{ ${TEAM_OF_OWNER} }}/\${{ parameters.environment }}`,
  },
});
