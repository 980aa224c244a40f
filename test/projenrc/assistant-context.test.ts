import { kubeContext } from '../../contract/operator-access';
import { existsSync, readFileSync } from 'node:fs';
import Ajv from 'ajv';
import { parse } from 'yaml';
import type { ResolvedConfig } from '../../config/resolved-config';
import { addonById } from '../../catalog/registry';
import { GOLDEN_PATHS } from '../../golden-paths/paths/registry';
import { ASSISTANT_PATHS, assistantContext, GENERATED_PATHS, serviceSection } from '../../projenrc/assistant-context';
import { assistantFiles, RenderedFile } from '../../projenrc/assistant-files';
import { AMAZON_Q_AGENT_SCHEMA, KIRO_STEERING_FRONT_MATTER_SCHEMA, MCP_JSON_SCHEMA } from '../support/assistant-schemas';
import { testConfig } from '../support/test-config';

/**
 * What coding assistants are told about the platform, rendered from the config into every format:
 * Amazon Q project rules (https://docs.aws.amazon.com/amazonq/latest/qdeveloper-ug/context-project-rules.html),
 * the Amazon Q CLI agent (https://github.com/aws/amazon-q-developer-cli/blob/main/docs/agent-format.md),
 * `.amazonq/mcp.json`, Kiro steering (https://kiro.dev/docs/steering/) and AGENTS.md (https://agents.md).
 */

// Two fixtures that differ in every fact the assistants are told (never the fork's platform.config.ts).
const A = testConfig();
const B = testConfig({
  name: 'orbit',
  domain: 'idp.orbit.example.org',
  hub: { account: '444444444444', region: 'us-east-2', vpcCidr: '10.10.0.0/16' },
  spokes: {
    qa: { environment: 'qa', account: '555555555555', region: 'us-west-2', vpcCidr: '10.11.0.0/16' },
    live: { environment: 'prod', account: '666666666666', region: 'ap-southeast-2', vpcCidr: '10.12.0.0/16' },
  },
  addons: { kubevela: { spoke: false } },
  teams: { search: {} },
  applications: { finder: { team: 'search', promotion: ['qa', 'prod'], autoPromoteProd: true } },
});

const render = (config: ResolvedConfig) => new Map(assistantFiles(config).map((f) => [f.path, f]));
const text = (files: Map<string, RenderedFile>, path: string) => {
  const f = files.get(path);
  if (!f) throw new Error(`${path} was not rendered; rendered: ${[...files.keys()].join(', ')}`);
  return f.text ?? JSON.stringify(f.json, null, 2);
};
const byPrefix = (files: Map<string, RenderedFile>, prefix: string) => [...files.values()].filter((f) => f.path.startsWith(prefix));
const joined = (fs: RenderedFile[]) => fs.map((f) => f.text!).join('\n');

/** The platform's own assistant files (not the service skeleton's). */
function formats(config: ResolvedConfig) {
  const files = render(config);
  return {
    files,
    amazonQRules: joined(byPrefix(files, '.amazonq/rules/')),
    kiroSteering: joined(byPrefix(files, '.kiro/steering/')),
    agentsMd: text(files, ASSISTANT_PATHS.agentsMd),
  };
}

const ajv = new Ajv({ allErrors: true, strict: false });
const validAgent = ajv.compile(AMAZON_Q_AGENT_SCHEMA);
const validMcpJson = ajv.compile(MCP_JSON_SCHEMA);
const validFrontMatter = ajv.compile(KIRO_STEERING_FRONT_MATTER_SCHEMA);

function frontMatter(md: string): { data: unknown; body: string } {
  const m = /^---\n([\s\S]*?)\n---\n\n?([\s\S]*)$/.exec(md);
  if (!m) throw new Error(`no front matter in:\n${md.slice(0, 200)}`);
  return { data: parse(m[1]), body: m[2] };
}

/** Values that look like credentials; any hit fails. */
const SECRET_PATTERNS: readonly RegExp[] = [
  /\b(AKIA|ASIA)[0-9A-Z]{16}\b/, // AWS access key ids
  /aws_secret_access_key|aws_session_token/i,
  /-----BEGIN [A-Z ]*PRIVATE KEY-----/,
  /\b(ghp|gho|ghs|github_pat|glpat)[-_][A-Za-z0-9_]{16,}/, // GitHub / GitLab tokens
  /\bxox[abprs]-[A-Za-z0-9-]{10,}/, // Slack tokens
  /(password|passwd|secret|token|api[-_]?key)\s*[:=]\s*["']?[A-Za-z0-9+/_-]{8,}/i,
  /[A-Za-z0-9+/]{40}(?![A-Za-z0-9+/])/, // 40-character base64 (AWS secret key shape)
];
const secretsIn = (s: string) => SECRET_PATTERNS.filter((p) => p.test(s)).map(String);

/** Env keys the MCP servers document (awslabs/mcp READMEs); nothing else may be set. */
const DOCUMENTED_ENV_KEYS = ['AWS_PROFILE', 'AWS_REGION', 'FASTMCP_LOG_LEVEL', 'AWS_DOCUMENTATION_PARTITION', 'EKS_AUTH_MODE', 'KUBECONFIG'];

const globRegExp = (glob: string) => new RegExp(`^${glob.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*\*/g, '\0').replace(/\*/g, '[^/]*').replace(/\0/g, '.*')}$`);

describe('assistant context (Amazon Q rules, agent and MCP servers, Kiro steering, AGENTS.md)', () => {
  test('rules name the fork\'s clusters with their accounts, regions and kube contexts, and change with the config', () => {
    const a = formats(A);
    const b = formats(B);
    const platformA = text(a.files, ASSISTANT_PATHS.amazonQRule('platform'));
    const platformB = text(b.files, ASSISTANT_PATHS.amazonQRule('platform'));
    for (const [config, rules] of [[A, platformA], [B, platformB]] as const) {
      for (const c of config.clusters) {
        const row = rules.split('\n').find((l) => l.startsWith(`| \`${c.name}\` |`));
        expect([c.name, row]).toEqual([c.name, expect.stringContaining(`\`${c.account}\` | \`${c.region}\``)]);
        expect(row).toContain(`\`${c.clusterName}\``);
      }
    }
    expect(platformA).toContain('# What the test platform is');
    expect(platformB).toContain('# What the orbit platform is');
    // Nothing of one fork leaks into the other's rules.
    for (const fact of ['111111111111', '222222222222', '333333333333', 'eu-central-1', 'payments', 'checkout']) expect(platformB).not.toContain(fact);
    for (const fact of ['444444444444', '555555555555', '666666666666', 'us-east-2', 'ap-southeast-2', 'search', 'finder']) expect(platformA).not.toContain(fact);
    expect(platformB).toContain('| `finder` | `search` | `444444444444.dkr.ecr.us-east-2.amazonaws.com/orbit/finder` | 8080 | qa → prod (last stage automatic) |');
    expect(platformA).toContain('dev → prod (last stage manual)');
    // The agent file is named after the platform.
    expect(a.files.has('.amazonq/cli-agents/test-platform.json')).toBe(true);
    expect(b.files.has('.amazonq/cli-agents/orbit-platform.json')).toBe(true);
  });

  test('add-ons per cluster come from the registry (chart versions) and the config\'s enablement', () => {
    for (const config of [A, B]) {
      const rules = text(render(config), ASSISTANT_PATHS.amazonQRule('platform'));
      const rows = rules.split('\n');
      const enabled = new Set(config.clusters.flatMap((c) => c.addons));
      for (const id of enabled) {
        const a = addonById(id);
        const row = rows.find((l) => l.startsWith(`| \`${id}\` |`));
        expect([id, row]).toEqual([id, expect.stringContaining(`\`${a.chart.chart}\` \`${a.chart.version}\``)]);
        const clusters = config.clusters.filter((c) => c.addons.includes(id)).map((c) => `\`${c.name}\``).join(', ');
        expect(row!.endsWith(`| ${clusters} |`)).toBe(true);
      }
    }
    // B switched kubevela off on spokes: it is gone from B's rules only.
    expect(text(render(A), ASSISTANT_PATHS.amazonQRule('platform'))).toContain('| `kubevela` |');
    expect(text(render(B), ASSISTANT_PATHS.amazonQRule('platform'))).not.toContain('| `kubevela` |');
  });

  test('rules say how to change, operate and secure the platform', () => {
    const { amazonQRules } = formats(A);
    for (const s of ['platform.config.ts', 'platform.d/', 'npx projen', 'overrides/<addon>/', 'Never edit generated files', 'npx projen bootstrap', 'npx projen status', 'npx projen destroy', 'npx projen template-sync', '.state/logs/', 'Secrets Manager', 'Least privilege', 'Tenant boundaries']) {
      expect([s, amazonQRules.includes(s)]).toEqual([s, true]);
    }
    for (const p of GOLDEN_PATHS) expect(amazonQRules).toContain(`\`${p.name}\``);
    expect(amazonQRules).toContain(`the hub is \`${kubeContext(A, A.hub)}\``);
  });

  test('the same facts appear in every format', () => {
    for (const config of [A, B]) {
      const ctx = assistantContext(config);
      const { files, amazonQRules, kiroSteering, agentsMd } = formats(config);
      for (const s of ctx.sections) {
        const rule = text(files, ASSISTANT_PATHS.amazonQRule(s.id));
        expect(rule).toContain(s.body);
        // A steering file is the rule file behind its front matter, byte for byte.
        expect(frontMatter(text(files, ASSISTANT_PATHS.kiroSteering(s.id))).body).toBe(rule);
        // AGENTS.md holds each section one heading level down.
        expect(agentsMd).toContain(s.body.replace(/^(#+) /gm, '#$1 '));
      }
      const facts = [
        ...config.clusters.flatMap((c) => [c.name, c.account, c.region, c.clusterName, c.kubernetesVersion]),
        ...config.clusters.flatMap((c) => c.addons.map((id) => addonById(id).chart.version)),
        ...config.teams.flatMap((t) => [t.name, t.keycloakGroup]),
        ...config.applications.flatMap((a) => [a.name, a.promotion.join(' → ')]),
        ...GOLDEN_PATHS.map((p) => p.name),
        ...Object.keys(ctx.mcpServers),
      ];
      for (const fact of facts) {
        expect([fact, amazonQRules.includes(fact), kiroSteering.includes(fact), agentsMd.includes(fact)]).toEqual([fact, true, true, true]);
      }
      // Both Amazon Q files configure the very same MCP servers.
      const agent = files.get(ASSISTANT_PATHS.amazonQAgent(config.name))!.json!;
      expect(agent.mcpServers).toEqual(files.get(ASSISTANT_PATHS.mcpJson)!.json!.mcpServers);
      expect(agent.prompt).toContain(`context "${ctx.hubContext}"`);
    }
  });

  test('every JSON file matches its documented format and every steering file has documented front matter', () => {
    for (const config of [A, B]) {
      const files = render(config);
      const agent = files.get(ASSISTANT_PATHS.amazonQAgent(config.name))!.json!;
      expect([validAgent(agent), validAgent.errors ?? null]).toEqual([true, null]);
      expect(agent.name).toBe(`${config.name}-platform`);
      const mcp = files.get(ASSISTANT_PATHS.mcpJson)!.json!;
      expect([validMcpJson(mcp), validMcpJson.errors ?? null]).toEqual([true, null]);
      for (const f of byPrefix(files, '.kiro/steering/')) {
        const { data } = frontMatter(f.text!);
        expect([f.path, validFrontMatter(data), validFrontMatter.errors ?? null]).toEqual([f.path, true, null]);
        expect(data).toEqual({ inclusion: 'always' });
      }
      // Read-only tools are pre-approved; nothing that writes is.
      const allowed = agent.allowedTools as string[];
      expect(allowed).toContain('fs_read');
      for (const t of allowed) expect(t).not.toMatch(/fs_write|execute_bash|apply|create|delete|manage|add_inline_policy|exec|run/);
      for (const server of Object.keys(agent.mcpServers as object)) expect(agent.tools).toContain(`@${server}`);
      // Resources point at the rules and docs with file:// URIs.
      expect(agent.resources).toEqual(expect.arrayContaining(['file://.amazonq/rules/**/*.md', 'file://README.md', 'file://docs/platform.md']));
    }
  });

  test('fails when the agent has a field the documented format lacks, or a server lacks its command', () => {
    const agent = render(A).get(ASSISTANT_PATHS.amazonQAgent(A.name))!.json!;
    expect(validAgent({ ...agent, mcpServer: {} })).toBe(false);
    expect(validAgent({ ...agent, mcpServers: { x: { args: [] } } })).toBe(false);
    expect(validAgent({ ...agent, resources: ['README.md'] })).toBe(false);
    expect(validAgent({ ...agent, allowedTools: ['*'] })).toBe(false);
    expect(validMcpJson({ servers: {} })).toBe(false);
    expect(validFrontMatter({ inclusion: 'fileMatch' })).toBe(false);
    expect(validFrontMatter({ inclusion: 'sometimes' })).toBe(false);
  });

  test('MCP servers: the documented AWS Labs packages and a read-only Kubernetes server, region from the config, no credentials', () => {
    for (const config of [A, B]) {
      const servers = render(config).get(ASSISTANT_PATHS.mcpJson)!.json!.mcpServers as Record<string, { command: string; args: string[]; env?: Record<string, string> }>;
      expect(servers.eks.args[0]).toMatch(/^awslabs\.eks-mcp-server@\d+\.\d+\.\d+$/);
      expect(servers['aws-iac'].args[0]).toMatch(/^awslabs\.aws-iac-mcp-server@\d+\.\d+\.\d+$/);
      expect(servers['aws-docs'].args[0]).toMatch(/^awslabs\.aws-documentation-mcp-server@\d+\.\d+\.\d+$/);
      expect(servers.kubernetes.args).toEqual(['-y', expect.stringMatching(/^kubernetes-mcp-server@\d+\.\d+\.\d+$/), '--read-only']);
      // Read-only: no write or sensitive-data flags on the EKS server.
      expect(servers.eks.args.join(' ')).not.toMatch(/--allow-write|--allow-sensitive-data-access/);
      expect(servers.eks.env!.AWS_REGION).toBe(config.hub.region);
      expect(servers['aws-iac'].env!.AWS_REGION).toBe(config.hub.region);
      for (const [name, s] of Object.entries(servers)) {
        for (const key of Object.keys(s.env ?? {})) expect([name, key, DOCUMENTED_ENV_KEYS.includes(key)]).toEqual([name, key, true]);
      }
    }
  });

  test('no file holds a secret-looking value', () => {
    const rendered = [...render(A).values(), ...render(B).values()].map((f) => [f.path, f.text ?? JSON.stringify(f.json)] as const);
    for (const [path, content] of rendered) expect([path, secretsIn(content)]).toEqual([path, []]);
    // The scanner does catch credentials (built at runtime so that no file holds one).
    expect(secretsIn(`"AWS_ACCESS_KEY_ID": "${'AKIA'}${'Q'.repeat(16)}"`)).not.toEqual([]);
    expect(secretsIn(`password: ${'x1'.repeat(6)}`)).not.toEqual([]);
  });

  test('generated files are declared generated: every file projen manages, and every assistant file', () => {
    const patterns = assistantContext(A).generatedPaths.map(globRegExp);
    for (const f of render(A).keys()) expect([f, patterns.some((p) => p.test(f))]).toEqual([f, true]);
    // .projen/files.json is projen's own list of the files it manages in this repository.
    const managed: string[] = JSON.parse(readFileSync('.projen/files.json', 'utf8')).files;
    const repoPatterns = [...GENERATED_PATHS, 'AGENTS.md', '.amazonq/**', '.kiro/steering/**', `${ASSISTANT_PATHS.serviceSkeleton}/**`].map(globRegExp);
    const undeclared = managed.filter((f) => !repoPatterns.some((p) => p.test(f)));
    expect(undeclared).toEqual([]); // fix: add the path to GENERATED_PATHS in projenrc/assistant-context.ts
  });

  test('the repository\'s assistant files are projen-managed, marked generated, and the agent\'s resources exist', () => {
    const managed: string[] = JSON.parse(readFileSync('.projen/files.json', 'utf8')).files;
    const attributes = readFileSync('.gitattributes', 'utf8');
    const agents = managed.filter((f) => f.startsWith('.amazonq/cli-agents/'));
    expect(agents).toHaveLength(1);
    for (const f of ['AGENTS.md', '.amazonq/mcp.json', ...agents, ...['platform', 'security'].flatMap((id) => [ASSISTANT_PATHS.amazonQRule(id), ASSISTANT_PATHS.kiroSteering(id)])]) {
      expect([f, managed.includes(f), attributes.includes(`/${f} linguist-generated`)]).toEqual([f, true, true]);
    }
    for (const f of managed.filter((m) => /^(AGENTS\.md|\.amazonq\/|\.kiro\/)/.test(m))) expect([f, secretsIn(readFileSync(f, 'utf8'))]).toEqual([f, []]);
    const agent = JSON.parse(readFileSync(agents[0], 'utf8'));
    expect([validAgent(agent), validAgent.errors ?? null]).toEqual([true, null]);
    for (const r of agent.resources as string[]) {
      const path = r.replace(/^file:\/\//, '');
      if (!path.includes('*')) expect([path, existsSync(path)]).toEqual([path, true]);
    }
  });

  test('service skeleton rules: one source, Nunjucks values only, the platform\'s facts', () => {
    const files = render(B);
    const dir = ASSISTANT_PATHS.serviceSkeleton;
    const agents = text(files, `${dir}/AGENTS.md`);
    expect(text(files, `${dir}/.amazonq/rules/service.md`)).toBe(agents);
    expect(frontMatter(text(files, `${dir}/.kiro/steering/service.md`)).body).toBe(agents);
    expect(agents).toContain(serviceSection(B).body);
    // Only `${{ values.x }}` placeholders: nothing else Nunjucks would interpret ({{ }}, {% %}, {# #}).
    const stripped = agents.replace(/\$\{\{ values\.[a-z]+ \}\}/g, '');
    expect(stripped).not.toMatch(/\{\{|\{%|\{#/);
    for (const v of ['name', 'team', 'environments', 'image', 'port', 'owner']) expect(agents).toContain(`\${{ values.${v} }}`);
    expect(agents).toContain('https://kargo.idp.orbit.example.org');
    expect(agents).not.toContain('platform.test.example.com');
  });
});
