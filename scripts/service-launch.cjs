'use strict';
// Starts a process from its bundle (dist/services/bundles/<name>.js, see bundle-services.mjs)
// with V8's code cache kept beside it (<name>.code-cache): the functions a previous run of the
// same bundle compiled, from its start to its exit, are read back instead of compiled again. A
// whole stack of six processes started in 5-6 s of CPU from cached bundles on a 2-core machine,
// against 8.5-10.7 s from the bundles alone and 11-13 s from dist/apps; the test suite starts one
// stack for each of about seventy end-to-end files.
// A run that found no cache, one made from another bundle, or one V8 refused (another V8 or
// other flags) writes its own at exit; where dist/ is read-only it compiles as Node would and writes nothing.
const { createHash } = require('node:crypto');
const { readFileSync, renameSync, rmSync, writeFileSync } = require('node:fs');
const Module = require('node:module');
const { dirname } = require('node:path');
const vm = require('node:vm');

/** Bytes of the SHA-256 of the bundle that head a cache file. */
const DIGEST_BYTES = 32;

module.exports = function launch(bundle) {
  const cacheFile = bundle.replace(/\.js$/, '.code-cache');
  const source = readFileSync(bundle);
  // V8 checks a cache against the length of the source only (and its own version and flags): a
  // rebuilt bundle of the same length would run the code of the one before. The file starts with
  // the digest of the bundle it was made from, and is used only for that bundle.
  const digest = createHash('sha256').update(source).digest();
  let cachedData;
  try {
    const file = readFileSync(cacheFile);
    if (file.length > DIGEST_BYTES && file.subarray(0, DIGEST_BYTES).equals(digest)) {
      cachedData = file.subarray(DIGEST_BYTES);
    }
  } catch {
    cachedData = undefined;
  }
  // No import() callback: a script read from a code cache loses it (Node 20), so the bundles have
  // none (bundle-services.mjs compiles import() to require()).
  const script = new vm.Script(Module.wrap(source.toString('utf8')), { filename: bundle, cachedData });
  if (cachedData === undefined || script.cachedDataRejected) {
    process.once('exit', () => {
      const temporary = `${cacheFile}.${process.pid}.tmp`;
      try {
        writeFileSync(temporary, Buffer.concat([digest, script.createCachedData()]));
        renameSync(temporary, cacheFile);
      } catch {
        // Not writable: the next start compiles again. Nothing thrown from here changes the exit.
        try {
          rmSync(temporary, { force: true });
        } catch {
          // nothing was written
        }
      }
    });
  }
  // What the bundle's code may keep beside it, made once per bundle (keptBesideBundle in @pt/platform).
  globalThis[Symbol.for('pt.launched-bundle')] = { file: bundle, digest: digest.toString('hex') };
  const module = new Module(bundle, null);
  module.filename = bundle;
  module.paths = Module._nodeModulePaths(dirname(bundle));
  script.runInThisContext()(module.exports, Module.createRequire(bundle), module, bundle, dirname(bundle));
};
