import { EventEnvelope } from '@pt/contracts';
import { entryFieldsOf, safeDetail } from './event-entry';

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
});
