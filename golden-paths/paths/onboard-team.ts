import { DNS_NAME_PATTERN, mergeRequestPath } from './golden-path';

/**
 * Onboard a team: a merge request adding `platform.d/teams/<name>.yaml` — its Keycloak group, a
 * namespace per chosen environment and the repositories it may deploy from. `npx projen` then renders
 * its Argo CD project, namespaces (restricted, default-deny, quota) and RBAC.
 */
export const onboardTeam = mergeRequestPath({
  name: 'onboard-team',
  title: 'Onboard a team',
  description: 'A Keycloak group, namespaces per environment and an Argo CD project for a new team, by merge request.',
  tags: ['team', 'tenancy', 'platform'],
  type: 'team',
  form: (config) => ({
    title: 'Team',
    required: ['name', 'environments'],
    properties: {
      name: { title: 'Team name', type: 'string', pattern: DNS_NAME_PATTERN, maxLength: 30 },
      environments: { title: 'Environments', type: 'array', minItems: 1, uniqueItems: true, items: { type: 'string', enum: [...config.environments] }, default: [...config.environments], 'ui:widget': 'checkboxes' },
      sourceRepos: { title: 'Git repositories the team deploys from', type: 'array', items: { type: 'string', pattern: '^(https://|ssh://|git@)\\S+$' }, default: [] },
    },
  }),
  render: {
    name: 'Render the team entry',
    skeleton: 'team',
    values: { name: '${{ parameters.name }}', environments: '${{ parameters.environments }}', sourceRepos: '${{ parameters.sourceRepos }}' },
  },
  mergeRequest: {
    branch: 'team-${{ parameters.name }}',
    title: 'Onboard team ${{ parameters.name }}',
    description: 'Adds platform.d/teams/${{ parameters.name }}.yaml: Keycloak group team-${{ parameters.name }}, namespaces, Argo CD project.',
    targetPath: 'platform.d/teams',
  },
});
