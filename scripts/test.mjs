// `npm test`: the type-check and the test run side by side instead of one after the other.
// tsc is one single-threaded process of about 20 s of CPU, while the suite spends much of
// its time waiting on services starting and on Postgres; run in sequence, those 20 s were
// added to every run. The exit code is non-zero if either fails; the type errors are
// printed after the tests so that they are not lost in the test output.
// Arguments go to jest (`npm test -- test/auth.e2e-spec.ts`).
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, resolve } from 'node:path';
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
const tests = run(require.resolve('jest/bin/jest'), process.argv.slice(2), 'inherit');

const [typecheckCode, testsCode] = await Promise.all([typecheck, tests]);
if (typecheckCode !== 0) {
  process.stderr.write(Buffer.concat(typeErrors));
  process.stderr.write('npm test: type-check failed\n');
}
process.exit(typecheckCode || testsCode);
