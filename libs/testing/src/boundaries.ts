/**
 * The import boundaries of the repository, checked by reading the source rather than by
 * review: an app never imports another app (they talk over NATS only), a lib never imports
 * an app, nothing outside scripts/ imports from scripts/ (scripts are entry points, not
 * modules), and libs/contracts imports no package at all, not even a node builtin, because
 * the web client compiles the same files.
 *
 * `checkBoundaries` is pure (files in, violations out) so its own spec can feed it a
 * deliberate violation; `readSourceFiles` is what the real check feeds it.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, posix, relative, sep } from 'node:path';
import { preProcessFile } from 'typescript';

/** A TypeScript file, its path relative to the repository root with forward slashes. */
export interface SourceFile {
  path: string;
  text: string;
}

export type BoundaryRule =
  | 'app → another app'
  | 'lib → app'
  | 'source → scripts'
  | 'spec → scripts'
  | 'libs/contracts → package';

export interface BoundaryViolation {
  rule: BoundaryRule;
  file: string;
  /** The specifier as written in the import. */
  imports: string;
}

/** The folders whose .ts files the check reads. */
export const CHECKED_ROOTS = ['apps', 'libs', 'scripts', 'test'] as const;

/** `@pt/<lib>` and `@pt/<lib>/<path>` as tsconfig.json's paths (and jest's moduleNameMapper) map them. */
const PATH_ALIAS = /^@pt\/([^/]+)(?:\/(.*))?$/;

/**
 * Every module specifier in a file: static imports and re-exports (including `import type`
 * and side-effect imports), dynamic `import()` and `require()`. TypeScript's own pre-processor
 * reads them, so comments and strings that merely mention a path are not imports.
 */
export function importsOf(text: string): string[] {
  return preProcessFile(text, true, true).importedFiles.map((imported) => imported.fileName);
}

/** Where a specifier points: a repository path (no extension needed) or, for a package, null. */
export function resolveImport(fromFile: string, specifier: string): string | null {
  if (specifier.startsWith('.')) return posix.normalize(posix.join(posix.dirname(fromFile), specifier));
  const alias = PATH_ALIAS.exec(specifier);
  if (alias) return posix.join('libs', alias[1], 'src', alias[2] ?? '');
  return null;
}

type Area = { kind: 'app' | 'lib'; name: string } | { kind: 'scripts' | 'test' };

function areaOf(path: string): Area | null {
  const [root, name] = path.split('/');
  if (root === 'apps' && name) return { kind: 'app', name };
  if (root === 'libs' && name) return { kind: 'lib', name };
  if (root === 'scripts') return { kind: 'scripts' };
  if (root === 'test') return { kind: 'test' };
  return null;
}

/** Unit, integration and end-to-end specs, and the support files of test/. */
function isTestCode(path: string): boolean {
  return path.startsWith('test/') || /\.(spec|int-spec|e2e-spec)\.ts$/.test(path);
}

export function checkBoundaries(files: readonly SourceFile[]): BoundaryViolation[] {
  const violations: BoundaryViolation[] = [];
  for (const file of files) {
    const from = areaOf(file.path);
    if (!from) continue;
    for (const specifier of importsOf(file.text)) {
      const target = resolveImport(file.path, specifier);
      const to = target === null ? null : areaOf(target);
      const report = (rule: BoundaryRule) => violations.push({ rule, file: file.path, imports: specifier });
      if (from.kind === 'lib' && from.name === 'contracts') {
        if (target === null || !target.startsWith('libs/contracts/')) report('libs/contracts → package');
      }
      if (!to) continue;
      if (from.kind === 'app' && to.kind === 'app' && from.name !== to.name) report('app → another app');
      if (from.kind === 'lib' && to.kind === 'app') report('lib → app');
      if (from.kind !== 'scripts' && to.kind === 'scripts') {
        report(isTestCode(file.path) ? 'spec → scripts' : 'source → scripts');
      }
    }
  }
  return violations;
}

/** Every .ts file under the checked roots of the repository at `root`. */
export function readSourceFiles(root: string): SourceFile[] {
  const files: SourceFile[] = [];
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      if (entry.name === 'node_modules' || entry.name === 'dist' || entry.name.startsWith('.')) continue;
      const full = join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.name.endsWith('.ts')) {
        files.push({ path: relative(root, full).split(sep).join('/'), text: readFileSync(full, 'utf8') });
      }
    }
  };
  for (const top of CHECKED_ROOTS) walk(join(root, top));
  return files;
}

export { REPOSITORY_ROOT } from './repository-root';
