/**
 * Finds the error codes written as literals where errors are raised, so a spec can hold them
 * to the catalogues in libs/contracts (ERROR_CATALOGUES): a code a client may switch on is
 * declared before it is used. Read: `BusException.<kind>('code', …)`, `new ImportRefused('code', …)`,
 * the gateway's `problem(status, 'code', …)`, and `code: 'code'` in error bodies. A template
 * literal (`user.${field}_taken`) must match at least one declared code.
 */
import { SourceFile } from './boundaries';

export interface RaisedCode {
  file: string;
  line: number;
  /** As written; a template literal keeps its `${…}` parts. */
  code: string;
}

const RAISERS = [
  /BusException\.\w+\(\s*(['`])((?:(?!\1).)+)\1/g,
  /new ImportRefused\(\s*(['`])((?:(?!\1).)+)\1/g,
  /\bproblem\(\s*[\w.]+\s*,\s*(['`])((?:(?!\1).)+)\1/g,
  /\bcode:\s*(['`])((?:(?!\1).)+)\1/g,
];

/** Specs raise made-up codes on purpose; only source counts. */
function isSource(path: string): boolean {
  return /^(apps|libs)\//.test(path) && !/\.(spec|int-spec|e2e-spec)\.ts$/.test(path);
}

export function raisedCodes(files: readonly SourceFile[]): RaisedCode[] {
  const raised: RaisedCode[] = [];
  for (const file of files) {
    if (!isSource(file.path)) continue;
    for (const pattern of RAISERS) {
      for (const match of file.text.matchAll(pattern)) {
        const before = file.text.slice(0, match.index);
        if (/^\s*(\*|\/\/|\/\*)/.test(before.slice(before.lastIndexOf('\n') + 1))) continue; // a comment's example
        const line = before.split('\n').length;
        raised.push({ file: file.path, line, code: match[2] });
      }
    }
  }
  return raised;
}

/** Whether a raised code is one of `declared` (a template literal: whether it can be one). */
export function isDeclared(code: string, declared: ReadonlySet<string>): boolean {
  if (!code.includes('${')) return declared.has(code);
  const shape = new RegExp(
    `^${code
      .split(/\$\{[^}]*\}/)
      .map((part) => part.replace(/[.*+?^$()|[\]\\]/g, '\\$&'))
      .join('[a-z0-9_]+')}$`,
  );
  return [...declared].some((candidate) => shape.test(candidate));
}

export function undeclaredCodes(files: readonly SourceFile[], declared: ReadonlySet<string>): RaisedCode[] {
  return raisedCodes(files).filter((raised) => !isDeclared(raised.code, declared));
}

/** Where a test expects a code: `code: '…'` in an expected body, or `.code).toBe('…')`. */
const ASSERTIONS = [/\bcode:\s*'([a-z][a-z0-9_]*(?:\.[a-z][a-z0-9_]*)?)'/g, /\.code\)\.toBe\('([a-z][a-z0-9_.]*)'\)/g];

/**
 * The codes the end-to-end suites and integration specs expect a service to answer with (a
 * renamed code leaves an assertion that can no longer pass; this finds it without running it).
 * Numeric codes (Postgres SQLSTATEs) are not ours and are not read.
 */
export function assertedCodes(files: readonly SourceFile[]): RaisedCode[] {
  const asserted: RaisedCode[] = [];
  for (const file of files) {
    if (!file.path.startsWith('test/') && !file.path.endsWith('.int-spec.ts')) continue;
    for (const pattern of ASSERTIONS) {
      for (const match of file.text.matchAll(pattern)) {
        asserted.push({ file: file.path, line: file.text.slice(0, match.index).split('\n').length, code: match[1] });
      }
    }
  }
  return asserted;
}
