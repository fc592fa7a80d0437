import { AuditEntryView } from '@pt/contracts';
import { csvDocument } from '@pt/platform';

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

/** The audit trail as CSV, every cell neutralised against formula injection (the platform's one rule). */
export function auditEntriesCsv(entries: AuditEntryView[]): string {
  return csvDocument(COLUMNS, entries);
}
