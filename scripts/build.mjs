// Compiles apps/, libs/ and scripts/**/*.ts to dist/ with SWC: about a second for the
// whole monorepo, where tsc takes tens. Types are checked separately (`npm run typecheck`).
// Path aliases (@pt/*) are rewritten to relative imports so dist/ runs with plain node.
// The console (apps/console, a browser app) is not compiled here: Vite builds it into
// dist/console, again only when its sources (or the contracts it imports) changed since.
import { transformFile } from '@swc/core';
import { bundleServices } from './bundle-services.mjs';
import { writeAtomically } from './write-atomically.mjs';
import { mkdir, readdir, rm, stat } from 'node:fs/promises';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const out = join(root, 'dist');
const sources = ['apps', 'libs', 'scripts'];
const consoleApp = join(root, 'apps', 'console');
const consoleOut = join(out, 'console');
const servicesOut = join(out, 'services');

/** Each file written into dist/ this build, with the code SWC made of it. */
const built = new Map();

async function* walkOutput(dir) {
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      if (path !== consoleOut && path !== servicesOut) yield* walkOutput(path);
    } else if (entry.name.endsWith('.js') || entry.name.endsWith('.js.map')) yield path;
  }
}

async function newestChange(dir) {
  let newest = 0;
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.name === 'node_modules') continue;
    newest = Math.max(newest, entry.isDirectory() ? await newestChange(path) : (await stat(path)).mtimeMs);
  }
  return newest;
}

async function* walk(dir) {
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      if (entry.name === 'node_modules' || path === consoleApp) continue;
      yield* walk(path);
    } else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.spec.ts') && !entry.name.endsWith('.d.ts')) {
      yield path;
    }
  }
}

const started = Date.now();
const files = [];
for (const source of sources) {
  const dir = join(root, source);
  if (await stat(dir).catch(() => null)) for await (const file of walk(dir)) files.push(file);
}

const swcOptions = (file) => ({
  filename: file,
  sourceMaps: true,
  module: { type: 'commonjs', strictMode: true },
  jsc: {
    target: 'es2022',
    parser: { syntax: 'typescript', decorators: true },
    transform: { legacyDecorator: true, decoratorMetadata: true, useDefineForClassFields: false },
    keepClassNames: true,
    baseUrl: root,
    paths: {
      '@pt/contracts': ['libs/contracts/src'],
      '@pt/contracts/*': ['libs/contracts/src/*'],
      '@pt/platform': ['libs/platform/src'],
      '@pt/platform/*': ['libs/platform/src/*'],
      '@pt/persistence': ['libs/persistence/src'],
      '@pt/persistence/*': ['libs/persistence/src/*'],
      '@pt/testing': ['libs/testing/src'],
      '@pt/testing/*': ['libs/testing/src/*'],
    },
  },
});

await Promise.all(
  files.map(async (file) => {
    const target = join(out, relative(root, file)).replace(/\.ts$/, '.js');
    const result = await transformFile(file, swcOptions(file));
    await mkdir(dirname(target), { recursive: true });
    if (result.map) await writeAtomically(`${target}.map`, result.map);
    await writeAtomically(target, `${result.code}\n//# sourceMappingURL=${target.split('/').pop()}.map\n`);
    built.set(target, result.code);
  }),
);
// Remove what a deleted source left behind.
if (await stat(out).catch(() => null)) {
  for await (const file of walkOutput(out)) if (!built.has(file.replace(/\.map$/, ''))) await rm(file, { force: true });
}
console.log(`built ${files.length} files into dist/ in ${Date.now() - started} ms`);

// The processes as one bundle each (bundle-services.mjs), what npm start, the tests and the
// containers run; bundled again only when what SWC wrote changed.
const bundleStarted = Date.now();
if (await bundleServices(root, out, built)) {
  console.log(`bundled the services into dist/services in ${Date.now() - bundleStarted} ms`);
}

// The console: rebuilt when anything under apps/console or libs/contracts is newer than its
// index.html, so `npm start` and the bench scripts do not pay Vite's seconds on every run.
// CONSOLE_BUILD=always forces it (`npm run build:console` runs Vite directly).
if (await stat(consoleApp).catch(() => null)) {
  const built = await stat(join(consoleOut, 'index.html')).catch(() => null);
  const changed = Math.max(await newestChange(consoleApp), await newestChange(join(root, 'libs', 'contracts', 'src')));
  if (process.env.CONSOLE_BUILD === 'always' || !built || built.mtimeMs < changed) {
    const consoleStarted = Date.now();
    // Vite's production build and the .br and .gz twins the gateway sends (see build-console.mjs).
    const { buildConsole } = await import('./build-console.mjs');
    await buildConsole();
    console.log(`built the console into dist/console in ${Date.now() - consoleStarted} ms`);
  }
}
