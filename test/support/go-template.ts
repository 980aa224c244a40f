/**
 * A faithful evaluator of the subset of Go text/template + sprig that our External Secrets templates
 * use (engine v2: text/template with sprig's TxtFuncMap over the secret's keys as a map[string]string,
 * https://github.com/external-secrets/external-secrets/blob/v0.16.2/pkg/template/v2/template.go).
 * Anything outside the subset throws, so a template we start writing differently fails here instead
 * of being evaluated wrongly.
 *
 * Implemented (https://pkg.go.dev/text/template):
 * - text outside actions, verbatim; an action starts at `{{` (and `{{- ` / ` -}}` trim adjacent white space);
 * - `{{ .key }}`: a field of the data map, printed as is;
 * - `{{ "const" }}`: a double-quoted Go string constant (only the `\"` and `\\` escapes);
 * - `{{ .key | toJson }}`: sprig's toJson, Go's json.Marshal of a string
 *   (https://github.com/Masterminds/sprig/blob/v3.2.3/defaults.go, https://pkg.go.dev/encoding/json#Marshal):
 *   `"`, `\`, `\n`, `\r`, `\t` escaped, other control characters, `<`, `>`, `&`, U+2028 and U+2029 as \u00XX.
 * A missing key throws (text/template would print the zero value ""; no template of ours relies on it).
 */
export function renderGoTemplate(template: string, data: Readonly<Record<string, string>>): string {
  let out = '';
  let rest = template;
  for (;;) {
    const open = rest.indexOf('{{');
    if (open < 0) return out + rest;
    let text = rest.slice(0, open);
    let body = rest.slice(open + 2);
    if (/^- /.test(body)) {
      text = text.replace(/[ \t\r\n]+$/, '');
      body = body.slice(2);
    }
    const close = closingDelimiter(body);
    if (close < 0) throw new Error(`go-template: unclosed action in ${JSON.stringify(template)}`);
    let action = body.slice(0, close);
    rest = body.slice(close + 2);
    if (/ -$/.test(action)) {
      action = action.slice(0, -2);
      rest = rest.replace(/^[ \t\r\n]+/, '');
    }
    out += text + evaluate(action.trim(), data);
  }
}

/** End of an action: the first `}}` outside a string constant. */
function closingDelimiter(body: string): number {
  let inString = false;
  for (let i = 0; i < body.length; i++) {
    if (inString && body[i] === '\\') i++;
    else if (body[i] === '"') inString = !inString;
    else if (!inString && body.startsWith('}}', i)) return i;
  }
  return -1;
}

function evaluate(action: string, data: Readonly<Record<string, string>>): string {
  const constant = /^"((?:[^"\\]|\\["\\])*)"$/.exec(action);
  if (constant) return constant[1].replace(/\\(["\\])/g, '$1');
  const m = /^\.([A-Za-z_][A-Za-z0-9_]*)(?:\s*\|\s*(\w+))?$/.exec(action);
  if (!m) throw new Error(`go-template: action {{ ${action} }} is outside the implemented subset`);
  const [, key, fn] = m;
  if (!Object.prototype.hasOwnProperty.call(data, key)) throw new Error(`go-template: no key "${key}" in the data`);
  const value = data[key];
  if (fn === undefined) return value;
  if (fn === 'toJson') return goJsonString(value);
  throw new Error(`go-template: function ${fn} is not implemented`);
}

/** encoding/json's string encoding with its default HTML escaping (json.Marshal). */
export function goJsonString(s: string): string {
  let out = '"';
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    if (ch === '"' || ch === '\\') out += `\\${ch}`;
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (ch === '\t') out += '\\t';
    else if (c < 0x20 || ch === '<' || ch === '>' || ch === '&' || c === 0x2028 || c === 0x2029) out += `\\u${c.toString(16).padStart(4, '0')}`;
    else out += ch;
  }
  return `${out}"`;
}
