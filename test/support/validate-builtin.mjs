// Validates built-in Kubernetes objects with kubernetes-models (ESM-only, hence this helper).
// stdin: JSON array of objects; stdout: JSON array of { index, error } for the invalid ones.
// --cel: the objects are kro templates; a type error on a value that is one whole `${…}` CEL
// expression is accepted, since kro substitutes the expression's typed result before applying.
import { readFileSync } from 'node:fs';

const cel = process.argv.includes('--cel');
const PURE_CEL = /^\$\{[^$]*\}$/;
const at = (doc, pointer) => pointer.split('/').slice(1).map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~')).reduce((v, k) => v?.[k], doc);

const docs = JSON.parse(readFileSync(0, 'utf8'));
const problems = [];
for (const [index, doc] of docs.entries()) {
  const [group, version] = doc.apiVersion.includes('/') ? doc.apiVersion.split('/') : ['', doc.apiVersion];
  const modulePath = group ? `kubernetes-models/${group}/${version}` : `kubernetes-models/${version}`;
  try {
    const mod = await import(modulePath);
    const Model = mod[doc.kind];
    if (!Model) throw new Error(`no model for ${doc.apiVersion} ${doc.kind}`);
    new Model(doc).validate();
  } catch (err) {
    const errors = Array.isArray(err.errors) && cel ? err.errors.filter((e) => !(e.keyword === 'type' && PURE_CEL.test(String(at(doc, e.instancePath))))) : undefined;
    if (errors && errors.length === 0) continue;
    problems.push({ index, error: errors ? JSON.stringify(errors.slice(0, 3)) : String(err.message ?? err) });
  }
}
process.stdout.write(JSON.stringify(problems));
