/**
 * What of an unexpected error may be logged. Database errors carry the failing row's
 * values in their message and `detail` (e.g. "Key (email)=(...) already exists"), and
 * ORM errors inline the query parameters, so only names, codes and stack frames survive.
 */
export interface SafeErrorDescription {
  name: string;
  code?: string;
  constraint?: string;
  table?: string;
  stack?: string;
}

export function describeError(error: unknown): SafeErrorDescription {
  // Duck-typed: errors of Node's own sockets may come from another realm (no instanceof Error).
  if (typeof error !== 'object' || error === null || typeof (error as Error).stack !== 'string') {
    return { name: typeof error };
  }
  const e = error as Error & { code?: unknown; constraint?: unknown; table?: unknown; sqlState?: unknown };
  const frames = (e.stack ?? '')
    .split('\n')
    .filter((line) => line.trimStart().startsWith('at '))
    .slice(0, 12)
    .join('\n');
  const description: SafeErrorDescription = { name: String(e.name), stack: frames };
  const code = e.code ?? e.sqlState;
  if (typeof code === 'string' || typeof code === 'number') description.code = String(code);
  if (typeof e.constraint === 'string') description.constraint = e.constraint;
  if (typeof e.table === 'string') description.table = e.table;
  return description;
}
