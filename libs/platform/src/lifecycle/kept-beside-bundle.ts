import { readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';

/** What scripts/service-launch.cjs records of the bundle a process was started from. */
export interface LaunchedBundle {
  /** dist/services/bundles/<name>.js */
  file: string;
  /** SHA-256 of the bundle, hex. */
  digest: string;
}

/** Where the launcher leaves it: a registered symbol, so the bundle's code finds it without an import from scripts/. */
const LAUNCHED_BUNDLE = Symbol.for('pt.launched-bundle');

export function launchedBundle(): LaunchedBundle | undefined {
  return (globalThis as { [LAUNCHED_BUNDLE]?: LaunchedBundle })[LAUNCHED_BUNDLE];
}

/**
 * A value that follows from the bundle's code alone, made by the first process started from that
 * bundle and read back by the next, as V8's code cache is: `<bundle>.<name>.json`, headed by the
 * bundle's digest, so a rebuilt bundle makes its own. Where the process was not started from a
 * bundle (dist/apps, jest) or the file cannot be written (a read-only image), it is made every time.
 * Either way the caller gets the value as JSON gives it back, so the first start serves exactly
 * what later starts read.
 */
export function keptBesideBundle<T>(name: string, make: () => T, bundle = launchedBundle()): T {
  if (!bundle) return make();
  const file = bundle.file.replace(/\.js$/, `.${name}.json`);
  try {
    const kept = JSON.parse(readFileSync(file, 'utf8')) as { digest?: unknown; value?: T };
    if (kept.digest === bundle.digest && kept.value !== undefined) return kept.value;
  } catch {
    // None yet, or not readable as JSON: made below.
  }
  const text = JSON.stringify({ digest: bundle.digest, value: make() });
  const temporary = `${file}.${process.pid}.tmp`;
  try {
    writeFileSync(temporary, text);
    // Whole or not at all, for replicas starting together.
    renameSync(temporary, file);
  } catch {
    // Not writable: made again at the next start. A missing temporary file is no error with `force`.
    rmSync(temporary, { force: true });
  }
  return (JSON.parse(text) as { value: T }).value;
}
