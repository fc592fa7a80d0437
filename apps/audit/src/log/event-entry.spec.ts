import { EventEnvelope, isUuid, PUPILS_IMPORTED } from '@pt/contracts';
import { entriesOf, entryFieldsOf, safeDetail } from './event-entry';

const event = (data: Record<string, unknown>, extra: Partial<EventEnvelope> = {}): EventEnvelope => ({
  id: '0193a0b0-0000-7000-8000-000000000001',
  subject: 'evt.identity.support-grant.entered',
  occurredAt: '2026-11-25T10:00:00.000Z',
  tenantId: '0193a0b0-0000-7000-8000-0000000000aa',
  actor: { id: '0193a0b0-0000-7000-8000-0000000000bb', kind: 'platform', roles: ['support'], supportGrantId: 'g-1' },
  requestId: 'req-1',
  data,
  ...extra,
});

describe('what the audit log records of an event (P24: ids only)', () => {
  it('takes actor, grant, action and the most specific subject from the event', () => {
    const fields = entryFieldsOf(
      event({ grantId: '0193a0b0-0000-7000-8000-0000000000cc', sessionId: 's-1', supportUserId: 'u' }),
    );
    expect(fields).toMatchObject({
      actorId: '0193a0b0-0000-7000-8000-0000000000bb',
      actorKind: 'platform',
      supportGrantId: 'g-1',
      action: 'identity.support-grant.entered',
      subjectType: 'support-grant',
      subjectId: '0193a0b0-0000-7000-8000-0000000000cc',
      requestId: 'req-1',
      ip: null,
    });
    expect(fields.occurredAt.toISOString()).toBe('2026-11-25T10:00:00.000Z');
  });

  it('keeps ids, codes, numbers and booleans, and drops free text and personal fields', () => {
    expect(
      safeDetail({
        userId: '0193a0b0-0000-7000-8000-0000000000bb',
        kind: 'staff',
        count: 3,
        optIn: false,
        email: 'a@b.test',
        firstName: 'Alice',
        note: 'long free text with spaces',
        fields: ['firstName', 'lastName', 'a b'],
        nested: { code: 'x1', text: 'Hello there' },
      }),
    ).toEqual({
      userId: '0193a0b0-0000-7000-8000-0000000000bb',
      kind: 'staff',
      count: 3,
      optIn: false,
      fields: ['firstName', 'lastName'],
      nested: { code: 'x1' },
    });
  });

  it('has no subject when the data names none, and a platform-level event has no tenant', () => {
    const fields = entryFieldsOf(event({ retired: [] }, { tenantId: null, subject: 'evt.identity.thing.done' }));
    expect(fields).toMatchObject({ tenantId: null, subjectType: null, subjectId: null });
  });

  it("an import batch's one event makes each pupil's entry its own pupil.created or pupil.updated made, with an event id of its own", () => {
    const [a, b, c] = [
      '0193a0b0-0000-7000-8000-0000000000d1',
      '0193a0b0-0000-7000-8000-0000000000d2',
      '0193a0b0-0000-7000-8000-0000000000d3',
    ];
    const importId = '0193a0b0-0000-7000-8000-0000000000e1';
    const batch = event(
      { importId, created: [a, b, 'not-an-id'], updated: [{ pupilId: c, fields: ['yearGroup', 'fsm'] }] },
      { subject: PUPILS_IMPORTED.subject },
    );
    const entries = entriesOf(batch);
    expect(entries.map((e) => [e.fields.action, e.fields.subjectType, e.fields.subjectId])).toEqual([
      ['pupil-records.pupil.created', 'pupil', a],
      ['pupil-records.pupil.created', 'pupil', b],
      ['pupil-records.pupil.updated', 'pupil', c],
    ]);
    expect(entries[0].fields).toMatchObject({ actorId: batch.actor.id, requestId: 'req-1', tenantId: batch.tenantId });
    expect(entries[0].fields.detail).toEqual({ pupilId: a, importId });
    expect(entries[2].fields.detail).toEqual({ pupilId: c, fields: ['yearGroup', 'fsm'], importId });
    const ids = entries.map((e) => e.eventId);
    expect(ids.every(isUuid)).toBe(true);
    expect(new Set([...ids, batch.id]).size).toBe(4);
    // A redelivery derives the same ids (audit_entry.event_id is unique).
    expect(entriesOf(batch).map((e) => e.eventId)).toEqual(ids);
    expect(entriesOf(event({ pupilId: a }, { subject: 'evt.pupil-records.pupil.created' }))).toEqual([
      { fields: expect.objectContaining({ subjectId: a }), eventId: batch.id },
    ]);
  });
});
