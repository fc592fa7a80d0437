// `npm test`: the type-check and the test run side by side instead of one after the other.
// tsc is one single-threaded process of about 20 s of CPU, while the suite spends much of
// its time waiting on services starting and on Postgres; run in sequence, those 20 s were
// added to every run. The exit code is non-zero if either fails; the type errors are
// printed after the tests so that they are not lost in the test output.
// The console's browser tests (Playwright, test/browser, on their own platform) run after
// jest, on a machine no longer busy with jest's stacks: beside them, both were CPU-bound on two
// cores, every browser step waited on jest's processes and a slow machine ran the browser
// tests past their timeouts; in sequence the sum is about the same and each runs at its own
// pace. Exit non-zero if any of the three fails.
// Arguments go to jest alone (`npm test -- test/auth.e2e-spec.ts`), without the browser tests;
// `npm run test:browser` runs only those.
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);

function run(bin, args, output, env = {}) {
  return new Promise((resolveExit) => {
    const child = spawn(process.execPath, [bin, ...args], {
      cwd: root,
      stdio: ['ignore', output, output],
      env: { ...process.env, ...env },
    });
    child.on('exit', (code, signal) => resolveExit(code ?? (signal ? 1 : 0)));
  });
}

const typeErrors = [];
const typecheck = new Promise((resolveExit) => {
  const child = spawn(process.execPath, [require.resolve('typescript/bin/tsc'), '--noEmit', '-p', 'tsconfig.json'], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout.on('data', (chunk) => typeErrors.push(chunk));
  child.stderr.on('data', (chunk) => typeErrors.push(chunk));
  child.on('exit', (code, signal) => resolveExit(code ?? (signal ? 1 : 0)));
});
const jestArgs = process.argv.slice(2);
// Both runners' global setups run scripts/build.mjs; built once here first, neither finds
// anything stale to build again.
if (jestArgs.length === 0) {
  const built = await run(join(root, 'scripts', 'build.mjs'), [], 'inherit');
  if (built !== 0) process.exit(built);
}
const testsCode = await run(require.resolve('jest/bin/jest'), jestArgs, 'inherit');
const browserCode =
  jestArgs.length > 0
    ? 0
    : await run(require.resolve('@playwright/test/cli'), ['test'], 'inherit', {
        PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD: '1',
      });

const typecheckCode = await typecheck;
if (typecheckCode !== 0) {
  process.stderr.write(Buffer.concat(typeErrors));
  process.stderr.write('npm test: type-check failed\n');
}
if (browserCode !== 0) process.stderr.write('npm test: browser tests failed (output above)\n');
process.exit(typecheckCode || testsCode || browserCode);
