import { EventEnvelope, PUPIL_CREATED, PUPILS_IMPORTED } from '@pt/contracts';
import { PLATFORM_SCOPE, UnitOfWork } from '@pt/persistence';
import { ServiceHarness } from '@pt/testing/service-harness';
import { uuid7 } from '@pt/platform';
import { startAuditHarness } from '../audit.harness';
import { AuditEntryRepository, NewAuditEntry } from './audit-entry.repository';
import { APPEND_CHUNK, AuditLogService } from './audit-log.service';

describe('P24: appending a batch of import events holds one chunk of entries at a time (audit service)', () => {
  let audit: ServiceHarness;

  beforeAll(async () => {
    audit = await startAuditHarness();
  });

  afterAll(async () => {
    await audit?.stop();
  });

  const envelope = (tenantId: string, subject: string, data: Record<string, unknown>): EventEnvelope => ({
    id: uuid7(),
    subject,
    occurredAt: new Date().toISOString(),
    tenantId,
    actor: { kind: 'staff', id: uuid7() } as EventEnvelope['actor'],
    requestId: uuid7(),
    data,
  });

  it('P24: batch events making more entries than a chunk are inserted chunk by chunk, each chain unbroken and in order', async () => {
    const schools = [uuid7(), uuid7()];
    const events: EventEnvelope[] = [];
    const expected = new Map<string, string[]>(schools.map((school) => [school, []]));
    for (let batch = 0; batch < 4; batch++) {
      for (const school of schools) {
        const created = Array.from({ length: 1000 }, () => uuid7());
        events.push(envelope(school, PUPILS_IMPORTED.subject, { importId: uuid7(), created, updated: [] }));
        expected.get(school)!.push(...created);
        const single = uuid7();
        events.push(envelope(school, PUPIL_CREATED.subject, { pupilId: single }));
        expected.get(school)!.push(single);
      }
    }
    const inserted: number[] = [];
    const original = AuditEntryRepository.prototype.insertAll;
    const insertAll = jest.spyOn(AuditEntryRepository.prototype, 'insertAll').mockImplementation(function (
      this: AuditEntryRepository,
      entries: NewAuditEntry[],
    ) {
      inserted.push(entries.length);
      return original.call(this, entries);
    });
    try {
      await audit.get(UnitOfWork).run(PLATFORM_SCOPE, (em) => audit.get(AuditLogService).appendAll(em, events));
    } finally {
      insertAll.mockRestore();
    }
    // 8,008 entries, never more than a chunk in one insert.
    expect(inserted.reduce((sum, n) => sum + n, 0)).toBe(8008);
    expect(Math.max(...inserted)).toBeLessThanOrEqual(APPEND_CHUNK);
    expect(inserted.length).toBeGreaterThan(1);
    for (const school of schools) {
      const rows = await audit.sql<{ subject_id: string; sequence: string }>(
        'select subject_id, sequence from audit_entry where chain = $1 order by sequence',
        [school],
      );
      expect(rows.map((row) => row.subject_id)).toEqual(expected.get(school));
      expect(rows.map((row) => Number(row.sequence))).toEqual(rows.map((_row, i) => i + 1));
      expect(await audit.get(AuditLogService).verify(school)).toMatchObject({ ok: true, entries: 4004 });
    }
  });
});
