import { AuditEntryView } from '@pt/contracts';

const COLUMNS: ReadonlyArray<readonly [header: string, value: (entry: AuditEntryView) => unknown]> = [
  ['occurredAt', (e) => e.occurredAt],
  ['sequence', (e) => e.sequence],
  ['action', (e) => e.action],
  ['actorKind', (e) => e.actorKind],
  ['actorId', (e) => e.actorId],
  ['supportGrantId', (e) => e.supportGrantId],
  ['subjectType', (e) => e.subjectType],
  ['subjectId', (e) => e.subjectId],
  ['requestId', (e) => e.requestId],
  ['ip', (e) => e.ip],
  ['eventId', (e) => e.eventId],
  ['id', (e) => e.id],
  ['detail', (e) => JSON.stringify(e.detail)],
  ['hash', (e) => e.hash],
];

/**
 * One CSV cell, safe to open in a spreadsheet: a value that a spreadsheet would run as a
 * formula (starting with = + - @, tab or carriage return) gets a leading single quote
 * (OWASP's advice), then the cell is quoted as RFC 4180 requires.
 */
export function csvCell(value: unknown): string {
  let text = value === null || value === undefined ? '' : String(value);
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) || text !== text.trim() ? `"${text.replace(/"/g, '""')}"` : text;
}

export function auditEntriesCsv(entries: AuditEntryView[]): string {
  const lines = [COLUMNS.map(([header]) => header).join(',')];
  for (const entry of entries) lines.push(COLUMNS.map(([, value]) => csvCell(value(entry))).join(','));
  return `${lines.join('\r\n')}\r\n`;
}
