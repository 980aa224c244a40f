import { ClusterAccess } from '../../scripts/platform/cluster-access';
import { join } from 'node:path';
import { parse } from 'yaml';
import { ALB_INGRESS_ANNOTATIONS, INGRESS_CLASS, toolHost } from '../../contract/ingress';
import { KUBERNETES_CLIENT, SSO_CLIENTS } from '../../contract/sso';
import type { AddonDefinition } from '../../catalog/addon-definition';
import { addonById } from '../../catalog/registry';
import { LAYOUT } from '../../gitops/gitops-layout';
import { renderGitOpsTree } from '../../gitops/render-gitops-tree';
import { bootstrapSteps } from '../../scripts/platform/bootstrap-steps';
import { oidcIssuer, toolUrl } from '../../gitops/sso';
import { keysMissingFromChart, pinnedChartValues, pinnedChartValuesText } from '../support/pinned-chart-values';
import { testConfig } from '../support/test-config';

/**
 * Every hub tool is reachable at https://<tool>.<domain> through the shared ALB: each chart's Ingress values
 * (class, host, ALB annotations, TLS hosts, health check) modelled after the pinned chart's template, and the
 * host equal to the URL the rest of the platform uses (gitops/sso.ts toolUrl, the realm's OIDC clients).
 */
const config = testConfig({ domain: 'tools.example.org' });
const files = renderGitOpsTree(config);
const valuesOf = (id: string) => files.find((f) => f.path === `addons/${id}/values.yaml`)!.documents[0] as Record<string, any>;
const realm = JSON.parse(Object.values((files.flatMap((f) => f.documents as any[]).find((d) => d.kind === 'ConfigMap' && d.metadata.name === 'keycloak-realm')).data)[0] as string);

/** What one chart renders from our values, modelled on its template at the pinned version. */
interface RenderedIngress {
  readonly className: string;
  readonly hosts: readonly string[];
  readonly annotations: Record<string, string>;
  readonly tlsHosts: readonly string[];
  /** The URL the tool itself believes it is served at (what it puts in redirects and links). */
  readonly selfUrl: string;
}

const TOOLS: Record<string, { addon: string; render: (v: Record<string, any>) => RenderedIngress; healthcheck?: string }> = {
  // https://github.com/argoproj/argo-helm/blob/argo-cd-7.8.26/charts/argo-cd/templates/argocd-server/ingress.yaml
  argocd: {
    addon: 'argo-cd', healthcheck: '/healthz',
    render: (v) => {
      const i = v.server.ingress;
      expect([i.enabled, i.controller]).toEqual([true, 'generic']);
      return { className: i.ingressClassName, hosts: [i.hostname || v.global.domain], annotations: i.annotations, tlsHosts: i.extraTls.flatMap((t: any) => t.hosts), selfUrl: v.configs.cm.url };
    },
  },
  // https://github.com/backstage/charts/blob/backstage-2.4.0/charts/backstage/templates/ingress.yaml
  backstage: {
    addon: 'backstage', healthcheck: '/.backstage/health/v1/readiness',
    render: (v) => {
      const i = v.ingress;
      expect(i.enabled).toBe(true);
      const app = v.backstage.appConfig;
      expect(app.backend.baseUrl).toBe(app.app.baseUrl);
      return { className: i.className, hosts: [i.host], annotations: i.annotations, tlsHosts: i.extraTls.flatMap((t: any) => t.hosts), selfUrl: app.app.baseUrl };
    },
  },
  // https://github.com/codecentric/helm-charts/blob/keycloakx-7.0.1/charts/keycloakx/templates/ingress.yaml
  keycloak: {
    addon: 'keycloak', healthcheck: '/realms/master',
    render: (v) => {
      const i = v.ingress;
      expect(i.enabled).toBe(true);
      expect(i.rules.flatMap((r: any) => r.paths)).toEqual([{ path: '/', pathType: 'Prefix' }]);
      const env = parse(v.extraEnv) as { name: string; value: string }[];
      return { className: i.ingressClassName, hosts: i.rules.map((r: any) => r.host), annotations: i.annotations, tlsHosts: i.tls.flatMap((t: any) => t.hosts), selfUrl: env.find((e) => e.name === 'KC_HOSTNAME')!.value };
    },
  },
  // https://docs.gitlab.com/charts/charts/globals/#configure-ingress-settings and #configure-host-settings
  gitlab: {
    addon: 'gitlab',
    render: (v) => {
      const g = v.global;
      expect([v['nginx-ingress'].enabled, v.installCertmanager, g.ingress.configureCertmanager, g.ingress.provider, g.ingress.enabled]).toEqual([false, false, false, 'aws', true]);
      // TLS ends at the ALB (no Ingress TLS, no cert-manager); external URLs stay https through hosts.https.
      expect([g.ingress.tls.enabled, g.hosts.https, g.ingress.pathType]).toEqual([false, true, 'Prefix']);
      const host = g.hosts.gitlab.name;
      return { className: g.ingress.class, hosts: [host], annotations: { ...g.ingress.annotations, ...v.gitlab.webservice.ingress.annotations }, tlsHosts: [host], selfUrl: `https://${host}` };
    },
    healthcheck: '/-/readiness',
  },
  // https://github.com/grafana/helm-charts/blob/grafana-8.10.4/charts/grafana/templates/ingress.yaml
  grafana: {
    addon: 'grafana', healthcheck: '/api/health',
    render: (v) => {
      const i = v.ingress;
      expect([i.enabled, i.path, i.pathType]).toEqual([true, '/', 'Prefix']);
      return { className: i.ingressClassName, hosts: i.hosts, annotations: i.annotations, tlsHosts: i.tls.flatMap((t: any) => t.hosts), selfUrl: v['grafana.ini'].server.root_url };
    },
  },
  // https://github.com/argoproj/argo-helm/blob/argo-workflows-0.45.12/charts/argo-workflows/templates/server/server-ingress.yaml
  'argo-workflows': {
    addon: 'argo-workflows',
    render: (v) => {
      const i = v.server.ingress;
      expect([i.enabled, i.paths, i.pathType]).toEqual([true, ['/'], 'Prefix']);
      return { className: i.ingressClassName, hosts: i.hosts, annotations: i.annotations, tlsHosts: i.tls.flatMap((t: any) => t.hosts), selfUrl: v.server.sso.redirectUrl.replace(/\/oauth2\/callback$/, '') };
    },
  },
  // https://github.com/akuity/kargo/blob/v1.5.3/charts/kargo/templates/api/ingress.yaml and _helpers.tpl kargo.api.baseURL
  kargo: {
    addon: 'kargo',
    render: (v) => {
      const api = v.api;
      expect([api.ingress.enabled, api.ingress.pathType]).toEqual([true, 'Prefix']);
      const https = (api.ingress.enabled && api.ingress.tls.enabled) || (!api.ingress.enabled && api.tls.enabled) || api.tls.terminatedUpstream;
      // No Ingress TLS block (the chart's names a cert-manager Secret); the ALB's certificate covers the host.
      return { className: api.ingress.ingressClassName, hosts: [api.host], annotations: api.ingress.annotations, tlsHosts: [api.host], selfUrl: `${https ? 'https' : 'http'}://${api.host}` };
    },
  },
  // https://github.com/apache/incubator-devlake-helm-chart/blob/devlake-1.0.2/charts/devlake/templates/ingresses.yaml
  devlake: {
    addon: 'devlake', healthcheck: '/health/',
    render: (v) => {
      const i = v.ingress;
      expect([i.enabled, i.enableHttps]).toEqual([true, true]);
      // _helpers.tpl devlake.uiEndpoint: https://<hostname>/ when enableHttps on port 443.
      return { className: i.className, hosts: [i.hostname], annotations: i.annotations, tlsHosts: [i.hostname], selfUrl: `https://${i.hostname}` };
    },
  },
};

describe('every hub tool is reachable over HTTPS through the shared ALB', () => {
  test('the table covers every tool with a public URL: the OIDC clients and Keycloak and DevLake', () => {
    expect(Object.keys(TOOLS).sort()).toEqual([...new Set([...SSO_CLIENTS.map((c) => c.id).filter((id) => id !== KUBERNETES_CLIENT), 'keycloak', 'devlake'])].sort());
  });

  test.each(Object.keys(TOOLS))('%s: class, host, ALB annotations and TLS host of its Ingress', (tool) => {
    const spec = TOOLS[tool];
    const ingress = spec.render(valuesOf(spec.addon));
    expect(ingress.className).toBe(INGRESS_CLASS);
    expect(ingress.hosts).toEqual([toolHost(config, tool)]);
    expect(ingress.annotations).toMatchObject(ALB_INGRESS_ANNOTATIONS);
    expect(ingress.tlsHosts).toEqual([toolHost(config, tool)]);
    expect(ingress.annotations['alb.ingress.kubernetes.io/healthcheck-path']).toBe(spec.healthcheck);
  });

  test.each(Object.keys(TOOLS))('%s: the ingress host is the URL the rest of the platform uses', (tool) => {
    const spec = TOOLS[tool];
    const { hosts, selfUrl } = spec.render(valuesOf(spec.addon));
    expect(`https://${hosts[0]}`).toBe(toolUrl(config, tool));
    expect(selfUrl).toBe(toolUrl(config, tool));
    const client = realm.clients.find((c: any) => c.clientId === tool);
    if (client) {
      expect(client.rootUrl).toBe(`https://${hosts[0]}`);
      // CLI callbacks (Kargo's `http://localhost/auth/callback`) are on the user's machine, by design.
      for (const uri of client.redirectUris.filter((u: string) => !u.startsWith('http://localhost'))) expect(uri.startsWith(`https://${hosts[0]}/`)).toBe(true);
    }
  });

  test('the issuer every tool trusts is the one Keycloak serves', () => {
    expect(valuesOf('argo-cd').configs.cm['oidc.config']).toContain(`issuer: ${oidcIssuer(config)}\n`);
    expect(valuesOf('argo-workflows').server.sso.issuer).toBe(oidcIssuer(config));
    expect(valuesOf('kargo').api.oidc.issuerURL).toBe(oidcIssuer(config));
    expect(valuesOf('backstage').backstage.appConfig.auth.providers.oidc.production.metadataUrl).toBe(`${oidcIssuer(config)}/.well-known/openid-configuration`);
    expect(valuesOf('grafana')['grafana.ini']['auth.generic_oauth'].auth_url.startsWith(`${oidcIssuer(config)}/`)).toBe(true);
    expect(oidcIssuer(config)).toBe(`https://${toolHost(config, 'keycloak')}/realms/${config.sso.realm}`);
  });

  test('Argo CD serves plain HTTP behind the ALB, so its Ingress targets the HTTP service port', () => {
    const v = valuesOf('argo-cd');
    // argocd-server/ingress.yaml: servicePortHttp when configs.params."server.insecure" is "true", else the HTTPS port.
    expect(String(v.configs.params['server.insecure'])).toBe('true');
  });

  test('no tool takes its host from the cluster secret too: one source (Argo CD valuesObject would win over the values file)', () => {
    for (const spec of Object.values(TOOLS)) {
      const addon: AddonDefinition = addonById(spec.addon);
      expect([addon.id, JSON.stringify(addon.clusterValues ?? {})]).toEqual([addon.id, expect.not.stringMatching(/ingress|host|domain/i)]);
    }
  });

  test('the bootstrap installs Argo CD and GitLab from the same values file Argo CD renders, with no extra --set', () => {
    expect(config.git.provider).toBe('hub-gitlab');
    const steps = bootstrapSteps({ config, tools: {} as never, wait: {} as never, log: () => undefined, access: new ClusterAccess(config, {} as never) });
    for (const [step, addon] of [['argocd', 'argo-cd'], ['gitlab', 'gitlab']]) {
      const install = steps.find((s) => s.name === step)!.commands.find((c) => c.startsWith('helm upgrade --install'))!;
      expect(install).toContain(`--values ${join(config.git.basePath, LAYOUT.addonValues, addon, 'values.yaml')} `);
      expect(install).not.toContain('--set');
    }
  });

  describe('every key we set exists in the pinned chart values.yaml', () => {
    // Maps the chart documents as free-form: argocd-cm keys, grafana.ini sections.
    const FREE_FORM: Record<string, string[]> = { 'argo-cd': ['configs.cm'], 'grafana': ['grafana.ini', 'ingress.ingressClassName'] };
    // Kargo is pinned at 1.4.3 today and is being moved to 1.5.3; its api.* keys are the same in both.
    const VERSIONS: Record<string, string[]> = { kargo: ['1.4.3', '1.5.3'] };
    test.each(['argo-cd', 'backstage', 'keycloak', 'grafana', 'argo-workflows', 'kargo', 'devlake'])('%s', (id) => {
      const addon = addonById(id);
      for (const version of VERSIONS[id] ?? [addon.chart.version]) {
        expect([version, keysMissingFromChart(valuesOf(id), pinnedChartValues(addon.chart.chart, version), FREE_FORM[id])]).toEqual([version, []]);
      }
    });

    test('grafana documents ingress.ingressClassName in a comment of its values.yaml', () => {
      expect(pinnedChartValuesText('grafana', '8.10.4')).toMatch(/^\s+# ingressClassName: nginx$/m);
    });

    test('fails when a key is misspelled', () => {
      const argo = pinnedChartValues('argo-cd', '7.8.26');
      expect(keysMissingFromChart({ server: { ingres: { enabled: true } } }, argo)).toEqual(['server.ingres']);
      expect(keysMissingFromChart({ server: { ingress: { hostnme: 'x' } } }, argo)).toEqual(['server.ingress.hostnme']);
    });

    test('gitlab (not in the chart cache): only keys documented at docs.gitlab.com/charts', () => {
      const leaves = (o: unknown, p = ''): string[] => (o && typeof o === 'object' && !Array.isArray(o)
        ? Object.entries(o).flatMap(([k, v]) => (p.endsWith('annotations') ? [p] : leaves(v, p ? `${p}.${k}` : k)))
        : [p]);
      const DOCUMENTED = [
        // https://docs.gitlab.com/charts/installation/tls/ (cert-manager) and https://docs.gitlab.com/charts/installation/command-line-options/
        'certmanager-issuer.email', 'installCertmanager',
        // https://docs.gitlab.com/charts/advanced/external-ingress/
        'nginx-ingress.enabled',
        // https://docs.gitlab.com/charts/charts/globals/#configure-host-settings
        'global.hosts.domain', 'global.hosts.https', 'global.hosts.gitlab.name',
        // https://docs.gitlab.com/charts/charts/globals/#configure-ingress-settings
        'global.ingress.enabled', 'global.ingress.class', 'global.ingress.provider', 'global.ingress.configureCertmanager',
        'global.ingress.annotations', 'global.ingress.pathType', 'global.ingress.tls.enabled',
        // https://docs.gitlab.com/charts/installation/secrets/#initial-root-password
        'global.initialRootPassword.secret', 'global.initialRootPassword.key',
        // https://docs.gitlab.com/charts/charts/gitlab/webservice/#ingress-settings
        'gitlab.webservice.ingress.annotations',
        // https://docs.gitlab.com/charts/charts/globals/#omniauth
        'global.appConfig.omniauth.enabled', 'global.appConfig.omniauth.allowSingleSignOn', 'global.appConfig.omniauth.blockAutoCreatedUsers',
        'global.appConfig.omniauth.autoLinkUser', 'global.appConfig.omniauth.providers',
        // The bundled runner (gitops/gitlab-runner-config.ts): https://docs.gitlab.com/charts/charts/gitlab/gitlab-runner/
        // (install, `runners.locked: null`), https://docs.gitlab.com/charts/installation/secrets/ (the runner secret),
        // and the runner chart's own keys: https://docs.gitlab.com/runner/install/kubernetes_helm_chart_configuration/
        'global.runner.registrationToken.secret', 'gitlab-runner.install', 'gitlab-runner.rbac.create', 'gitlab-runner.serviceAccount.create',
        'gitlab-runner.serviceAccount.name', 'gitlab-runner.concurrent', 'gitlab-runner.runners.locked', 'gitlab-runner.runners.config',
      ];
      expect([...new Set(leaves(valuesOf('gitlab')))].filter((k) => !DOCUMENTED.includes(k))).toEqual([]);
    });
  });
});
