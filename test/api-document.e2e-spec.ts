import { World } from '@pt/testing';
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

/**
 * The API document at /api/docs-json, as an integrator generating a client meets it (issue 16):
 * it lints clean under Redocly's recommended rules (offline, with the rules turned off in
 * redocly.yaml each with its reason), and every operation documents its success answer, save
 * those still listed in api-document-undescribed.json, a list that may only shrink.
 */
describe('the API document', () => {
  let world: World;
  let document: { paths: Record<string, Record<string, { responses: Record<string, { content?: object }> }>> };
  const undescribed: string[] = JSON.parse(readFileSync(join(__dirname, 'api-document-undescribed.json'), 'utf8'));

  const operations = () =>
    Object.entries(document.paths).flatMap(([path, item]) =>
      Object.entries(item).map(([method, operation]) => ({ name: `${method.toUpperCase()} ${path}`, operation })),
    );
  const describesSuccess = (operation: { responses: Record<string, { content?: object }> }) =>
    Object.entries(operation.responses).some(
      ([status, response]) => status === '204' || (status.startsWith('2') && response.content),
    );

  beforeAll(async () => {
    world = await World.start({ label: 'apidoc', processes: ['gateway'] });
    document = (await (await fetch(`${world.baseUrl}/api/docs-json`)).json()) as typeof document;
  }, 60_000);

  afterAll(async () => {
    await world?.stop();
  });

  it('lints clean under Redocly’s recommended rules', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'api-document-')), 'document.json');
    writeFileSync(file, JSON.stringify(document));
    // The linter is an ES module: it runs as a script (also `npm run lint:api-document`).
    const { stdout } = await promisify(execFile)(
      process.execPath,
      [join(__dirname, '..', 'scripts', 'lint-api-document.mjs'), file, '--json'],
      { maxBuffer: 16 * 1024 * 1024 },
    ).catch((failure: { stdout?: string }) => ({ stdout: failure.stdout ?? '[]' }));
    const problems = JSON.parse(stdout) as { severity: string; rule: string; pointer: string; message: string }[];
    const listed = new Set(undescribed);
    const found = problems
      .filter((problem) => {
        if (problem.rule !== 'operation-2xx-response') return true;
        // #/paths/~1api~1v1~1pupils/get/responses -> GET /api/v1/pupils
        const [, path, method] = problem.pointer.match(/^#\/paths\/([^/]+)\/([a-z]+)\//)!;
        return !listed.has(`${method.toUpperCase()} ${path.replace(/~1/g, '/').replace(/~0/g, '~')}`);
      })
      .map((problem) => `${problem.severity} ${problem.rule} ${problem.pointer}: ${problem.message}`);
    expect(found).toEqual([]);
  });

  it('is the document the generated client was generated from (libs/testing/src/api-client)', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'api-document-')), 'document.json');
    writeFileSync(file, JSON.stringify(document));
    const checked = await promisify(execFile)(process.execPath, [
      join(__dirname, '..', 'scripts', 'generate-api-client.mjs'),
      file,
      '--check',
    ]).then(
      () => 'the same',
      (failure: { stderr?: string }) => failure.stderr ?? 'differs',
    );
    expect(checked).toBe('the same');
  });

  it('describes the success answer of every operation but those still listed, and the list only shrinks', () => {
    const missing = operations()
      .filter(({ operation }) => !describesSuccess(operation))
      .map(({ name }) => name);
    expect(missing.filter((name) => !undescribed.includes(name))).toEqual([]);
    // Described now: take it off the list.
    expect(undescribed.filter((name) => !missing.includes(name))).toEqual([]);
  });

  it('gives every operation its problem+json answers and every error a schema', () => {
    for (const { name, operation } of operations()) {
      const errors = Object.entries(operation.responses).filter(([status]) => Number(status) >= 400);
      expect({ name, documentsAnError: errors.length > 0 }).toEqual({
        name,
        documentsAnError: !['GET /health/live', 'GET /metrics'].includes(name),
      });
      for (const [status, response] of errors) {
        expect({ name, status, content: Object.keys(response.content ?? {}) }).toEqual({
          name,
          status,
          content: ['application/problem+json'],
        });
      }
    }
  });
});
