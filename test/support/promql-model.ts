/**
 * PromQL semantics for the subset our request-signal queries use (gitops/charts/service-queries.ts),
 * evaluated at one instant over given per-series rates: `rate(name{matchers}[window])`, `sum` and
 * `sum by (labels)`, `or`, `*` `/` `-` `+` and `>` `<` between vectors and scalars, parentheses, numbers.
 * Semantics from https://prometheus.io/docs/prometheus/latest/querying/operators/: vector/vector
 * arithmetic matches series with identical label sets (one-to-one, no `on`/`ignoring`) and drops the
 * metric name; `or` keeps every left series and the right series whose label sets the left lacks;
 * comparisons without `bool` filter; aggregation over nothing gives nothing; 0/0 is NaN. Anything else
 * throws, so a new construct is not evaluated by guesswork.
 */
export interface Series { readonly name: string; readonly labels: Record<string, string>; readonly rate: number }
type Sample = { labels: Record<string, string>; value: number };
type Value = number | Sample[];

const key = (labels: Record<string, string>) => JSON.stringify(Object.entries(labels).sort(([a], [b]) => a.localeCompare(b)));

export function evaluatePromql(query: string, series: readonly Series[]): Value {
  const tokens = query.match(/"(?:[^"\\]|\\.)*"|[A-Za-z_][A-Za-z0-9_]*|\d+(?:\.\d+)?|=~|!=|!~|\[[^\]]*\]|[(){},=*/+<>-]/g) ?? [];
  if (tokens.join('').replace(/\s/g, '') !== query.replace(/\s/g, '')) throw new Error(`unsupported PromQL: ${query}`);
  let i = 0;
  const peek = () => tokens[i];
  const take = (t?: string) => {
    const tok = tokens[i++];
    if (t !== undefined && tok !== t) throw new Error(`expected ${t}, got ${tok} in ${query}`);
    return tok;
  };
  const binary = (op: string, a: Value, b: Value): Value => {
    const f = (x: number, y: number) => {
      switch (op) {
        case '*': return x * y;
        case '/': return x / y;
        case '-': return x - y;
        case '+': return x + y;
        default: throw new Error(op);
      }
    };
    const cmp = (x: number, y: number) => (op === '>' ? x > y : x < y);
    if (op === '>' || op === '<') {
      if (typeof a === 'number' || typeof b !== 'number') throw new Error('only vector > scalar comparisons are modelled');
      return a.filter((s) => cmp(s.value, b));
    }
    if (typeof a === 'number' && typeof b === 'number') return f(a, b);
    if (typeof a === 'number') return (b as Sample[]).map((s) => ({ labels: s.labels, value: f(a, s.value) }));
    if (typeof b === 'number') return a.map((s) => ({ labels: s.labels, value: f(s.value, b) }));
    const right = new Map(b.map((s) => [key(s.labels), s]));
    return a.filter((s) => right.has(key(s.labels))).map((s) => ({ labels: s.labels, value: f(s.value, right.get(key(s.labels))!.value) }));
  };
  const parseOr = (): Value => {
    let left = parseCmp();
    while (peek() === 'or') {
      take();
      const right = parseCmp();
      if (typeof left === 'number' || typeof right === 'number') throw new Error('or needs vectors');
      const seen = new Set(left.map((s) => key(s.labels)));
      left = [...left, ...right.filter((s) => !seen.has(key(s.labels)))];
    }
    return left;
  };
  const parseCmp = (): Value => {
    let left = parseAdd();
    while (peek() === '>' || peek() === '<') { const op = take(); left = binary(op, left, parseAdd()); }
    return left;
  };
  const parseAdd = (): Value => {
    let left = parseMul();
    while (peek() === '+' || peek() === '-') { const op = take(); left = binary(op, left, parseMul()); }
    return left;
  };
  const parseMul = (): Value => {
    let left = parsePrimary();
    while (peek() === '*' || peek() === '/') { const op = take(); left = binary(op, left, parsePrimary()); }
    return left;
  };
  const labelsList = (): string[] => {
    take('(');
    const out: string[] = [];
    while (peek() !== ')') { out.push(take()); if (peek() === ',') take(); }
    take(')');
    return out;
  };
  const parsePrimary = (): Value => {
    const tok = take();
    if (/^\d/.test(tok)) return Number(tok);
    if (tok === '(') { const v = parseOr(); take(')'); return v; }
    if (tok === 'sum') {
      const by = peek() === 'by' ? (take(), labelsList()) : [];
      take('(');
      const inner = parseOr();
      take(')');
      if (typeof inner === 'number') throw new Error('sum of a scalar');
      const groups = new Map<string, Sample>();
      for (const s of inner) {
        const labels = Object.fromEntries(by.filter((l) => l in s.labels).map((l) => [l, s.labels[l]]));
        const g = groups.get(key(labels)) ?? { labels, value: 0 };
        g.value += s.value;
        groups.set(key(labels), g);
      }
      return [...groups.values()];
    }
    if (tok === 'rate') {
      take('(');
      const name = take();
      take('{');
      const matchers: [string, string, string][] = [];
      while (peek() !== '}') {
        const label = take();
        const op = take();
        const value = JSON.parse(take()) as string;
        matchers.push([label, op, value]);
        if (peek() === ',') take();
      }
      take('}');
      if (!/^\[\w+\]$/.test(take())) throw new Error('rate needs a range');
      take(')');
      const ok = (s: Series) => s.name === name && matchers.every(([l, op, v]) => {
        const actual = s.labels[l] ?? '';
        if (op === '=') return actual === v;
        if (op === '!=') return actual !== v;
        const re = new RegExp(`^(?:${v})$`);
        return op === '=~' ? re.test(actual) : !re.test(actual);
      });
      return series.filter(ok).map((s) => ({ labels: { ...s.labels }, value: s.rate }));
    }
    throw new Error(`unsupported PromQL token ${tok} in ${query}`);
  };
  const value = parseOr();
  if (i !== tokens.length) throw new Error(`trailing tokens in ${query}: ${tokens.slice(i).join(' ')}`);
  return value;
}
