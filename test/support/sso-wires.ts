import { parse } from 'yaml';
import type { ResolvedConfig } from '../../config/resolved-config';
import { ciWebhookUrl } from '../../contract/application-ci';
import type { RenderedFile } from '../../gitops/render-gitops-tree';

/**
 * The rendered GitOps tree, indexed for wire tests: objects by kind/namespace/name, each add-on's Helm
 * values, the realm keycloak-config-cli applies. Everything is read from the rendered documents.
 */
export interface TreeIndex {
  objects(kind: string, namespace?: string): any[];
  find(kind: string, namespace: string, name: string): any;
  values(addon: string): any;
  realm(): any;
  /** Keycloak's issuer for the realm, from Keycloak's rendered values (KC_HOSTNAME + http.relativePath). */
  issuer(): string;
  /** Name of the Secret keycloak-config-cli reads a confidential client's secret from (its Job's env). */
  realmSecretOf(clientId: string): string;
  externalSecretFor(namespace: string, targetName: string): any;
  /** Keys of the Secret an ExternalSecret makes: its data keys and its template's data keys. */
  externalSecretKeys(es: any): string[];
}

export function treeIndex(files: readonly RenderedFile[]): TreeIndex {
  const docs = files.flatMap((f) => f.documents.map((d) => ({ path: f.path, doc: structuredClone(d) as any })));
  const k8s = docs.filter((d) => d.doc?.kind && d.doc?.metadata).map((d) => d.doc);
  const values = (addon: string) => docs.find((d) => d.path === `addons/${addon}/values.yaml`)?.doc;
  let realm: any;
  const tree: TreeIndex = {
    objects: (kind, namespace) => k8s.filter((o) => o.kind === kind && (namespace === undefined || o.metadata.namespace === namespace)),
    find: (kind, namespace, name) => k8s.find((o) => o.kind === kind && o.metadata.namespace === namespace && o.metadata.name === name),
    values,
    realm: () => {
      if (!realm) {
        const cm = tree.find('ConfigMap', 'keycloak', 'keycloak-realm');
        if (!cm) throw new Error('the realm ConfigMap keycloak/keycloak-realm is not rendered');
        realm = JSON.parse(Object.values(cm.data as Record<string, string>)[0]);
      }
      return realm;
    },
    issuer: () => {
      const v = values('keycloak');
      const env = parse(v.extraEnv) as { name: string; value: string }[];
      const hostname = env.find((e) => e.name === 'KC_HOSTNAME')?.value;
      if (!hostname) throw new Error('Keycloak\'s rendered values set no KC_HOSTNAME: its issuer would follow the request\'s host');
      const relative = (v.http?.relativePath ?? '/auth').replace(/\/?$/, '/');
      return `${hostname.replace(/\/$/, '')}${relative}realms/${tree.realm().realm}`;
    },
    realmSecretOf: (clientId) => {
      const placeholder = /^\$\(env:([A-Z0-9_]+)\)$/.exec(tree.realm().clients.find((c: any) => c.clientId === clientId)?.secret ?? '');
      if (!placeholder) throw new Error(`realm client ${clientId} has no $(env:…) secret`);
      const job = tree.find('Job', 'keycloak', 'keycloak-realm-apply');
      const env = job.spec.template.spec.containers[0].env.find((e: any) => e.name === placeholder[1]);
      if (!env?.valueFrom?.secretKeyRef || env.valueFrom.secretKeyRef.key !== 'clientSecret') throw new Error(`keycloak-config-cli gets no ${placeholder[1]} from a Secret's clientSecret`);
      return env.valueFrom.secretKeyRef.name;
    },
    externalSecretFor: (namespace, targetName) => tree.objects('ExternalSecret', namespace).find((es) => (es.spec.target?.name ?? es.metadata.name) === targetName),
    externalSecretKeys: (es) => [...(es.spec.data ?? []).map((d: any) => d.secretKey), ...Object.keys(es.spec.target?.template?.data ?? {})],
  };
  return tree;
}

/** One tool's end of a sign-in wire, as its rendered values say. */
export interface WireEnd {
  readonly tool: string;
  readonly absent?: undefined;
  /** The tool's doc for how it signs in (what the extractor models). */
  readonly doc: string;
  readonly clientId: string;
  readonly publicClient: boolean;
  readonly issuer: string;
  /** Redirect URIs the tool sends to Keycloak. */
  readonly redirectUris: string[];
  readonly origin?: string;
  /** Where the tool reads its client secret: the Secret, the key holding the secret, all keys it reads, labels it needs. */
  readonly secret?: { namespace: string; name: string; secretKey: string; keys: string[]; labels?: Record<string, string>; clientIdKey?: string };
  /** Realm groups the tool maps to roles. */
  readonly groups: string[];
  readonly adminGroups?: string[];
}
export type Wire = WireEnd | { tool: string; absent: string; doc: string };

const origin = (url: string) => new URL(url).origin;
const quoted = (s: string) => [...s.matchAll(/'([^']+)'/g)].map((m) => m[1]);

/** Every tool that signs in through Keycloak, read from the rendered tree. */
export function ssoWires(tree: TreeIndex): Wire[] {
  const wires: Wire[] = [];
  const argocd = tree.values('argo-cd');
  if (!argocd) {
    wires.push({ tool: 'Argo CD', absent: 'EKS managed Argo CD signs in with IAM Identity Center', doc: 'https://docs.aws.amazon.com/eks/latest/userguide/argocd.html' });
  } else {
    // https://argo-cd.readthedocs.io/en/stable/operator-manual/user-management/#existing-oidc-provider: the
    // callback is `<url>/auth/callback`; `$<secret>:<key>` needs the label app.kubernetes.io/part-of: argocd.
    const oidc = parse(argocd.configs.cm['oidc.config']);
    const ref = /^\$([a-z0-9-]+):(\w+)$/.exec(oidc.clientSecret)!;
    // A `g` subject is an SSO group unless it names a local account (`accounts.<name>` in argocd-cm, e.g. the
    // portal's): Argo CD matches local accounts by name, not through the OIDC groups claim (user-management/#local-usersaccounts).
    const localAccounts = new Set(Object.keys(argocd.configs.cm).filter((k) => /^accounts\.[^.]+$/.test(k)).map((k) => k.slice('accounts.'.length)));
    const policy = String(argocd.configs.rbac['policy.csv']).split('\n').map((l) => l.split(',').map((x) => x.trim())).filter((l) => l[0] === 'g' && !localAccounts.has(l[1]));
    wires.push({
      tool: 'Argo CD', doc: 'https://argo-cd.readthedocs.io/en/stable/operator-manual/user-management/keycloak/',
      clientId: oidc.clientID, publicClient: false, issuer: oidc.issuer,
      redirectUris: [`${argocd.configs.cm.url}/auth/callback`], origin: origin(argocd.configs.cm.url),
      secret: { namespace: 'argocd', name: ref[1], secretKey: ref[2], keys: [ref[2]], labels: { 'app.kubernetes.io/part-of': 'argocd' } },
      groups: policy.map((l) => l[1]), adminGroups: policy.filter((l) => l[2] === 'role:admin').map((l) => l[1]),
    });
  }

  // https://argo-workflows.readthedocs.io/en/latest/argo-server-sso/: redirectUrl `<host>/oauth2/callback`,
  // client id and secret from Secret keys; roles from ServiceAccounts' rbac-rule expressions.
  const wf = tree.values('argo-workflows').server.sso;
  const rules = tree.objects('ServiceAccount', 'argo-workflows').map((sa) => sa.metadata.annotations?.['workflows.argoproj.io/rbac-rule']).filter(Boolean);
  const wfAdmin = tree.find('ServiceAccount', 'argo-workflows', 'sso-admin')?.metadata.annotations['workflows.argoproj.io/rbac-rule'];
  wires.push({
    tool: 'Argo Workflows', doc: 'https://argo-workflows.readthedocs.io/en/latest/argo-server-sso/',
    clientId: 'argo-workflows', publicClient: false, issuer: wf.issuer, redirectUris: [wf.redirectUrl], origin: origin(wf.redirectUrl),
    secret: { namespace: 'argo-workflows', name: wf.clientSecret.name, secretKey: wf.clientSecret.key, keys: [wf.clientId.key, wf.clientSecret.key], clientIdKey: wf.clientId.name === wf.clientSecret.name ? wf.clientId.key : undefined },
    groups: rules.flatMap(quoted), adminGroups: quoted(wfAdmin ?? ''),
  });

  // https://docs.kargo.io/operator-guide/security/openid-connect/: the UI is a public client with PKCE,
  // redirecting to `https://<api.host>/login`; the CLI to localhost. Roles: admins/viewers claims and
  // per-project ServiceAccounts with rbac.kargo.akuity.io/claim.groups.
  const kargo = tree.values('kargo').api;
  const projectGroups = tree.objects('ServiceAccount').map((sa) => sa.metadata.annotations?.['rbac.kargo.akuity.io/claim.groups']).filter(Boolean).flatMap((g: string) => g.split(','));
  wires.push({
    tool: 'Kargo', doc: 'https://docs.kargo.io/operator-guide/security/openid-connect/',
    clientId: kargo.oidc.clientID, publicClient: true, issuer: kargo.oidc.issuerURL,
    redirectUris: [`https://${kargo.host}/login`, 'http://localhost/auth/callback'], origin: `https://${kargo.host}`,
    groups: [...kargo.oidc.admins.claims.groups, ...kargo.oidc.viewers.claims.groups, ...projectGroups], adminGroups: kargo.oidc.admins.claims.groups,
  });

  // https://grafana.com/docs/grafana/latest/setup-grafana/configure-security/configure-authentication/generic-oauth/:
  // callback `<root_url>/login/generic_oauth`; `$__file{…}` reads a mounted Secret's key.
  const g = tree.values('grafana');
  const oauth = g['grafana.ini']['auth.generic_oauth'];
  const file = /^\$__file\{(.+)\/([^/]+)\}$/.exec(oauth.client_secret)!;
  const mount = g.extraSecretMounts.find((m: any) => m.mountPath === file[1]);
  const endpoints = [oauth.auth_url, oauth.token_url, oauth.api_url].map((u: string) => u.replace(/\/protocol\/openid-connect\/(auth|token|userinfo)$/, ''));
  wires.push({
    tool: 'Grafana', doc: 'https://grafana.com/docs/grafana/latest/setup-grafana/configure-security/configure-authentication/keycloak/',
    clientId: oauth.client_id, publicClient: false, issuer: endpoints.every((e) => e === endpoints[0]) ? endpoints[0] : `mismatched endpoints ${endpoints.join(' ')}`,
    redirectUris: [`${g['grafana.ini'].server.root_url}/login/generic_oauth`], origin: origin(g['grafana.ini'].server.root_url),
    secret: mount ? { namespace: 'grafana', name: mount.secretName, secretKey: file[2], keys: [file[2]] } : undefined,
    // JMESPath `contains(groups[*], '<group>') && '<Role>'`: the groups are the contains() arguments.
    groups: [...String(oauth.role_attribute_path).matchAll(/contains\(groups\[\*\], '([^']+)'\) && '(\w+)'/g)].map((m) => m[1]),
    adminGroups: [...String(oauth.role_attribute_path).matchAll(/contains\(groups\[\*\], '([^']+)'\) && 'Admin'/g)].map((m) => m[1]),
  });

  // https://docs.gitlab.com/administration/auth/oidc/: omniauth provider from a Secret key (chart
  // global.appConfig.omniauth.providers[].secret/key), callback `/users/auth/openid_connect/callback`.
  const gl = tree.values('gitlab').global;
  const providerRef = gl.appConfig.omniauth.providers[0];
  const providerEs = tree.externalSecretFor('gitlab', providerRef.secret);
  const provider = parse(providerEs.spec.target.template.data[providerRef.key]);
  const secretRef = /^\{\{ \.(\w+) \}\}$/.exec(provider.args.client_options.secret)!;
  wires.push({
    tool: 'GitLab', doc: 'https://docs.gitlab.com/administration/auth/oidc/',
    clientId: provider.args.client_options.identifier, publicClient: false, issuer: provider.args.issuer,
    redirectUris: [provider.args.client_options.redirect_uri], origin: `https://${gl.hosts.gitlab.name}`,
    secret: { namespace: 'gitlab', name: providerRef.secret, secretKey: secretRef[1], keys: [providerRef.key] },
    groups: provider.args.gitlab?.admin_groups ?? [], adminGroups: provider.args.gitlab?.admin_groups,
  });

  // https://backstage.io/docs/auth/oidc: callback `<backend.baseUrl>/api/auth/oidc/handler/frame`;
  // `${clientID}`/`${clientSecret}` are environment variables from extraEnvVarsSecrets.
  const bs = tree.values('backstage').backstage;
  const bsOidc = bs.appConfig.auth.providers.oidc.production;
  const bsSecret = bs.extraEnvVarsSecrets.find((n: string) => tree.externalSecretFor('backstage', n) && tree.externalSecretKeys(tree.externalSecretFor('backstage', n)).includes(bsOidc.clientSecret.replace(/^\$\{(\w+)\}$/, '$1')));
  wires.push({
    tool: 'Backstage', doc: 'https://backstage.io/docs/auth/oidc',
    clientId: 'backstage', publicClient: false, issuer: bsOidc.metadataUrl.replace(/\/\.well-known\/openid-configuration$/, ''),
    redirectUris: [`${bs.appConfig.backend.baseUrl}/api/auth/oidc/handler/frame`], origin: origin(bs.appConfig.backend.baseUrl),
    secret: bsSecret ? { namespace: 'backstage', name: bsSecret, secretKey: bsOidc.clientSecret.replace(/^\$\{(\w+)\}$/, '$1'), keys: [bsOidc.clientId.replace(/^\$\{(\w+)\}$/, '$1')], clientIdKey: bsOidc.clientId.replace(/^\$\{(\w+)\}$/, '$1') } : undefined,
    groups: [],
  });

  // https://kubernetes-sigs.github.io/aws-load-balancer-controller/latest/guide/ingress/annotations/#authentication:
  // the ALB's callback is `https://<host>/oauth2/idpresponse`; its Secret has keys clientID and clientSecret.
  const dl = tree.values('devlake');
  const ingress = dl.ingress ?? dl.ui?.ingress;
  const idp = JSON.parse(ingress.annotations['alb.ingress.kubernetes.io/auth-idp-oidc']);
  const dlEndpoints = [idp.authorizationEndpoint, idp.tokenEndpoint, idp.userInfoEndpoint].map((u: string) => u.replace(/\/protocol\/openid-connect\/(auth|token|userinfo)$/, ''));
  const dlHost = ingress.hostname ?? ingress.hosts?.[0]?.host ?? ingress.hosts?.[0];
  wires.push({
    tool: 'DevLake (ALB)', doc: 'https://docs.aws.amazon.com/elasticloadbalancing/latest/application/listener-authenticate-users.html',
    clientId: 'devlake', publicClient: false, issuer: dlEndpoints.every((e) => e === idp.issuer) ? idp.issuer : `mismatched endpoints ${dlEndpoints.join(' ')}`,
    redirectUris: [`https://${dlHost}/oauth2/idpresponse`], origin: `https://${dlHost}`,
    secret: { namespace: 'devlake', name: idp.secretName, secretKey: 'clientSecret', keys: ['clientID', 'clientSecret'], clientIdKey: 'clientID' },
    groups: [],
  });
  return wires;
}

/** The CI wire: GitLab's hook (as the plumbing registers it) ↔ the rendered EventSource, Ingress, Secrets and Sensor RBAC. */
export function ciWire(tree: TreeIndex, config: ResolvedConfig) {
  const es = tree.find('EventSource', 'argo-events', 'gitlab');
  const push = es.spec.gitlab.push;
  const ingress = tree.find('Ingress', 'argo-events', 'ci-events');
  const rule = ingress.spec.rules[0];
  const secretEs = tree.externalSecretFor('argo-events', push.secretToken.name);
  const sensor = tree.objects('Sensor', 'argo-events')[0];
  const sa = sensor.spec.template?.serviceAccountName;
  // argoWorkflow triggers `submit` the Workflow in its metadata.namespace (else the Sensor's), as the SA
  // (https://argoproj.github.io/argo-events/sensors/triggers/argo-workflow/).
  const wfNamespaces = sensor.spec.triggers.map((t: any) => t.template.argoWorkflow.source.resource.metadata?.namespace ?? 'argo-events');
  const can = (ns: string) => tree.objects('RoleBinding', ns).some((rb: any) => rb.subjects?.some((s: any) => s.kind === 'ServiceAccount' && s.name === sa && s.namespace === 'argo-events')
    && tree.find(rb.roleRef.kind, ns, rb.roleRef.name)?.rules.some((r: any) => r.apiGroups.includes('argoproj.io') && r.resources.includes('workflows') && r.verbs.includes('create')));
  return {
    // What the plumbing registers on every application project (scripts/platform/gitlab-plumbing.ts).
    hookUrl: ciWebhookUrl(config),
    eventSourceUrl: push.webhook.url,
    eventSourceEndpoint: push.webhook.endpoint,
    eventSourceService: `${es.metadata.name}-eventsource-svc`,
    ingressRoute: { host: rule.host, path: rule.http.paths[0].path, service: rule.http.paths[0].backend.service.name },
    secretTokenRemote: secretEs?.spec.data.find((d: any) => d.secretKey === push.secretToken.key)?.remoteRef,
    sensorCanCreateWorkflows: !!sa && !!tree.find('ServiceAccount', 'argo-events', sa) && wfNamespaces.every(can),
    projects: push.projects as string[],
  };
}

/** One disagreement between the two ends of a wire. */
export interface WireProblem {
  readonly tool: string;
  readonly aspect: 'client' | 'issuer' | 'redirect' | 'secret' | 'groups';
  readonly problem: string;
}

/**
 * Every disagreement between the realm (its client, groups and the Secrets keycloak-config-cli reads) and
 * the tools' rendered ends. Empty when every wire holds; each entry names the tool and what differs.
 */
export function wireProblems(tree: TreeIndex, adminGroup: string, secretsManager: (key: string) => Readonly<Record<string, string>> | undefined): WireProblem[] {
  const realm = tree.realm();
  const groups = new Set<string>(realm.groups.map((g: any) => g.name));
  const problems: WireProblem[] = [];
  for (const w of ssoWires(tree)) {
    if (w.absent !== undefined) continue;
    const bad = (aspect: WireProblem['aspect'], problem: string) => problems.push({ tool: w.tool, aspect, problem });
    const c = realm.clients.find((x: any) => x.clientId === w.clientId);
    if (!c) { bad('client', `the realm has no client ${w.clientId}`); continue; }
    if (c.publicClient !== w.publicClient) bad('client', `${w.tool} signs in as a ${w.publicClient ? 'public' : 'confidential'} client; the realm's ${w.clientId} is ${c.publicClient ? 'public' : 'confidential'}`);
    if (w.publicClient && c.attributes?.['pkce.code.challenge.method'] !== 'S256') bad('client', `public client ${w.clientId} does not require PKCE S256`);
    if (!w.publicClient && !/^\$\(env:[A-Z0-9_]+\)$/.test(c.secret ?? '')) bad('client', `confidential client ${w.clientId} gets no secret from the environment`);
    if (c.standardFlowEnabled !== true) bad('client', `client ${w.clientId} has no authorization code flow`);
    if (w.issuer !== tree.issuer()) bad('issuer', `${w.tool} trusts ${w.issuer}; Keycloak issues ${tree.issuer()}`);
    for (const uri of w.redirectUris) if (!(c.redirectUris ?? []).includes(uri)) bad('redirect', `${w.tool} redirects to ${uri}; the realm allows ${(c.redirectUris ?? []).join(', ')}`);
    if (w.origin && JSON.stringify(c.webOrigins) !== JSON.stringify([w.origin])) bad('redirect', `web origins ${JSON.stringify(c.webOrigins)} are not [${w.origin}]`);
    if (!w.publicClient) {
      if (!w.secret) { bad('secret', `${w.tool} reads its client secret from no Secret`); continue; }
      const toolSide = tree.externalSecretFor(w.secret.namespace, w.secret.name);
      const realmSide = tree.externalSecretFor('keycloak', tree.realmSecretOf(w.clientId));
      const remote = (es: any, key: string) => es?.spec.data?.find((d: any) => d.secretKey === key)?.remoteRef;
      if (!toolSide) bad('secret', `no ExternalSecret makes ${w.secret.namespace}/${w.secret.name}`);
      else {
        if (JSON.stringify(remote(toolSide, w.secret.secretKey)) !== JSON.stringify(remote(realmSide, 'clientSecret'))) bad('secret', `${w.secret.name}.${w.secret.secretKey} ← ${JSON.stringify(remote(toolSide, w.secret.secretKey))}, the realm's ← ${JSON.stringify(remote(realmSide, 'clientSecret'))}`);
        for (const key of w.secret.keys) if (!tree.externalSecretKeys(toolSide).includes(key)) bad('secret', `${w.secret.name} has no key ${key}`);
        for (const [k, v] of Object.entries(w.secret.labels ?? {})) if (toolSide.spec.target?.template?.metadata?.labels?.[k] !== v) bad('secret', `${w.secret.name} lacks the label ${k}: ${v}`);
        if (w.secret.clientIdKey) {
          const ref = remote(toolSide, w.secret.clientIdKey);
          if (secretsManager(ref?.key)?.[ref?.property] !== w.clientId) bad('secret', `${w.secret.name}.${w.secret.clientIdKey} ← ${JSON.stringify(ref)}, which does not hold ${w.clientId}`);
        }
      }
    }
    if (!(c.defaultClientScopes ?? []).includes('groups')) bad('groups', `client ${w.clientId} does not put the groups claim in its tokens`);
    for (const g of w.groups) if (!groups.has(g)) bad('groups', `${w.tool} maps group ${g}, which the realm does not have`);
    if (w.adminGroups && JSON.stringify(w.adminGroups) !== JSON.stringify([adminGroup])) bad('groups', `${w.tool}'s admins are ${JSON.stringify(w.adminGroups)}, not [${adminGroup}]`);
  }
  return problems;
}
