import { readFileSync } from 'node:fs';
import type { ConfigProblem } from './config-error';

/**
 * A config module that could not be loaded (syntax error, or an exception while it ran), reported as
 * `<file>:<line>:<column>: <message>` plus a one-line hint, never as a stack trace: the fork's author
 * needs the spot in THEIR file, not the loader's internals.
 */
export class ConfigLoadError extends Error {
  constructor(readonly file: string, readonly line: number, readonly column: number, readonly reason: string, readonly hint: string) {
    super(`${file}:${line}:${column}: ${reason}\n  hint: ${hint}`);
    this.name = 'ConfigLoadError';
  }
}

const SYNTAX_HINT = 'fix the TypeScript syntax at that spot (usually a missing comma, brace, bracket or quote on that line or the one before); your editor underlines it too';
const RUNTIME_HINT = 'platform.config.ts must be plain data passed to definePlatform(): check the name or call on that line (and its import)';

/**
 * Turns what `require()` of a config module threw into a ConfigLoadError at the right spot.
 * - esbuild (inside tsx) rejects a syntax error with `Transform failed with N error(s):\n<path>:<line>:<col>: ERROR: <text>`
 *   (https://github.com/evanw/esbuild/blob/main/lib/shared/common.ts, failureErrorWithLog);
 * - anything the module throws while running carries a stack frame `(<path>:<line>:<col>)`, source-mapped
 *   by tsx to the .ts file (https://tsx.is/#source-maps).
 * Unrecognised errors are returned unchanged.
 */
export function configLoadError(file: string, absolutePath: string, err: unknown): unknown {
  if (!(err instanceof Error)) return err;
  const syntax = new RegExp(`^${escapeRegExp(absolutePath)}:(\\d+):(\\d+): ERROR: (.+)$`, 'm').exec(err.message);
  if (syntax) return new ConfigLoadError(file, Number(syntax[1]), Number(syntax[2]) + 1, syntax[3], SYNTAX_HINT);
  // jest/swc and tsc report syntax errors as SyntaxError with the position in the stack's first frame.
  const frame = new RegExp(`${escapeRegExp(absolutePath)}:(\\d+):(\\d+)`).exec(err.stack ?? '');
  if (frame) {
    const hint = err instanceof SyntaxError ? SYNTAX_HINT : RUNTIME_HINT;
    return new ConfigLoadError(file, Number(frame[1]), Number(frame[2]), `${err.name}: ${err.message.split('\n')[0]}`, hint);
  }
  return err;
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * Adds `<file>:<line>:<column>` to each problem whose config path is written in the .ts config file, so
 * the editor jumps to it. Paths are found in the object literal passed to `definePlatform()` (or
 * exported as default) with the TypeScript parser (syntax only, no type check); a path that is not
 * written literally points at the spread it may come from (`...entriesFromFolder()`), else at its
 * nearest written parent (a default). Problems that already name a file (platform.d/) keep it.
 */
export function locateProblems(file: string, absolutePath: string, problems: readonly ConfigProblem[]): ConfigProblem[] {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const ts = require('typescript') as typeof import('typescript');
  const source = ts.createSourceFile(absolutePath, readFileSync(absolutePath, 'utf8'), ts.ScriptTarget.Latest, true);
  const root = configLiteral(ts, source);
  if (!root) return [...problems];
  return problems.map((p) => {
    if (p.file) return p;
    let node: import('typescript').Node = root;
    for (const segment of p.path ? p.path.split('.') : []) {
      const value = ts.isPropertyAssignment(node) ? node.initializer : node;
      const next = ts.isObjectLiteralExpression(value)
        ? value.properties.find((m) => ts.isPropertyAssignment(m) && propertyName(ts, m.name) === segment)
        : ts.isArrayLiteralExpression(value) && /^\d+$/.test(segment) ? value.elements[Number(segment)] : undefined;
      // Not written here: an entry spread in (`...entriesFromFolder()`) comes from the spread, the rest is a default.
      const spread = ts.isObjectLiteralExpression(value) ? value.properties.filter(ts.isSpreadAssignment).at(-1) : undefined;
      if (!next) {
        if (spread) node = spread;
        break;
      }
      node = next;
    }
    const at = ts.isPropertyAssignment(node) ? node.name : node;
    const { line, character } = source.getLineAndCharacterOfPosition(at.getStart(source));
    return { ...p, file: `${file}:${line + 1}:${character + 1}` };
  });
}

function propertyName(ts: typeof import('typescript'), name: import('typescript').PropertyName): string | undefined {
  return ts.isIdentifier(name) || ts.isStringLiteral(name) || ts.isNumericLiteral(name) ? name.text : undefined;
}

/** The object literal of `export default definePlatform({...})` or `export default {...}`. */
function configLiteral(ts: typeof import('typescript'), source: import('typescript').SourceFile): import('typescript').ObjectLiteralExpression | undefined {
  for (const statement of source.statements) {
    if (!ts.isExportAssignment(statement)) continue;
    let e: import('typescript').Expression = statement.expression;
    while (ts.isParenthesizedExpression(e) || ts.isAsExpression(e) || ts.isSatisfiesExpression(e)) e = e.expression;
    if (ts.isCallExpression(e) && e.arguments[0]) e = e.arguments[0];
    if (ts.isObjectLiteralExpression(e)) return e;
  }
  return undefined;
}
