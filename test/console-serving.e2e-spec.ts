import { TestStack } from '@pt/testing';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { get } from 'node:http';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const ROOT = resolve(__dirname, '..');
const STRICT_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data: blob:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
  "form-action 'self'",
];
const IMMUTABLE = 'public, max-age=31536000, immutable';

/** A console build in miniature: an index naming one hashed script and one stylesheet, compressed as the build does. */
function fixtureConsole(): string {
  const dir = mkdtempSync(join(tmpdir(), 'pt-console-'));
  mkdirSync(join(dir, 'assets'));
  writeFileSync(
    join(dir, 'index.html'),
    '<!doctype html><html lang="en"><head><title>Console</title>' +
      '<script type="module" src="/assets/index-3f9a1c2b.js"></script>' +
      '<link rel="stylesheet" href="/assets/index-77ab01cd.css"></head><body><div id="root"></div></body></html>',
  );
  writeFileSync(
    join(dir, 'assets', 'index-3f9a1c2b.js'),
    `export const console = ${JSON.stringify('x'.repeat(4000))};\n`,
  );
  writeFileSync(
    join(dir, 'assets', 'index-77ab01cd.css'),
    `body { margin: 0; }\n${'.a { color: red; }\n'.repeat(100)}`,
  );
  writeFileSync(join(dir, 'favicon.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');
  execFileSync(process.execPath, [join(ROOT, 'scripts/build-console.mjs'), '--compress-only', dir]);
  return dir;
}

describe('The gateway serves the console at / (issue 18)', () => {
  let stack: TestStack;
  let dir: string;
  let base: string;
  let bare: string;

  beforeAll(async () => {
    dir = fixtureConsole();
    stack = await TestStack.start({
      label: 'console',
      processes: ['gateway'],
      envFor: { gateway: { CONSOLE_DIR: dir } },
    });
    base = stack.baseUrl;
    // A gateway with no console built: the API alone.
    bare = await stack.startGatewayReplica('gateway#2', { CONSOLE_DIR: join(dir, 'not-built') });
  }, 90_000);

  afterAll(async () => {
    await stack?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('answers / with index.html, revalidated every time, under a strict Content-Security-Policy', async () => {
    const response = await fetch(`${base}/`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/html/);
    expect(response.headers.get('cache-control')).toBe('no-cache');
    const csp = response.headers.get('content-security-policy')!;
    for (const directive of STRICT_CSP) expect(csp).toContain(directive);
    expect(csp).not.toContain('unsafe-inline');
    expect(csp).not.toContain('unsafe-eval');
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(response.headers.get('referrer-policy')).toBe('no-referrer');
    expect(response.headers.get('x-frame-options')).toBe('DENY');
    expect(await response.text()).toContain('/assets/index-3f9a1c2b.js');

    const etag = response.headers.get('etag')!;
    expect(etag).toBeTruthy();
    // Through node:http: fetch adds Cache-Control: no-cache to a conditional request (a reload).
    const revalidated = await new Promise<number>((resolveStatus, reject) =>
      get(`${base}/`, { headers: { 'if-none-match': etag } }, (res) => {
        res.resume();
        resolveStatus(res.statusCode!);
      }).on('error', reject),
    );
    expect(revalidated).toBe(304);
  });

  it('caches hashed assets for a year and sends them brotli- or gzip-compressed as the browser accepts', async () => {
    const js = await fetch(`${base}/assets/index-3f9a1c2b.js`, { headers: { 'accept-encoding': 'br, gzip' } });
    expect(js.status).toBe(200);
    expect(js.headers.get('cache-control')).toBe(IMMUTABLE);
    expect(js.headers.get('content-type')).toMatch(/javascript/);
    expect(js.headers.get('content-encoding')).toBe('br');
    expect(js.headers.get('vary')).toMatch(/accept-encoding/i);
    expect((await js.text()).length).toBeGreaterThan(4000); // fetch decodes it

    const css = await fetch(`${base}/assets/index-77ab01cd.css`, { headers: { 'accept-encoding': 'br' } });
    expect(css.headers.get('content-encoding')).toBe('br');
    expect(css.headers.get('content-type')).toMatch(/^text\/css/);
    expect(await css.text()).toContain('body { margin: 0; }'); // fetch decodes brotli

    const gzip = await fetch(`${base}/assets/index-3f9a1c2b.js`, { headers: { 'accept-encoding': 'gzip' } });
    expect(gzip.headers.get('content-encoding')).toBe('gzip');
    const identity = await fetch(`${base}/assets/index-3f9a1c2b.js`, { headers: { 'accept-encoding': 'identity' } });
    expect(identity.headers.get('content-encoding')).toBeNull();
  });

  it("answers the console's own routes with index.html (a reload keeps the page), but a missing asset with 404", async () => {
    for (const path of ['/pupils', '/ops/sessions', '/finance/invoices/inv-1', '/sign-in?next=%2Fpupils']) {
      const response = await fetch(`${base}${path}`);
      expect(response.status).toBe(200);
      expect(response.headers.get('cache-control')).toBe('no-cache');
      expect(await response.text()).toContain('<div id="root">');
    }
    const missing = await fetch(`${base}/assets/index-00000000.js`);
    expect(missing.status).toBe(404);
    expect(await missing.text()).not.toContain('<div id="root">');
    expect((await fetch(`${base}/favicon.svg`)).status).toBe(200);
    expect((await fetch(`${base}/robots.txt`)).status).toBe(404);
  });

  it('never answers the API, health or metrics with the console, and keeps their own headers', async () => {
    const api = await fetch(`${base}/api/v1/no-such-thing`);
    expect(api.status).toBe(404);
    expect(api.headers.get('content-type')).toContain('application/problem+json');
    expect(await api.json()).toMatchObject({ code: 'route.not_found' });
    expect(api.headers.get('cache-control')).toBe('no-store');
    expect((await fetch(`${base}/api`)).status).toBe(404);
    expect((await fetch(`${base}/health/nothing`)).status).toBe(404);
    const live = await fetch(`${base}/health/live`);
    expect(await live.json()).toEqual({ status: 'ok' });
    expect((await fetch(`${base}/metrics`)).headers.get('content-type')).toMatch(/^text\/plain/);
    // Swagger UI keeps the policy it needs; the console's stricter one is on console responses only.
    const docs = await fetch(`${base}/api/docs`);
    expect(docs.status).toBe(200);
    const document = (await (await fetch(`${base}/api/docs-json`)).json()) as { paths: Record<string, unknown> };
    expect(Object.keys(document.paths).filter((path) => !/^\/(api|health|metrics|\.well-known)\//.test(path))).toEqual(
      [],
    );
  });

  it('refuses what a static server must: paths out of the directory, dotfiles, other methods', async () => {
    const traversal = (await fetch(`${base}/assets/..%2f..%2fpackage.json`)).status;
    expect(traversal === 403 || traversal === 404).toBe(true);
    expect((await fetch(`${base}/%2e%2e/%2e%2e/package.json`)).status).not.toBe(500);
    const text = await (await fetch(`${base}/assets/%2e%2e/%2e%2e/package.json`)).text();
    expect(text).not.toContain('"dependencies"');
    expect((await fetch(`${base}/.env`)).status).toBeGreaterThanOrEqual(400);
    expect((await fetch(`${base}/pupils`, { method: 'POST' })).status).toBe(404);
  });

  it('without a console build, / is a 404 problem and the API still answers', async () => {
    const root = await fetch(`${bare}/`);
    expect(root.status).toBe(404);
    expect(root.headers.get('content-type')).toContain('application/problem+json');
    expect((await fetch(`${bare}/health/live`)).status).toBe(200);
  });

  const built = join(ROOT, 'dist/console/index.html');
  (existsSync(built) ? it : it.skip)('serves the real build (dist/console) the same way', async () => {
    await stack.stopProcess('gateway#2');
    const real = await stack.startGatewayReplica('gateway#2', { CONSOLE_DIR: join(ROOT, 'dist/console') });
    const index = await fetch(`${real}/`);
    expect(index.headers.get('cache-control')).toBe('no-cache');
    expect(index.headers.get('content-security-policy')).toContain("script-src 'self'");
    const html = await index.text();
    expect(html).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/); // no inline script: the policy would block it
    expect(html).not.toMatch(/\sstyle=|<style/);
    const assets = [...html.matchAll(/(?:src|href)="(\/assets\/[^"]+)"/g)].map((match) => match[1]);
    expect(assets.length).toBeGreaterThan(0);
    for (const asset of assets) {
      const response = await fetch(`${real}${asset}`, { headers: { 'accept-encoding': 'br, gzip' } });
      expect(response.status).toBe(200);
      expect(response.headers.get('cache-control')).toBe(IMMUTABLE);
      // The build writes a brotli twin of every file worth compressing.
      if (existsSync(join(ROOT, 'dist/console', `${asset}.br`)))
        expect(response.headers.get('content-encoding')).toBe('br');
    }
    expect(readFileSync(built, 'utf8')).toContain('<');
  });
});
