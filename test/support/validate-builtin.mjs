// Validates built-in Kubernetes objects with kubernetes-models (ESM-only, hence this helper).
// stdin: JSON array of objects; stdout: JSON array of { index, error } for the invalid ones.
import { readFileSync } from 'node:fs';

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
    problems.push({ index, error: String(err.message ?? err) });
  }
}
process.stdout.write(JSON.stringify(problems));
