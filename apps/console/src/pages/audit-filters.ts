// The audit trail's filters between the page's address and the API (P24). The address holds
// ids, codes and calendar dates only; the date range is the browser's days taken whole, sent
// as instants (the API's `to` is exclusive, so it is the midnight after the last day). Pure,
// so the unit project tests the arithmetic.

export interface AuditFilters {
  actorId: string;
  action: string;
  subjectType: string;
  subjectId: string;
  /** Calendar dates (YYYY-MM-DD) in the browser's zone. */
  fromDate: string;
  toDate: string;
}

export const FILTER_KEYS: (keyof AuditFilters)[] = [
  'actorId',
  'action',
  'subjectType',
  'subjectId',
  'fromDate',
  'toDate',
];

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** A YYYY-MM-DD date that exists, else null. */
function calendarDate(text: string): [number, number, number] | null {
  const match = DATE.exec(text);
  if (!match) return null;
  const [year, month, day] = match.slice(1).map(Number);
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCMonth() === month - 1 && date.getUTCDate() === day ? [year, month, day] : null;
}

/** The filters an address holds; a date that is not one is left out rather than sent. */
export function filtersFrom(params: URLSearchParams): AuditFilters {
  const read = (key: keyof AuditFilters) => params.get(key)?.trim() ?? '';
  const date = (key: 'fromDate' | 'toDate') => (calendarDate(read(key)) ? read(key) : '');
  return {
    actorId: read('actorId'),
    action: read('action'),
    subjectType: read('subjectType'),
    subjectId: read('subjectId'),
    fromDate: date('fromDate'),
    toDate: date('toDate'),
  };
}

/** The address for these filters: the set ones only, trimmed. */
export function paramsOf(filters: AuditFilters): URLSearchParams {
  const params = new URLSearchParams();
  for (const key of FILTER_KEYS) if (filters[key].trim()) params.set(key, filters[key].trim());
  return params;
}

/** Midnight in the browser's zone at the start of a date, `addDays` later, as an instant. */
function startOfDay(date: string, addDays = 0): string | undefined {
  const parts = calendarDate(date);
  if (!parts) return undefined;
  const [year, month, day] = parts;
  return new Date(year, month - 1, day + addDays).toISOString();
}

/** The API's filter: from the first day's midnight up to (not including) the midnight after the last. */
export function apiFilter(filters: AuditFilters) {
  return {
    actorId: filters.actorId,
    action: filters.action,
    subjectType: filters.subjectType,
    subjectId: filters.subjectId,
    from: startOfDay(filters.fromDate),
    to: startOfDay(filters.toDate, 1),
  };
}
