import type { ResolvedConfig } from '../../config/resolved-config';
import { ecrRegistry } from '../../contract/endpoints';
import { DNS_NAME_PATTERN, gitlabHost, gitopsMergeRequest, GoldenPath, ownerParameter, TEAM_OF_OWNER, templateEntity } from './golden-path';

/**
 * Onboard a service: a new GitLab repository from a skeleton (TypeScript or Python) with a
 * Dockerfile, catalog-info.yaml and CI on Argo Workflows, and a merge request to the GitOps
 * repository that registers the application (its Rollout, Argo CD Applications and Kargo pipeline
 * are then generated from it). Never applies anything to a cluster directly.
 */
export const onboardService: GoldenPath = {
  name: 'onboard-service',
  template(config: ResolvedConfig) {
    const skeletonValues = {
      name: '${{ parameters.name }}',
      description: '${{ parameters.description }}',
      owner: '${{ parameters.owner }}',
      team: `\${{ ${TEAM_OF_OWNER} }}`,
      // The registration sets no promotion, so the service goes through every environment in the
      // platform's promotion order (the derived default of applications.<name>.promotion).
      environments: config.environments.join(' → '),
      port: '${{ parameters.port }}',
      image: `${ecrRegistry(config)}/${config.resourcePrefix}/\${{ parameters.name }}`,
      // The manual CI run (.platform/ci.yaml) passes what the Sensor passes for a push (gitops/charts/ci-events.ts).
      repository: `${config.resourcePrefix}/\${{ parameters.name }}`,
      repoUrl: `https://${gitlabHost(config)}/\${{ ${TEAM_OF_OWNER} }}/\${{ parameters.name }}.git`,
    };
    return templateEntity(config, {
      name: 'onboard-service',
      title: 'Onboard a service',
      description: `New service repository with CI to ECR and a canary delivery pipeline (${config.environments.join(' → ')}) on the ${config.name} platform.`,
      tags: ['service', 'recommended', 'gitops', 'canary'],
      type: 'service',
      parameters: [
        {
          title: 'Service',
          required: ['name', 'owner', 'language'],
          properties: {
            name: { title: 'Name', type: 'string', pattern: DNS_NAME_PATTERN, maxLength: 40, description: 'Lowercase letters, digits and -, starting with a letter', 'ui:autofocus': true },
            description: { title: 'Description', type: 'string', default: 'A service on the platform' },
            owner: ownerParameter(config),
            language: { title: 'Language', type: 'string', enum: ['typescript', 'python'], default: 'typescript' },
            port: { title: 'Port', type: 'integer', default: 8080, minimum: 1024, maximum: 65535 },
          },
        },
      ],
      steps: [
        {
          id: 'fetch-common',
          name: 'Render what every service has (catalog entity, CI, release script)',
          action: 'fetch:template',
          input: {
            url: './skeleton/common',
            values: skeletonValues,
          },
        },
        {
          id: 'fetch',
          name: 'Render the ${{ parameters.language }} service',
          action: 'fetch:template',
          input: {
            url: './skeleton/${{ parameters.language }}',
            values: skeletonValues,
          },
        },
        {
          id: 'publish',
          name: 'Create the GitLab repository',
          action: 'publish:gitlab',
          input: {
            repoUrl: `${gitlabHost(config)}?owner=\${{ ${TEAM_OF_OWNER} }}&repo=\${{ parameters.name }}`,
            defaultBranch: 'main',
            repoVisibility: 'internal',
          },
        },
        {
          id: 'register-app',
          name: 'Render the application registration',
          action: 'fetch:template',
          input: {
            url: './registration',
            targetPath: './change',
            values: { name: '${{ parameters.name }}', team: `\${{ ${TEAM_OF_OWNER} }}`, port: '${{ parameters.port }}' },
          },
        },
        gitopsMergeRequest(config, {
          branch: 'onboard-${{ parameters.name }}',
          title: 'Onboard ${{ parameters.name }}',
          description: 'Registers ${{ parameters.name }} (platform.d/applications): Argo CD Applications per environment, a canary Rollout and a Kargo pipeline are generated from it by `npx projen`.',
          targetPath: 'platform.d/applications',
        }),
        {
          id: 'register',
          name: 'Register in the catalog',
          action: 'catalog:register',
          input: { repoContentsUrl: '${{ steps["publish"].output.repoContentsUrl }}', catalogInfoPath: '/catalog-info.yaml' },
        },
      ],
      output: {
        links: [
          { title: 'Repository', url: '${{ steps["publish"].output.remoteUrl }}' },
          { title: 'GitOps merge request', url: '${{ steps["merge-request"].output.mergeRequestUrl }}' },
          { title: 'Open in catalog', icon: 'catalog', entityRef: '${{ steps["register"].output.entityRef }}' },
        ],
      },
    });
  },
};
