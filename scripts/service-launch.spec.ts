import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const LAUNCHER = join(__dirname, 'service-launch.cjs');

/** A bundle that shows what it was given as a module: its paths, a relative require, exports, and a package. */
const BUNDLE = `
const { basename } = require('node:path');
module.exports.answer = 42;
const local = require('./beside.json');
Promise.resolve().then(() => {
  console.log(JSON.stringify({
    file: basename(__filename),
    dir: basename(__dirname),
    local: local.value,
    exported: module.exports.answer,
    packageFound: typeof require('pg').Client === 'function',
  }));
});
`;

describe('service-launch.cjs (a process started from its bundle and V8 code cache)', () => {
  let dir: string;
  let bundle: string;
  let cache: string;

  const run = () =>
    JSON.parse(
      execFileSync(process.execPath, ['-e', `require(${JSON.stringify(LAUNCHER)})(${JSON.stringify(bundle)})`], {
        encoding: 'utf8',
      }),
    ) as Record<string, unknown>;

  beforeEach(() => {
    // Inside the repository (its git-ignored .data/), so that a package resolves from node_modules as from dist/.
    mkdirSync(join(__dirname, '..', '.data'), { recursive: true });
    dir = mkdtempSync(join(__dirname, '..', '.data', 'service-launch-'));
    mkdirSync(join(dir, 'bundles'));
    bundle = join(dir, 'bundles', 'app.js');
    cache = join(dir, 'bundles', 'app.code-cache');
    writeFileSync(bundle, BUNDLE);
    writeFileSync(join(dir, 'bundles', 'beside.json'), '{"value":"found beside the bundle"}');
  });

  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const expected = {
    file: 'app.js',
    dir: 'bundles',
    local: 'found beside the bundle',
    exported: 42,
    packageFound: true,
  };

  it('runs the bundle as a module of its own file and folder, requiring beside it and from node_modules', () => {
    expect(run()).toEqual(expected);
  });

  it('writes the code cache at the exit of a run that had none, and leaves an accepted one alone', () => {
    run();
    const written = readFileSync(cache);
    expect(written.length).toBeGreaterThan(0);
    const { mtimeMs } = statSync(cache);

    expect(run()).toEqual(expected);
    expect(statSync(cache).mtimeMs).toBe(mtimeMs);
  });

  it('runs from the source when the cache is not for this bundle, and replaces the cache', () => {
    writeFileSync(cache, 'not a code cache');

    expect(run()).toEqual(expected);
    expect(readFileSync(cache, 'utf8')).not.toBe('not a code cache');

    // A rebuilt bundle: V8 refuses the old cache (its source differs) and the run writes a new one.
    const before = readFileSync(cache);
    writeFileSync(bundle, `${BUNDLE}\nmodule.exports.rebuilt = true;\n`);
    expect(run()).toEqual(expected);
    expect(readFileSync(cache).equals(before)).toBe(false);
  });

  it('runs a rebuilt bundle of the same length from its own source, not from the cache of the one before', () => {
    // V8 checks a cache against the source's length only: a one-character change keeps the length.
    writeFileSync(bundle, BUNDLE.replace('answer = 42', 'answer = 41'));
    expect(run()).toEqual({ ...expected, exported: 41 });
    writeFileSync(bundle, BUNDLE);

    expect(run()).toEqual(expected);
    expect(run()).toEqual(expected);
  });

  it('runs, and exits 0, where the cache can be neither read nor written', () => {
    // A directory where the cache would be: reading it and renaming a file onto it both fail, as on a read-only dist/.
    mkdirSync(cache);

    expect(run()).toEqual(expected);
    expect(statSync(cache).isDirectory()).toBe(true);
    expect(readdirSync(join(dir, 'bundles')).sort()).toEqual(['app.code-cache', 'app.js', 'beside.json']);
  });

  it("tells the bundle's code which bundle it runs from, by its file and digest (keptBesideBundle's key)", () => {
    const source = "console.log(JSON.stringify(globalThis[Symbol.for('pt.launched-bundle')]));";
    writeFileSync(bundle, source);

    expect(run()).toEqual({ file: bundle, digest: createHash('sha256').update(source).digest('hex') });
  });
});
