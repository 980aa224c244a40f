import { defineAddon } from './addon-definition';

/** Keycloak: the platform's SSO; its realm is rendered as code in gitops/control-plane. */
export const keycloak = defineAddon({
  id: 'keycloak',
  description: 'Single sign-on for every platform tool (OIDC)',
  chart: { repoURL: 'https://codecentric.github.io/helm-charts', chart: 'keycloakx', version: '7.0.1' },
  namespace: 'keycloak',
  syncWave: 3,
  defaultOn: { hub: true, spoke: false },
  dependsOn: [{ addon: 'external-secrets', on: 'same-cluster' }],
  values: {
    command: ['/opt/keycloak/bin/kc.sh', 'start', '--import-realm'],
    // Admin credentials come from the Secrets Manager-backed Secret, never from values.
    extraEnvFrom: '- secretRef:\n    name: keycloak-admin\n',
    // The realm (groups, OIDC clients) is rendered as code into this Secret and imported at start.
    extraVolumes: '- name: realm\n  secret:\n    secretName: keycloak-realm\n',
    extraVolumeMounts: '- name: realm\n  mountPath: /opt/keycloak/data/import\n  readOnly: true\n',
    database: { vendor: 'postgres', existingSecret: 'keycloak-db' },
  },
  clusterValues: { ingress: { enabled: true, rules: [{ host: 'keycloak.{{.metadata.annotations.ingress_domain_name}}', paths: [{ path: '/', pathType: 'Prefix' }] }] } },
  slow: true,
});
