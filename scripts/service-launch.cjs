'use strict';
// Starts a process from its bundle (dist/services/bundles/<name>.js, see bundle-services.mjs)
// with V8's code cache kept beside it (<name>.code-cache): the functions a previous run of the
// same bundle compiled, from its start to its exit, are read back instead of compiled again. A
// whole stack of six processes started in 5-6 s of CPU from cached bundles on a 2-core machine,
// against 8.5-10.7 s from the bundles alone and 11-13 s from dist/apps; the test suite starts one
// stack for each of about seventy end-to-end files.
// A run that found no cache, or one V8 refused (another bundle, another V8 or other flags),
// writes its own at exit; where dist/ is read-only it compiles as Node would and writes nothing.
const { readFileSync, renameSync, rmSync, writeFileSync } = require('node:fs');
const Module = require('node:module');
const { dirname } = require('node:path');
const vm = require('node:vm');

module.exports = function launch(bundle) {
  const cacheFile = bundle.replace(/\.js$/, '.code-cache');
  let cachedData;
  try {
    cachedData = readFileSync(cacheFile);
  } catch {
    cachedData = undefined;
  }
  // No import() callback: a script read from a code cache loses it (Node 20), so the bundles have
  // none (bundle-services.mjs compiles import() to require()).
  const script = new vm.Script(Module.wrap(readFileSync(bundle, 'utf8')), { filename: bundle, cachedData });
  if (cachedData === undefined || script.cachedDataRejected) {
    process.once('exit', () => {
      const temporary = `${cacheFile}.${process.pid}.tmp`;
      try {
        writeFileSync(temporary, script.createCachedData());
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
  const module = new Module(bundle, null);
  module.filename = bundle;
  module.paths = Module._nodeModulePaths(dirname(bundle));
  script.runInThisContext()(module.exports, Module.createRequire(bundle), module, bundle, dirname(bundle));
};
