import { DNS_NAME_PATTERN, environmentParameter, mergeRequestPath, ownerParameter, TEAM_OF_OWNER } from './golden-path';

/**
 * Schedule a data job: a Kubernetes CronJob (a batch/ETL or ML training container) in the team's
 * namespace of one environment, Pod Security `restricted`, by merge request into the team's space.
 */
export const dataJob = mergeRequestPath({
  name: 'data-job',
  title: 'Schedule a data job',
  description: 'A scheduled batch, ETL or ML training job for your team (Kubernetes CronJob), by merge request.',
  tags: ['data', 'ml', 'batch', 'gitops'],
  type: 'job',
  form: (config) => ({
    title: 'Job',
    required: ['name', 'owner', 'environment', 'image', 'schedule'],
    properties: {
      name: { title: 'Name', type: 'string', pattern: DNS_NAME_PATTERN, maxLength: 40 },
      owner: ownerParameter(config),
      environment: environmentParameter(config),
      image: { title: 'Container image', type: 'string', pattern: '^[a-z0-9.-]+(:[0-9]+)?/[a-z0-9._/-]+(:[A-Za-z0-9._-]+|@sha256:[a-f0-9]{64})$', description: 'Pinned by tag or digest, e.g. from your team\'s ECR repository' },
      schedule: { title: 'Schedule (cron, UTC)', type: 'string', pattern: '^(\\S+\\s+){4}\\S+$', default: '0 3 * * *' },
      size: { title: 'Size', type: 'string', enum: ['small', 'medium', 'large'], enumNames: ['0.5 CPU / 1 GiB', '2 CPU / 8 GiB', '4 CPU / 16 GiB'], default: 'small' },
    },
  }),
  render: {
    name: 'Render the job',
    skeleton: 'job',
    values: { name: '${{ parameters.name }}', team: `\${{ ${TEAM_OF_OWNER} }}`, image: '${{ parameters.image }}', schedule: '${{ parameters.schedule }}', size: '${{ parameters.size }}' },
  },
  mergeRequest: {
    branch: 'job-${{ parameters.environment }}-${{ parameters.name }}',
    title: 'Schedule job ${{ parameters.name }} for ${{ parameters.owner }} in ${{ parameters.environment }}',
    description: 'A CronJob in the team\'s space; Argo CD syncs it into the team namespace.',
    targetPath: `team-resources/\${{ ${TEAM_OF_OWNER} }}/\${{ parameters.environment }}`,
  },
});
