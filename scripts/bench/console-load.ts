/**
 * The console's first load (issue 18), in Debian's chromium through the gateway, against its
 * floor measured in the same run: a minimal page (HTML and one script drawing a sign-in form)
 * served by plain node:http.
 *
 * For each, RUNS loads in a fresh browser context (nothing cached, as a first visit):
 *  - transferred bytes: every response's headers and body as they crossed the wire
 *    (compressed where the server compressed), summed;
 *  - time to interactive: from navigation to the sign-in form usable (the password field and
 *    the Sign in button visible and enabled), as the browser's clock in the page tells it
 *    (performance.now() when the button is found), so polling does not add to it.
 * Then one repeat visit in the same context (the cache warm): what a returning user pays.
 * Target (issue 18): first load under 300 KB compressed.
 *
 *   npm run bench:console            (BENCH_RUNS=15)
 *
 * Starts its own gateway and identity (TestStack) serving dist/console, which npm run build
 * has built and compressed. The browser is /usr/bin/chromium (CHROMIUM_PATH), headless.
 */
import { chromium, type Browser } from '@playwright/test';
import { TestStack } from '@pt/testing';
import { existsSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { join, resolve } from 'node:path';
import { summarise } from './latency';

const ROOT = resolve(__dirname, '../../..');
const RUNS = Number(process.env.BENCH_RUNS ?? 15);
const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
const ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-dev-shm-usage',
];

interface Load {
  bytes: number;
  requests: number;
  interactiveMs: number;
}

/** The floor: the least a sign-in page can be, with no framework, no compression, no cache headers. */
function floorServer(): Promise<Server> {
  const html =
    '<!doctype html><html lang="en-GB"><head><meta charset="utf-8"><title>Sign in</title>' +
    '<script type="module" src="/app.js"></script></head><body><main id="main"></main></body></html>';
  const script = `const main = document.getElementById('main');
const form = document.createElement('form');
form.innerHTML = '<h1>Sign in</h1><label for="login">Username or email</label><input id="login" autocomplete="username">' +
  '<label for="password">Password</label><input id="password" type="password"><button type="submit">Sign in</button>';
main.append(form);
`;
  const server = createServer((request, response) => {
    if (request.url === '/app.js') {
      response.writeHead(200, { 'content-type': 'text/javascript' }).end(script);
    } else {
      response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(html);
    }
  });
  return new Promise((resolveServer) => server.listen(0, '127.0.0.1', () => resolveServer(server)));
}

async function load(browser: Browser, url: string): Promise<{ first: Load; repeat: Load }> {
  const context = await browser.newContext();
  const page = await context.newPage();
  const visit = async (): Promise<Load> => {
    const responses: Promise<number>[] = [];
    const onResponse = (response: import('@playwright/test').Response) =>
      responses.push(
        response
          .request()
          .sizes()
          .then((sizes) => sizes.responseHeadersSize + sizes.responseBodySize)
          .catch(() => 0),
      );
    page.on('response', onResponse);
    await page.goto(url, { waitUntil: 'commit' });
    const button = page.getByRole('button', { name: 'Sign in' });
    await button.waitFor({ state: 'visible' });
    await page.getByLabel('Password', { exact: true }).waitFor({ state: 'visible' });
    // The page's own clock: navigation start is its zero.
    const interactiveMs = await button.evaluate((element) =>
      (element as { disabled?: boolean }).disabled ? Number.NaN : performance.now(),
    );
    // Not networkidle: the console keeps asking (maintenance notices); what came within a
    // moment of the form being usable is the first load.
    await page.waitForLoadState('load');
    await page.waitForTimeout(300);
    page.off('response', onResponse);
    const sizes = await Promise.all(responses);
    return { bytes: sizes.reduce((sum, size) => sum + size, 0), requests: sizes.length, interactiveMs };
  };
  const first = await visit();
  const repeat = await visit();
  await context.close();
  return { first, repeat };
}

async function series(browser: Browser, url: string) {
  await load(browser, url); // warm-up: the server's first reads, chromium's first page
  const runs: { first: Load; repeat: Load }[] = [];
  for (let i = 0; i < RUNS; i++) runs.push(await load(browser, url));
  return runs;
}

function report(name: string, runs: { first: Load; repeat: Load }[]) {
  const first = summarise(runs.map((run) => run.first.interactiveMs));
  const repeat = summarise(runs.map((run) => run.repeat.interactiveMs));
  const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;
  const last = runs[runs.length - 1];
  console.log(
    `${name.padEnd(22)} first load ${kb(last.first.bytes).padStart(9)} in ${String(last.first.requests).padStart(2)} requests, ` +
      `interactive p50 ${first.p50.toFixed(0)} ms p95 ${first.p95.toFixed(0)} ms | ` +
      `repeat visit ${kb(last.repeat.bytes).padStart(8)}, interactive p50 ${repeat.p50.toFixed(0)} ms`,
  );
  return { bytes: last.first.bytes, p50: first.p50 };
}

async function main(): Promise<void> {
  if (!existsSync(join(ROOT, 'dist/console/index.html'))) {
    throw new Error('dist/console is not built: run npm run build (npm run bench:console does)');
  }
  const floor = await floorServer();
  const stack = await TestStack.start({
    label: 'benchconsole',
    processes: ['gateway', 'identity'],
    envFor: { gateway: { CONSOLE_DIR: join(ROOT, 'dist/console'), RESPONSE_CONFORMANCE: 'off' } },
  });
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS, headless: true });
  try {
    console.log(`console first load: ${RUNS} runs each, fresh browser context per run, ${CHROMIUM}`);
    const floorUrl = `http://127.0.0.1:${(floor.address() as AddressInfo).port}/`;
    const floorResult = report('floor (node:http)', await series(browser, floorUrl));
    const consoleResult = report('console via gateway', await series(browser, `${stack.baseUrl}/`));
    console.log(
      `console / floor: ${(consoleResult.bytes / floorResult.bytes).toFixed(1)}x the bytes, ` +
        `+${(consoleResult.p50 - floorResult.p50).toFixed(0)} ms to interactive (p50); ` +
        `target first load < 300 KB: ${consoleResult.bytes < 300 * 1024 ? 'met' : 'NOT met'}`,
    );
  } finally {
    await browser.close();
    await stack.stop();
    floor.close();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
