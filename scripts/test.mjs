// `npm test`: the type-check and the test run side by side instead of one after the other.
// tsc is one single-threaded process of about 20 s of CPU, while the suite spends much of
// its time waiting on services starting and on Postgres; run in sequence, those 20 s were
// added to every run. The exit code is non-zero if either fails; the type errors are
// printed after the tests so that they are not lost in the test output.
// The console's browser tests (Playwright, test/browser, on their own platform) run beside
// jest too: they spend most of their time waiting on the platform and chromium; their output
// is printed as one block when they finish. Exit non-zero if any of the three fails.
// Arguments go to jest alone (`npm test -- test/auth.e2e-spec.ts`), without the browser tests;
// `npm run test:browser` runs only those.
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);

function run(bin, args, output) {
  return new Promise((resolveExit) => {
    const child = spawn(process.execPath, [bin, ...args], { cwd: root, stdio: ['ignore', output, output] });
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
// Both runners' global setups run scripts/build.mjs; built once here first, neither finds the
// console stale, so two Vite builds never empty dist/console under each other.
if (jestArgs.length === 0) {
  const built = await run(join(root, 'scripts', 'build.mjs'), [], 'inherit');
  if (built !== 0) process.exit(built);
}
const tests = run(require.resolve('jest/bin/jest'), jestArgs, 'inherit');

const browser =
  jestArgs.length > 0
    ? Promise.resolve(0)
    : new Promise((resolveExit) => {
        const output = [];
        const child = spawn(process.execPath, [require.resolve('@playwright/test/cli'), 'test'], {
          cwd: root,
          stdio: ['ignore', 'pipe', 'pipe'],
          env: { ...process.env, PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD: '1', PT_BROWSER_SET: 'core' },
        });
        child.stdout.on('data', (chunk) => output.push(chunk));
        child.stderr.on('data', (chunk) => output.push(chunk));
        child.on('exit', (code, signal) => {
          process.stdout.write(`\n--- browser tests (playwright) ---\n${Buffer.concat(output).toString()}---\n`);
          resolveExit(code ?? (signal ? 1 : 0));
        });
      });

const [typecheckCode, testsCode, browserCode] = await Promise.all([typecheck, tests, browser]);
if (typecheckCode !== 0) {
  process.stderr.write(Buffer.concat(typeErrors));
  process.stderr.write('npm test: type-check failed\n');
}
if (browserCode !== 0) process.stderr.write('npm test: browser tests failed (output above)\n');
process.exit(typecheckCode || testsCode || browserCode);
