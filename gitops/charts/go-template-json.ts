import { randomBytes } from 'node:crypto';

/**
 * A value the template fills in at render time: a key of the External Secrets template data
 * (https://external-secrets.io/latest/guides/templating/: engine v2 is Go text/template with sprig,
 * over the secret's keys as strings). Keys must be Go identifiers so `.key` is a field access.
 */
export class TemplateRef {
  constructor(readonly key: string) {
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(key)) throw new Error(`template key "${key}" is not a Go identifier`);
  }
}

/** `{{ .key }}`: a template value as plain text (a whole label, annotation or data value, never inside JSON). */
export const textRef = (key: string) => `{{ .${new TemplateRef(key).key} }}`;

/**
 * A literal string for a Go template: text/template treats only `{{` as the start of an action
 * (https://pkg.go.dev/text/template#hdr-Text_and_spaces), so each `{{` is emitted through a string
 * constant action, `{{ "{{" }}`, which prints it verbatim. Nothing from the config becomes an action.
 */
export function goTemplateLiteral(text: string): string {
  return text.split('{{').join('{{ "{{" }}');
}

/**
 * JSON document as an External Secrets template: literal parts serialized by JSON.stringify (and then
 * made template-literal), every TemplateRef rendered by the template's own encoder, sprig's `toJson`
 * (Go's json.Marshal of the string: a quoted, escaped JSON string;
 * https://masterminds.github.io/sprig/defaults.html). A value can therefore never leave its string:
 * no `"` or `\` in a registration value adds keys. Refs are placed through a random per-call marker
 * that no literal can contain, so no config string can be mistaken for a ref.
 */
export function goTemplateJson(value: unknown, space?: number): string {
  const marker = `ref-${randomBytes(12).toString('hex')}:`;
  const json = JSON.stringify(value, (_k, v: unknown) => (v instanceof TemplateRef ? `${marker}${v.key}` : v), space);
  const quotedRef = new RegExp(`"${marker}([A-Za-z_][A-Za-z0-9_]*)"`, 'g');
  return json
    .split(quotedRef)
    .map((part, i) => (i % 2 === 1 ? `{{ .${part} | toJson }}` : goTemplateLiteral(part)))
    .join('');
}
