import { FinancePageRequest } from '@pt/contracts';
import { decodeCursor, encodeCursor } from '@pt/persistence';
import { BusException } from '@pt/platform';

/** Where a finance list's page starts: after the row at (changedAt, id), changed at or after `since`. */
export interface FinancePage {
  limit: number;
  after: { changedAt: string; id: string } | null;
  since: string | null;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const DEFAULT_LIMIT = 50;
const MAX_LIMIT = 200;

/**
 * A finance list request read and checked (400 naming the field). The cursor carries the
 * last row's updated_at as Postgres printed it (microseconds, UTC), not a JS date, so a
 * row changed within the same millisecond as another is neither skipped nor repeated.
 * Ids and change times are no personal data: the cursor is merely encoded, not sealed.
 */
export function financePageOf(request: FinancePageRequest): FinancePage {
  const limit = request.limit ?? DEFAULT_LIMIT;
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_LIMIT) {
    throw BusException.validation([{ field: 'limit', message: `must be a whole number from 1 to ${MAX_LIMIT}` }]);
  }
  let after: FinancePage['after'] = null;
  if (request.cursor !== undefined) {
    const position = typeof request.cursor === 'string' ? decodeCursor(request.cursor) : null;
    if (!position || typeof position.key !== 'string' || !isInstant(position.key) || !UUID.test(position.id)) {
      throw BusException.validation([{ field: 'cursor', message: 'is not a cursor of this list' }]);
    }
    after = { changedAt: position.key, id: position.id };
  }
  let since: string | null = null;
  if (request.updatedSince !== undefined) {
    if (typeof request.updatedSince !== 'string' || !isInstant(request.updatedSince)) {
      throw BusException.validation([{ field: 'updated_since', message: 'must be an ISO 8601 date and time' }]);
    }
    since = new Date(request.updatedSince).toISOString();
  }
  return { limit, after, since };
}

/** The next page's cursor, from the last row of a page fetched `limit + 1` long. */
export function nextCursorOf<T extends { changed_at: string; id: string }>(rows: T[], limit: number): string | null {
  if (rows.length <= limit) return null;
  const last = rows[limit - 1];
  return encodeCursor({ key: last.changed_at, id: last.id });
}

function isInstant(value: string): boolean {
  return (
    /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?(Z|[+-]\d{2}:\d{2})$/.test(value) &&
    !Number.isNaN(Date.parse(value))
  );
}

/**
 * One keyset page of a billing table for the finance API: rows changed at or after `since`,
 * after the cursor's row, in (changedAt, id) order, `limit + 1` of them (the extra one says
 * whether there is a next page), each with `changed_at` printed for the next cursor. Table
 * and column names are the repositories' constants, never input. Runs on the table's
 * (changedAt, id) index.
 */
export function financePageQuery(
  table: string,
  changedAt: 'updated_at' | 'created_at' | 'charged_at',
  page: FinancePage,
  where = 'true',
): { sql: string; params: unknown[] } {
  return {
    sql: `select t.*, to_char(t.${changedAt} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') as changed_at
            from ${table} t
           where ${where}
             and (?::timestamptz is null or t.${changedAt} >= ?::timestamptz)
             and (?::timestamptz is null or (t.${changedAt}, t.id) > (?::timestamptz, ?::uuid))
           order by t.${changedAt}, t.id
           limit ?`,
    params: [
      page.since,
      page.since,
      page.after?.changedAt ?? null,
      page.after?.changedAt ?? null,
      page.after?.id ?? null,
      page.limit + 1,
    ],
  };
}

/** A page's rows as entities, each with what its next cursor needs. */
export type FinancePageRows<T> = Array<{ entity: T; changed_at: string; id: string }>;
