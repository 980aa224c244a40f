/**
 * A small model of AWS's policy evaluation logic, enough for the platform's own policies:
 * an explicit Deny wins over any Allow, an Allow is needed, otherwise the request is implicitly denied.
 * Action and Resource patterns use `*` / `?` wildcards (actions case-insensitively); NotAction and
 * NotResource invert them; conditions StringEquals/StringLike/ArnEquals/ArnLike are evaluated against
 * the request context (all keys ANDed, any value of a list ORed); an unknown operator fails loudly.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html
 */
export interface Statement {
  readonly Effect: 'Allow' | 'Deny';
  readonly Action?: string | string[];
  readonly NotAction?: string | string[];
  readonly Resource?: string | string[];
  readonly NotResource?: string | string[];
  readonly Principal?: unknown;
  readonly Condition?: Record<string, Record<string, string | string[]>>;
}

export interface Request {
  readonly action: string;
  readonly resource: string;
  readonly context?: Readonly<Record<string, string>>;
}

const list = (v: string | string[] | undefined): string[] => (v === undefined ? [] : Array.isArray(v) ? v : [v]);

/** IAM wildcard match: `*` any run of characters, `?` one character. */
export function wildcardMatch(pattern: string, value: string, ignoreCase = false): boolean {
  const re = new RegExp(`^${pattern.split('').map((c) => (c === '*' ? '.*' : c === '?' ? '.' : c.replace(/[.+^${}()|[\]\\]/g, '\\$&'))).join('')}$`, ignoreCase ? 'i' : '');
  return re.test(value);
}

const OPERATORS: Record<string, (pattern: string, value: string) => boolean> = {
  StringEquals: (p, v) => p === v,
  StringLike: (p, v) => wildcardMatch(p, v),
  ArnEquals: (p, v) => p === v,
  ArnLike: (p, v) => wildcardMatch(p, v),
};

function conditionsHold(condition: Statement['Condition'], context: Readonly<Record<string, string>>): boolean {
  return Object.entries(condition ?? {}).every(([operator, keys]) => {
    const op = OPERATORS[operator];
    if (!op) throw new Error(`condition operator ${operator} is not modelled: extend the evaluator before trusting a result`);
    // A key missing from the context does not match (no ...IfExists operator is used by the platform).
    return Object.entries(keys).every(([key, patterns]) => key in context && list(patterns).some((p) => op(p, context[key])));
  });
}

function applies(s: Statement, r: Request): boolean {
  const action = s.Action !== undefined ? list(s.Action).some((a) => wildcardMatch(a, r.action, true)) : !list(s.NotAction).some((a) => wildcardMatch(a, r.action, true));
  const resource = s.Resource !== undefined ? list(s.Resource).some((p) => wildcardMatch(p, r.resource)) : !list(s.NotResource).some((p) => wildcardMatch(p, r.resource));
  return action && resource && conditionsHold(s.Condition, r.context ?? {});
}

export type Decision = 'allow' | 'explicit-deny' | 'implicit-deny';

/** Decision of identity-based statements (no resource policy, boundary or SCP: the platform sets none on these roles). */
export function evaluate(statements: readonly Statement[], r: Request): Decision {
  const matching = statements.filter((s) => applies(s, r));
  if (matching.some((s) => s.Effect === 'Deny')) return 'explicit-deny';
  return matching.some((s) => s.Effect === 'Allow') ? 'allow' : 'implicit-deny';
}
