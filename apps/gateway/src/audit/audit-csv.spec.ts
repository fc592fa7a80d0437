import { AuditEntryView } from '@pt/contracts';
import { auditEntriesCsv } from './audit-csv';

describe('audit CSV export', () => {
  it('neutralises formula-leading cells with the shared rule and keeps the header line', () => {
    const entry = {
      occurredAt: '2026-11-01T10:00:00.000Z',
      sequence: 7,
      action: 'identity.user.created',
      actorKind: 'user',
      actorId: '=HYPERLINK("http://x")',
      supportGrantId: null,
      subjectType: 'user',
      subjectId: '@SUM(1+1)',
      requestId: 'r1',
      ip: null,
      eventId: 'e1',
      id: 'a1',
      detail: { n: 1 },
      hash: 'h',
    } as unknown as AuditEntryView;
    const [header, line] = auditEntriesCsv([entry]).split('\r\n');
    expect(header.split(',')[0]).toBe('occurredAt');
    expect(line).toContain(`"'=HYPERLINK(""http://x"")"`);
    expect(line).toContain("'@SUM(1+1)");
    expect(line.startsWith('2026-11-01T10:00:00.000Z,7,identity.user.created,')).toBe(true);
  });
});
