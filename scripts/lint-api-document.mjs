// Lints an OpenAPI document under the repository's redocly.yaml (Redocly's recommended rules),
// offline. Reads the document from the file named, or from the gateway's URL:
//
//   node scripts/lint-api-document.mjs http://localhost:3000/api/docs-json
//   node scripts/lint-api-document.mjs document.json --json     (the problems as JSON, for tests)
//
// A script and not a jest import: @redocly/openapi-core is an ES module only.
import { createConfig, lintFromString } from '@redocly/openapi-core';
import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const [source, format] = process.argv.slice(2);
if (!source) {
  console.error('usage: lint-api-document.mjs <file or URL> [--json]');
  process.exit(2);
}
const text = /^https?:\/\//.test(source) ? await (await fetch(source)).text() : await readFile(source, 'utf8');
const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const config = await createConfig(await readFile(join(root, 'redocly.yaml'), 'utf8'));
const problems = await lintFromString({ source: text, absoluteRef: source, config });
const found = problems.map((problem) => ({
  severity: problem.severity,
  rule: problem.ruleId,
  pointer: problem.location[0]?.pointer ?? '',
  message: problem.message,
}));
if (format === '--json') console.log(JSON.stringify(found));
else for (const p of found) console.log(`${p.severity} ${p.rule} ${p.pointer}: ${p.message}`);
process.exitCode = found.length === 0 ? 0 : 1;
