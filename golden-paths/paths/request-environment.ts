import { SUPPORTED_KUBERNETES_VERSIONS } from '../../config/schema';
import { DNS_NAME_PATTERN, mergeRequestPath } from './golden-path';

/**
 * Request a new environment (a spoke cluster): a merge request that adds `platform.d/spokes/<name>.yaml`,
 * which platform.config.ts includes; the platform team reviews it (`npx projen validate` runs in CI)
 * and the bootstrap deploys it. Requests are validated like the config: name, account, region, CIDR.
 */
export const requestEnvironment = mergeRequestPath({
  name: 'request-environment',
  title: 'Request an environment',
  description: 'Ask for a new spoke cluster (EKS Auto Mode) for an environment, by merge request to the platform team.',
  tags: ['environment', 'eks', 'platform'],
  type: 'environment',
  form: (config) => ({
    title: 'Spoke cluster',
    required: ['name', 'environment', 'account', 'region', 'vpcCidr'],
    properties: {
      name: { title: 'Cluster name', type: 'string', pattern: DNS_NAME_PATTERN, maxLength: 20 },
      environment: { title: 'Environment', type: 'string', pattern: DNS_NAME_PATTERN, examples: [...config.environments], description: `Existing: ${config.environments.join(', ')}; or a new one` },
      account: { title: 'AWS account ID', type: 'string', pattern: '^\\d{12}$' },
      region: { title: 'AWS region', type: 'string', pattern: '^[a-z]{2}(-gov|-iso[a-z]?)?-[a-z]+-\\d{1,2}$', default: config.hub.region },
      vpcCidr: { title: 'VPC CIDR', type: 'string', pattern: '^(\\d{1,3}\\.){3}\\d{1,3}/(1[6-9]|2[0-4])$', description: `Must not overlap: ${config.clusters.map((c) => `${c.name} ${c.vpcCidr}`).join(', ')}` },
      kubernetesVersion: { title: 'Kubernetes version', type: 'string', enum: [...SUPPORTED_KUBERNETES_VERSIONS], default: config.hub.kubernetesVersion },
    },
  }),
  render: {
    name: 'Render the spoke request',
    skeleton: 'spoke',
    values: { name: '${{ parameters.name }}', environment: '${{ parameters.environment }}', account: '${{ parameters.account }}', region: '${{ parameters.region }}', vpcCidr: '${{ parameters.vpcCidr }}', kubernetesVersion: '${{ parameters.kubernetesVersion }}' },
  },
  mergeRequest: {
    branch: 'spoke-${{ parameters.name }}',
    title: 'Request spoke ${{ parameters.name }} (${{ parameters.environment }})',
    description: 'Adds platform.d/spokes/${{ parameters.name }}.yaml. Platform team: `npx projen validate`, then merge and run `npx projen bootstrap`.',
    targetPath: 'platform.d/spokes',
  },
});
