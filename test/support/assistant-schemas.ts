/**
 * JSON schemas of the assistant files we generate, written from their documentation and closed
 * against unknown fields so a misspelt key fails the tests.
 */

/**
 * One MCP server (stdio or http), as Amazon Q CLI reads it in an agent's `mcpServers` and in
 * `.amazonq/mcp.json`: the `CustomToolConfig` fields.
 * https://github.com/aws/amazon-q-developer-cli/blob/main/docs/agent-format.md#mcpservers-field
 * https://github.com/aws/amazon-q-developer-cli/blob/main/schemas/agent-v1.json (mcpServers.additionalProperties)
 */
const MCP_SERVER = {
  type: 'object',
  properties: {
    type: { enum: ['stdio', 'http'] },
    url: { type: 'string' },
    headers: { type: 'object', additionalProperties: { type: 'string' } },
    oauthScopes: { type: 'array', items: { type: 'string' } },
    oauth: { type: ['object', 'null'], properties: { redirectUri: { type: ['string', 'null'] } } },
    command: { type: 'string', minLength: 1 },
    args: { type: 'array', items: { type: 'string' } },
    env: { type: ['object', 'null'], additionalProperties: { type: 'string' } },
    timeout: { type: 'integer', minimum: 0 },
    disabled: { type: 'boolean' },
  },
  required: ['command'],
  additionalProperties: false,
} as const;

const STRINGS = { type: 'array', items: { type: 'string' } } as const;
const PATHS = { type: 'object', properties: { allowedPaths: STRINGS, deniedPaths: STRINGS }, additionalProperties: false } as const;

/**
 * An Amazon Q CLI agent (`.amazonq/cli-agents/<name>.json`).
 * https://github.com/aws/amazon-q-developer-cli/blob/main/docs/agent-format.md
 * https://github.com/aws/amazon-q-developer-cli/blob/main/docs/built-in-tools.md (toolsSettings of built-in tools)
 * https://github.com/aws/amazon-q-developer-cli/blob/main/schemas/agent-v1.json
 */
export const AMAZON_Q_AGENT_SCHEMA = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  type: 'object',
  properties: {
    $schema: { type: 'string' },
    name: { type: 'string', minLength: 1 },
    description: { type: ['string', 'null'] },
    prompt: { type: ['string', 'null'] },
    mcpServers: { type: 'object', additionalProperties: MCP_SERVER },
    // Built-in tool names, `*`, `@builtin`, `@server` or `@server/tool`.
    tools: { type: 'array', items: { type: 'string', pattern: '^(\\*|@builtin|[a-z_]+|@[A-Za-z0-9._-]+(/[A-Za-z0-9._*?-]+)?)$' } },
    toolAliases: { type: 'object', additionalProperties: { type: 'string' } },
    // `*` alone is not allowed here (agent-format.md "AllowedTools Field").
    allowedTools: { type: 'array', uniqueItems: true, items: { type: 'string', not: { const: '*' } } },
    toolsSettings: {
      type: 'object',
      properties: {
        fs_read: PATHS,
        fs_write: PATHS,
        execute_bash: {
          type: 'object',
          properties: { allowedCommands: STRINGS, deniedCommands: STRINGS, autoAllowReadonly: { type: 'boolean' }, denyByDefault: { type: 'boolean' } },
          additionalProperties: false,
        },
        use_aws: {
          type: 'object',
          properties: { allowedServices: STRINGS, deniedServices: STRINGS, autoAllowReadonly: { type: 'boolean' } },
          additionalProperties: false,
        },
      },
      additionalProperties: { type: 'object' },
    },
    resources: { type: 'array', items: { type: 'string', pattern: '^file://' } },
    hooks: {
      type: 'object',
      propertyNames: { enum: ['agentSpawn', 'userPromptSubmit', 'preToolUse', 'postToolUse', 'stop'] },
      additionalProperties: {
        type: 'array',
        items: { type: 'object', properties: { command: { type: 'string' }, matcher: { type: 'string' } }, required: ['command'], additionalProperties: false },
      },
    },
    useLegacyMcpJson: { type: 'boolean' },
    model: { type: ['string', 'null'] },
  },
  required: ['name'],
  additionalProperties: false,
} as const;

/**
 * `.amazonq/mcp.json`: `{"mcpServers": {<name>: <server>}}` (McpServerConfig::load_from_file reads
 * the `mcpServers` key).
 * https://github.com/aws/amazon-q-developer-cli/blob/main/docs/agent-format.md#uselegacymcpjson-field
 * https://github.com/aws/amazon-q-developer-cli/blob/main/crates/chat-cli/src/cli/agent/mcp_config.rs
 */
export const MCP_JSON_SCHEMA = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  type: 'object',
  properties: { mcpServers: { type: 'object', additionalProperties: MCP_SERVER } },
  required: ['mcpServers'],
  additionalProperties: false,
} as const;

/**
 * Front matter of a Kiro steering file: `inclusion` is `always` (the default), `fileMatch` with a
 * `fileMatchPattern`, `manual`, or `auto` with a `name` and `description`.
 * https://kiro.dev/docs/steering/
 */
export const KIRO_STEERING_FRONT_MATTER_SCHEMA = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  type: 'object',
  properties: {
    inclusion: { enum: ['always', 'fileMatch', 'manual', 'auto'] },
    fileMatchPattern: { anyOf: [{ type: 'string' }, { type: 'array', items: { type: 'string' } }] },
    name: { type: 'string' },
    description: { type: 'string' },
  },
  required: ['inclusion'],
  allOf: [
    { if: { properties: { inclusion: { const: 'fileMatch' } } }, then: { required: ['fileMatchPattern'] } },
    { if: { properties: { inclusion: { const: 'auto' } } }, then: { required: ['name', 'description'] } },
  ],
  additionalProperties: false,
} as const;
