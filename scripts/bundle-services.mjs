// Each process as one file, dist/services/bundles/<name>.js, built by esbuild from what SWC
// compiled into dist/apps and dist/libs, with the packages it uses inside, and started by
// dist/services/<name>.js (service-launch.cjs: from V8's code cache). A process started from
// dist/apps read about 2,700 modules one by one, each resolved through node_modules (stat,
// realpath, package.json) and compiled on its own: 1.4-1.8 s of CPU on a 2-core machine before
// the first line of a service ran; from one file 1.0-1.2 s, and from its code cache about 0.7 s.
// The processes are the gateway and libs/contracts' SERVICE_NAMES; each worker thread's file
// (`*.worker.ts` in an app) is bundled beside them under its own name, the name the code joins
// to its __dirname, so it is found from dist/apps and from the bundle alike.
import { createHash } from 'node:crypto';
import { mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { basename, join } from 'node:path';
import { writeAtomically } from './write-atomically.mjs';

/** The gateway and every service of libs/contracts' SERVICE_NAMES, as SWC compiled it. */
function processesOf(out) {
  const { SERVICE_NAMES } = createRequire(import.meta.url)(join(out, 'libs', 'contracts', 'src', 'services.js'));
  return ['gateway', ...SERVICE_NAMES];
}

/** Every `*.worker.js` under dist/apps, by its file name (a thread joins that name to its __dirname). */
function workersOf(outputs) {
  const workers = {};
  for (const file of outputs.keys()) {
    const name = basename(file, '.js');
    if (!/dist\/apps\/.*\.worker\.js$/.test(file)) continue;
    if (workers[name]) throw new Error(`two worker files named ${name}.js: ${workers[name]} and ${file}`);
    workers[name] = file;
  }
  return workers;
}

/**
 * Left as run-time requires: native addons (loaded from node_modules as they are), and the
 * drivers and transports the packages name but the platform never loads (MikroORM's and
 * knex's other databases, Nest's other transports and adapters).
 */
const EXTERNAL = [
  '@node-rs/*',
  'pg-native',
  'mariadb',
  'mariadb/*',
  'libsql',
  'better-sqlite3',
  'sqlite3',
  'mysql',
  'mysql2',
  'oracledb',
  'tedious',
  'pg-query-stream',
  '@mikro-orm/entity-generator',
  '@mikro-orm/seeder',
  '@mikro-orm/cli',
  '@nestjs/websockets',
  '@nestjs/websockets/*',
  '@nestjs/platform-express',
  '@grpc/*',
  'ioredis',
  'amqplib',
  'amqp-connection-manager',
  'kafkajs',
  'mqtt',
  'redis',
  'ts-node',
  'typescript',
  '@swc/*',
  // Tried in a try/catch and absent from node_modules: failing at run time, as they did from dist/apps.
  '@fastify/view',
  'class-transformer/storage',
];

/**
 * Requires esbuild cannot follow, rewritten where the package's own file is read (a file that
 * no longer holds the text, or no file to rewrite, fails the build: an upgrade cannot silently
 * bring the problem back):
 * - @mikro-orm/nestjs requires the driver's package (and @mikro-orm/knex) by a name in a variable,
 *   so the require runs at run time and Node would load a second @mikro-orm/postgresql, knex and
 *   core from node_modules, whose MikroORM class is not the bundle's: Nest could not inject it, and
 *   the second copy cost as much to load as the bundle. The packages the platform has are named literally.
 * - @mikro-orm/core reads its version from `../../package.json` first (a path for its sources), in
 *   a try: from dist/services that is the platform's own package.json, and MikroORM refuses to
 *   start on the version mismatch. Its built files' `../package.json` is the one meant.
 */
const PATCHES = [
  {
    file: /@mikro-orm[\\/]nestjs[\\/]mikro-orm-core\.module\.js$/,
    from: 'require(s)',
    to: "(s === '@mikro-orm/postgresql' ? require('@mikro-orm/postgresql') : s === '@mikro-orm/knex' ? require('@mikro-orm/knex') : require(s))",
  },
  {
    file: /@mikro-orm[\\/]core[\\/]utils[\\/]Utils\.js$/,
    from: "require('../../package.json')",
    to: "require('../package.json')",
  },
];

/** The plugin applying PATCHES; `applied` collects those it found a file for. */
function patchedRequires(applied) {
  return {
    name: 'patched-requires',
    setup(build) {
      for (const patch of PATCHES) {
        build.onLoad({ filter: patch.file }, async (args) => {
          const source = await readFile(args.path, 'utf8');
          if (!source.includes(patch.from))
            throw new Error(`${args.path}: no ${patch.from} to rewrite (bundle-services.mjs)`);
          applied.add(patch);
          return { contents: source.split(patch.from).join(patch.to), loader: 'js' };
        });
      }
    },
  };
}

/** The bundles' sources: what SWC made of apps/ and libs/, the lockfile and these scripts; bundled again only when it changes. */
async function fingerprintOf(root, outputs) {
  const hash = createHash('sha256');
  const sources = [...outputs.keys()].filter((file) => /dist\/(apps|libs)\//.test(file)).sort();
  for (const file of sources) hash.update(file).update(outputs.get(file));
  hash.update(await readFile(join(root, 'package-lock.json')));
  hash.update(await readFile(new URL(import.meta.url)));
  hash.update(await readFile(new URL('./service-launch.cjs', import.meta.url)));
  hash.update(await readFile(new URL('./write-atomically.mjs', import.meta.url)));
  return hash.digest('hex');
}

/**
 * Bundles every process and worker into `<dir>/bundles` and writes each process's launcher,
 * `<dir>/<name>.js`, unless nothing they are made of changed. `outputs`: each file SWC wrote
 * into `out` this build, with its code (build.mjs). Returns whether it bundled.
 */
export async function bundleServices(root, out, outputs, dir = join(out, 'services')) {
  const bundles = join(dir, 'bundles');
  const stampFile = join(dir, '.fingerprint');
  const fingerprint = await fingerprintOf(root, outputs);
  if ((await readFile(stampFile, 'utf8').catch(() => '')) === fingerprint) return false;
  const processes = processesOf(out);
  const { build } = await import('esbuild');
  const applied = new Set();
  const result = await build({
    entryPoints: {
      ...Object.fromEntries(processes.map((name) => [name, join(out, 'apps', name, 'src', 'main.js')])),
      ...workersOf(outputs),
    },
    outdir: bundles,
    write: false,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    // Nest, MikroORM and class-validator find classes by name (entities, providers, DTOs in errors).
    keepNames: true,
    // import() as require(), as SWC compiles the platform's own: V8 loses a script's import() callback
    // when the script comes from a code cache (Node 20), and no bundled package needs an ES module.
    supported: { 'dynamic-import': false },
    external: EXTERNAL,
    plugins: [patchedRequires(applied)],
    logLevel: 'warning',
  });
  // A file moved or renamed by an upgrade is as much a change as text that moved.
  const missed = PATCHES.filter((patch) => !applied.has(patch)).map((patch) => patch.file);
  if (missed.length) throw new Error(`no bundled file matches ${missed.join(', ')} (bundle-services.mjs)`);
  await mkdir(bundles, { recursive: true });
  for (const file of result.outputFiles) await writeAtomically(file.path, file.contents);
  // The replaced bundles' code caches and kept values (keptBesideBundle): nothing would use them, as each is
  // headed by its bundle's digest.
  for (const entry of await readdir(bundles)) {
    if (entry.endsWith('.code-cache') || entry.endsWith('.json')) await rm(join(bundles, entry), { force: true });
  }
  await writeAtomically(join(dir, 'launch.cjs'), await readFile(new URL('./service-launch.cjs', import.meta.url)));
  for (const name of processes) {
    await writeAtomically(
      join(dir, `${name}.js`),
      `// ${name}: built by scripts/bundle-services.mjs; run with node.\n` +
        `require('./launch.cjs')(require('node:path').join(__dirname, 'bundles', '${name}.js'));\n`,
    );
  }
  await writeFile(stampFile, fingerprint);
  return true;
}
