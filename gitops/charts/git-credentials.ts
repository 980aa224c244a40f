import { Construct } from 'constructs';
import type { ResolvedConfig } from '../../config/resolved-config';
import { BACKSTAGE_GITLAB_SECRET, ciGitSecret, GitToken, GIT_TOKENS, gitTokenSecretName, platformProjectPath } from '../../contract/application-ci';
import { addonById } from '../../catalog/registry';
import { toolUrl } from '../sso';
import { EVENTS_TOKEN_SECRET } from './ci-events';
import { syncWave } from './file-chart';
import { PLATFORM_SECRET_STORE } from '../../contract/names';
import { ExternalSecret, ExternalSecretSpecSecretStoreRefKind, ExternalSecretSpecTargetCreationPolicy } from '../imports/external-secrets.io';

/** Argo CD's repository credentials Secret (a `repo-creds` template for the platform group's repositories). */
export const ARGOCD_REPO_CREDS_SECRET = 'gitlab-repo-creds';

interface Target {
  readonly token: GitToken['id'];
  /** Team of a per-team token. */
  readonly team?: string;
  readonly namespace: string;
  readonly name: string;
  readonly labels?: Record<string, string>;
  /** Secret key → ESO template over the Secrets Manager JSON keys (`token`, `username`). */
  readonly data: Record<string, string>;
}

/**
 * Where each scoped GitLab token lands. The label each consumer selects on is rendered by External
 * Secrets' target template, so the Secret is born recognisable:
 * - Argo CD: a `repo-creds` credential template matching every repository under the GitLab URL prefix
 *   (https://argo-cd.readthedocs.io/en/stable/operator-manual/declarative-setup/#repository-credentials).
 * - Kargo 1.5: a Secret labelled `kargo.akuity.io/cred-type: git` with `repoURL`, `username`,
 *   `password` in each Kargo project's namespace (https://docs.kargo.io/user-guide/security/managing-credentials).
 */
export function gitCredentialTargets(config: ResolvedConfig): Target[] {
  // The platform group's token reaches the repositories under its path only.
  const prefix = `${toolUrl(config, 'gitlab')}/${platformProjectPath(config).group}/`;
  const targets: Target[] = [
    {
      token: 'argocd', namespace: addonById('argo-cd').namespace, name: ARGOCD_REPO_CREDS_SECRET,
      labels: { 'argocd.argoproj.io/secret-type': 'repo-creds' },
      data: { type: 'git', url: prefix, username: '{{ .username }}', password: '{{ .token }}' },
    },
    ...config.teams.map((team) => ({ token: 'ci' as const, team: team.name, namespace: addonById('argo-workflows').namespace, name: ciGitSecret(team.name), data: { token: '{{ .token }}' } })),
    { token: 'events', namespace: addonById('argo-events').namespace, name: EVENTS_TOKEN_SECRET, data: { token: '{{ .token }}' } },
    { token: 'backstage', namespace: addonById('backstage').namespace, name: BACKSTAGE_GITLAB_SECRET, data: { GITLAB_TOKEN: '{{ .token }}' } },
  ];
  // One Kargo project per application, named after it (gitops/charts/delivery.ts).
  for (const app of config.applications) {
    targets.push({
      token: 'kargo', namespace: app.name, name: 'gitops-repo',
      labels: { 'kargo.akuity.io/cred-type': 'git' },
      data: { repoURL: config.git.url, username: '{{ .username }}', password: '{{ .token }}' },
    });
  }
  return targets;
}

/**
 * The scoped GitLab tokens (created by the git plumbing job into Secrets Manager) synced into the
 * Secrets their consumers read. Only names are rendered; the values stay in Secrets Manager.
 */
export class GitCredentials extends Construct {
  constructor(scope: Construct, id: string, config: ResolvedConfig) {
    super(scope, id);
    const enabled = new Set(config.hub.addons);
    const consumer: Record<GitToken['id'], string> = { argocd: 'argo-cd', ci: 'argo-workflows', events: 'argo-events', backstage: 'backstage', kargo: 'kargo', devlake: 'devlake' };
    for (const t of gitCredentialTargets(config)) {
      // Self-managed Argo CD only: the managed capability keeps repositories in its own API.
      if (!enabled.has(consumer[t.token])) continue;
      const token = GIT_TOKENS.find((g) => g.id === t.token)!;
      new ExternalSecret(this, `${t.namespace}-${t.name}`, {
        metadata: { name: t.name, namespace: t.namespace, annotations: syncWave(1) },
        spec: {
          refreshInterval: '1h',
          secretStoreRef: { kind: ExternalSecretSpecSecretStoreRefKind.CLUSTER_SECRET_STORE, name: PLATFORM_SECRET_STORE },
          target: {
            name: t.name,
            creationPolicy: ExternalSecretSpecTargetCreationPolicy.OWNER,
            template: { ...(t.labels ? { metadata: { labels: t.labels } } : {}), data: t.data },
          },
          data: ['token', 'username'].map((key) => ({ secretKey: key, remoteRef: { key: gitTokenSecretName(config, token, t.team), property: key } })),
        },
      });
    }
  }
}
