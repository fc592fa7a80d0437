#!/usr/bin/env node
// Builds the console (apps/console, Vite) into dist/console, then writes a brotli (.br) and a
// gzip (.gz) twin of every text file there: the gateway sends the twin the browser accepts
// (@fastify/static preCompressed), at the strongest settings, with no CPU spent per request
// (@fastify/compress would compress each response again, at a lower level to keep it fast).
// scripts/build.mjs builds the console only when its sources changed, with buildConsole below.
//
//   node scripts/build-console.mjs                          build and compress (npm run build:console)
//   node scripts/build-console.mjs --compress-only <dir>    compress a directory already built
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const app = join(root, 'apps', 'console');
const out = join(root, 'dist', 'console');
const COMPRESSIBLE = /\.(js|mjs|css|html|svg|json|txt|webmanifest|xml|ico)$/;
/** Below this a compressed twin saves less than its headers cost. */
const MIN_BYTES = 512;

function* files(dir) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) yield* files(path);
    else yield path;
  }
}

/** Writes `<file>.br` and `<file>.gz` beside each compressible file; returns the bytes before and after (brotli). */
export function compressDirectory(dir) {
  let raw = 0;
  let brotli = 0;
  for (const path of files(dir)) {
    if (!COMPRESSIBLE.test(path)) continue;
    const body = readFileSync(path);
    if (body.length < MIN_BYTES) continue;
    const br = brotliCompressSync(body, {
      params: {
        [constants.BROTLI_PARAM_QUALITY]: constants.BROTLI_MAX_QUALITY,
        [constants.BROTLI_PARAM_MODE]: constants.BROTLI_MODE_TEXT,
        [constants.BROTLI_PARAM_SIZE_HINT]: body.length,
      },
    });
    writeFileSync(`${path}.br`, br);
    writeFileSync(`${path}.gz`, gzipSync(body, { level: 9 }));
    raw += body.length;
    brotli += br.length;
  }
  return { raw, brotli };
}

/**
 * Vite's production build, then the compressed twins. NODE_ENV is production for the build
 * whatever the caller's is: Vite keeps a NODE_ENV it finds set, and jest's global setup (which
 * builds when sources changed) runs with NODE_ENV=test, which bundled React's development build
 * (542 KB instead of 316 KB, slower) into a console the benches and `npm start` then served.
 */
export async function buildConsole() {
  const { build: viteBuild } = await import('vite');
  const callers = process.env.NODE_ENV;
  process.env.NODE_ENV = 'production';
  try {
    await viteBuild({ configFile: join(app, 'vite.config.ts'), mode: 'production', logLevel: 'warn' });
  } finally {
    if (callers === undefined) delete process.env.NODE_ENV;
    else process.env.NODE_ENV = callers;
  }
  return compressDirectory(out);
}

async function build() {
  const started = Date.now();
  const { raw, brotli } = await buildConsole();
  process.stdout.write(
    `built the console into dist/console in ${Date.now() - started} ms ` +
      `(${(raw / 1024).toFixed(0)} KB of text, ${(brotli / 1024).toFixed(0)} KB with brotli)\n`,
  );
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  if (args[0] === '--compress-only') {
    if (!args[1]) {
      process.stderr.write('usage: build-console.mjs --compress-only <dir>\n');
      process.exit(2);
    }
    compressDirectory(resolve(args[1]));
  } else {
    await build();
  }
}
