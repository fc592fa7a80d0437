/**
 * Keyset pagination: a cursor names the last row of a page by its sort key and id, so a
 * page costs the same however deep it is, and rows added meanwhile are neither skipped
 * nor repeated. Opaque to clients (base64url JSON).
 */
export interface CursorPosition {
  /** The sort key of the last row (ISO time, text or number). */
  key: string | number;
  id: string;
}

export function encodeCursor(position: CursorPosition): string {
  return Buffer.from(JSON.stringify([position.key, position.id])).toString('base64url');
}

/** Null for a cursor that is not one of ours (the caller answers 400 naming the field). */
export function decodeCursor(cursor: string): CursorPosition | null {
  try {
    const value: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString());
    if (Array.isArray(value) && value.length === 2 && typeof value[1] === 'string') {
      const [key, id] = value as [unknown, string];
      if (typeof key === 'string' || typeof key === 'number') return { key, id };
    }
  } catch {
    // fall through
  }
  return null;
}

/** Splits a fetched `limit + 1` rows into the page and the next cursor. */
export function pageOf<T>(rows: T[], limit: number, positionOf: (row: T) => CursorPosition) {
  const items = rows.slice(0, limit);
  const nextCursor = rows.length > limit ? encodeCursor(positionOf(items[items.length - 1])) : null;
  return { items, nextCursor };
}
