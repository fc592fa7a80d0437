import {
  COMPLETE_RIGHTS_REQUEST,
  EXTEND_RIGHTS_REQUEST,
  FIND_PUPILS,
  FIND_STAFF,
  FindIdsRequest,
  GET_RIGHTS_REQUEST,
  LIST_AUDIT_ENTRIES,
  LIST_RIGHTS_REQUESTS,
  RECORD_IDENTITY_CHECK,
  RECORD_RIGHTS_REQUEST,
  RecordRightsRequest,
  RIGHTS_REQUEST_RECORDED,
  RightsRequestView,
} from '@pt/contracts';
import { aRightsRequest, aSchool, aStaff } from '@pt/testing';
import { ServiceHarness } from '@pt/testing/service-harness';
import { randomUUID } from 'node:crypto';
import { startAuditHarness } from '../audit.harness';

const DAY_MS = 86_400_000;

/** A UTC calendar date `days` from today. */
const dayFromToday = (days: number) => new Date(Date.now() + days * DAY_MS).toISOString().slice(0, 10);

describe('P21, P22: the rights register records requests with their ICO due dates (audit service)', () => {
  let audit: ServiceHarness;
  const school = aSchool();
  const head = aStaff(school);
  const otherHead = aStaff(aSchool());

  const record = (overrides: Partial<RecordRightsRequest> = {}, by = head) =>
    audit.call(RECORD_RIGHTS_REQUEST, aRightsRequest(overrides), by);

  /** P21: a request about a pupil or a parent is completed as done only after the identity check. */
  const checkIdentity = (requestId: string) =>
    audit.call(RECORD_IDENTITY_CHECK, { requestId, method: 'known-to-staff' }, head);

  /** Ids pupil-records and identity say the school does not have (another school's, or nobody's). */
  const strangers = new Set<string>();
  const asked: { pattern: string; tenantId: string | null; actorKind: string; ids: string[] }[] = [];

  beforeAll(async () => {
    audit = await startAuditHarness();
    // Stand-ins for the owners of pupils and staff: every id is the school's but the strangers.
    for (const pattern of [FIND_PUPILS, FIND_STAFF]) {
      audit.answer(
        pattern,
        ({ ctx, data }: { ctx: { tenantId: string | null; actor: { kind: string } }; data: FindIdsRequest }) => {
          asked.push({ pattern: pattern.subject, tenantId: ctx.tenantId, actorKind: ctx.actor.kind, ids: data.ids });
          return { found: data.ids.filter((id) => !strangers.has(id)) };
        },
      );
    }
  });

  afterAll(async () => {
    await audit?.stop();
  });

  it('P21: recording a request gives its due date one calendar month after receipt, and the audit log records it by id', async () => {
    const subjectId = randomUUID();
    const view = await record({
      kind: 'portability',
      subject: { type: 'staff', id: subjectId },
      requestedBy: { type: 'other' },
      receivedOn: '2026-03-31',
    });
    expect(view).toMatchObject({
      kind: 'portability',
      subject: { type: 'staff', id: subjectId },
      requestedBy: { type: 'other', id: null },
      receivedOn: '2026-03-31',
      dueOn: '2026-04-30',
      extendedTo: null,
      status: 'open',
      completion: null,
    });
    expect(await audit.call(GET_RIGHTS_REQUEST, { requestId: view.id }, head)).toMatchObject({
      id: view.id,
      dueOn: '2026-04-30',
    });

    // The event the register staged, delivered to the audit log as the stream would.
    const staged = (await audit.staged(RIGHTS_REQUEST_RECORDED)).filter((e) => e.data.requestId === view.id);
    expect(staged).toHaveLength(1);
    expect(await audit.deliver(staged[0])).toEqual(['processed']);
    const entries = (
      await audit.call(LIST_AUDIT_ENTRIES, { subjectType: 'rights-request', subjectId: view.id, limit: 50 }, head)
    ).items;
    const [entry] = entries.filter((e) => e.action === 'audit.rights-request.recorded');
    expect(entry.detail).toMatchObject({ requestId: view.id, kind: 'portability', subjectType: 'staff', subjectId });
    expect(JSON.stringify(entries)).not.toContain('school office');
  });

  it('P21: a request received 31 January 2026 is due 28 February 2026 (no 31st: the last day of the month)', async () => {
    // Received dates in the future are refused, so the month-end case is one already past.
    const view = await record({ receivedOn: '2026-01-31' });
    expect(view.dueOn).toBe('2026-02-28');
    expect(view.overdue).toBe(view.dueOn < dayFromToday(0));
  });

  it('P21: an extension within the first month moves the due date; a second one or a late one is refused', async () => {
    const today = dayFromToday(0);
    const view = await record({ receivedOn: today });
    const extended = await audit.call(
      EXTEND_RIGHTS_REQUEST,
      { requestId: view.id, months: 2, reason: 'Records are held across several systems' },
      head,
    );
    const expectedTo = (() => {
      const [y, m, d] = view.dueOn.split('-').map(Number);
      const last = new Date(Date.UTC(y, m + 1, 0)).getUTCDate();
      const mm = ((m + 1) % 12) + 1;
      const yy = y + Math.floor((m + 1) / 12);
      return `${yy}-${String(mm).padStart(2, '0')}-${String(Math.min(d, last)).padStart(2, '0')}`;
    })();
    expect(extended).toMatchObject({ dueOn: view.dueOn, extendedTo: expectedTo, overdue: false });
    expect(extended.extension).toMatchObject({ months: 2, reason: 'Records are held across several systems' });
    expect(extended.daysLeft).toBe(Math.round((Date.parse(expectedTo) - Date.parse(today)) / DAY_MS));

    const again = await audit.attempt(
      EXTEND_RIGHTS_REQUEST,
      { requestId: view.id, months: 1, reason: 'Still more' },
      head,
    );
    expect(again).toMatchObject({ kind: 'conflict', code: 'rights_request.already_extended' });

    const late = await record({ receivedOn: '2026-01-05' });
    expect(late.dueOn).toBe('2026-02-05');
    const tooLate = await audit.attempt(
      EXTEND_RIGHTS_REQUEST,
      { requestId: late.id, months: 1, reason: 'Too late' },
      head,
    );
    expect(tooLate).toMatchObject({ kind: 'conflict', code: 'rights_request.extension_too_late' });
    expect((await audit.call(GET_RIGHTS_REQUEST, { requestId: late.id }, head)).extendedTo).toBeNull();
  });

  it('P22: completing a request records the outcome, what was done and when, once', async () => {
    const view = await record({ kind: 'rectification', subject: { type: 'parent', id: randomUUID() } });
    await checkIdentity(view.id);
    const before = Date.now();
    const done = await audit.call(
      COMPLETE_RIGHTS_REQUEST,
      { requestId: view.id, outcome: 'done', summary: 'Contact details corrected in the pupil record' },
      head,
    );
    expect(done).toMatchObject({
      status: 'completed',
      overdue: false,
      daysLeft: null,
      completion: { outcome: 'done', summary: 'Contact details corrected in the pupil record' },
    });
    expect(new Date(done.completion!.completedAt).getTime()).toBeGreaterThanOrEqual(before - 1000);
    expect(done.completion!.completedBy).toBeTruthy();

    const twice = await audit.attempt(
      COMPLETE_RIGHTS_REQUEST,
      { requestId: view.id, outcome: 'refused', summary: 'x' },
      head,
    );
    expect(twice).toMatchObject({ kind: 'conflict', code: 'rights_request.already_completed' });
    const extendDone = await audit.attempt(EXTEND_RIGHTS_REQUEST, { requestId: view.id, months: 1, reason: 'x' }, head);
    expect(extendDone.kind).toBe('conflict');

    const completed = await audit.call(LIST_RIGHTS_REQUESTS, { status: 'completed', limit: 50 }, head);
    expect(completed.items.map((i) => i.id)).toEqual([view.id]);
  });

  it('P21: the register lists overdue requests (open and past their due date) with dueOn, extendedTo, daysLeft', async () => {
    const overdue = await record({ kind: 'erasure', receivedOn: '2026-01-05' });
    expect(overdue).toMatchObject({ dueOn: '2026-02-05', overdue: true });
    expect(overdue.daysLeft).toBeLessThan(0);
    const closedLate = await record({ kind: 'objection', receivedOn: '2026-01-06' });
    await checkIdentity(closedLate.id);
    await audit.call(
      COMPLETE_RIGHTS_REQUEST,
      { requestId: closedLate.id, outcome: 'partly-done', summary: 'Objection upheld for marketing only' },
      head,
    );
    const items = (await audit.call(LIST_RIGHTS_REQUESTS, { overdue: true, limit: 50 }, head)).items;
    expect(items.map((i) => i.id)).toContain(overdue.id);
    expect(items.map((i) => i.id)).not.toContain(closedLate.id);
    for (const item of items) {
      expect(item.overdue).toBe(true);
      expect(item).toHaveProperty('dueOn');
      expect(item).toHaveProperty('extendedTo');
      expect(item.daysLeft).toBeLessThan(0);
    }
    const all = await audit.call(LIST_RIGHTS_REQUESTS, { limit: 2 }, head);
    expect(all.items).toHaveLength(2);
    expect(all.nextCursor).toBeTruthy();
    const next = await audit.call(LIST_RIGHTS_REQUESTS, { limit: 2, cursor: all.nextCursor! }, head);
    const firstIds = all.items.map((i: RightsRequestView) => i.id);
    for (const item of next.items) expect(firstIds).not.toContain(item.id);
  });

  it("P21: another school's request is not found, and its register does not show it", async () => {
    const view = await record();
    expect(await audit.attempt(GET_RIGHTS_REQUEST, { requestId: view.id }, otherHead)).toMatchObject({
      kind: 'not_found',
    });
    expect(
      await audit.attempt(EXTEND_RIGHTS_REQUEST, { requestId: view.id, months: 1, reason: 'x' }, otherHead),
    ).toMatchObject({ kind: 'not_found' });
    expect(
      await audit.attempt(COMPLETE_RIGHTS_REQUEST, { requestId: view.id, outcome: 'done', summary: 'x' }, otherHead),
    ).toMatchObject({ kind: 'not_found' });
    expect((await audit.call(LIST_RIGHTS_REQUESTS, { limit: 50 }, otherHead)).items).toEqual([]);
    expect(await audit.attempt(GET_RIGHTS_REQUEST, { requestId: randomUUID() }, head)).toMatchObject({
      kind: 'not_found',
    });
  });

  it('P22: staff without rights:manage are refused by the audit service itself, whatever reached it', async () => {
    const view = await record();
    const teacher = aStaff(school, { roles: ['teacher'] });
    for (const refusal of [
      await audit.attempt(RECORD_RIGHTS_REQUEST, aRightsRequest(), teacher),
      await audit.attempt(LIST_RIGHTS_REQUESTS, { limit: 50 }, teacher),
      await audit.attempt(GET_RIGHTS_REQUEST, { requestId: view.id }, teacher),
      await audit.attempt(EXTEND_RIGHTS_REQUEST, { requestId: view.id, months: 1, reason: 'x' }, teacher),
      await audit.attempt(COMPLETE_RIGHTS_REQUEST, { requestId: view.id, outcome: 'done', summary: 'x' }, teacher),
    ]) {
      expect(refusal).toMatchObject({ kind: 'forbidden' });
    }
  });

  describe('people of another school (issue 15)', () => {
    it('refuses a request naming a pupil or member of staff the school does not have: 404 naming the field, nothing recorded', async () => {
      const pupil = randomUUID();
      const staff = randomUUID();
      strangers.add(pupil).add(staff);
      asked.length = 0;
      const before = await audit.staged(RIGHTS_REQUEST_RECORDED);

      const aboutPupil = await audit.attempt(
        RECORD_RIGHTS_REQUEST,
        aRightsRequest({ subject: { type: 'pupil', id: pupil } }),
        head,
      );
      expect(aboutPupil).toMatchObject({
        kind: 'not_found',
        code: 'rights_request.person_not_found',
        errors: [{ field: 'subject.id', message: 'is not a pupil of this school' }],
      });
      const byStaff = await audit.attempt(
        RECORD_RIGHTS_REQUEST,
        aRightsRequest({ subject: { type: 'staff', id: randomUUID() }, requestedBy: { type: 'staff', id: staff } }),
        head,
      );
      expect(byStaff).toMatchObject({
        code: 'rights_request.person_not_found',
        errors: [{ field: 'requestedBy.id', message: 'is not a member of staff of this school' }],
      });
      expect(await audit.staged(RIGHTS_REQUEST_RECORDED)).toHaveLength(before.length);
      const { items } = await audit.call(LIST_RIGHTS_REQUESTS, { limit: 200 }, head);
      expect(items.map((r) => r.subject.id)).not.toContain(pupil);

      // One question per owner, in the school's scope, asked by audit itself (the system).
      expect(asked).toEqual([
        { pattern: FIND_PUPILS.subject, tenantId: school.id, actorKind: 'system', ids: [pupil] },
        { pattern: FIND_STAFF.subject, tenantId: school.id, actorKind: 'system', ids: expect.arrayContaining([staff]) },
      ]);
    });

    it('asks nobody about a parent, or a requester with no id', async () => {
      asked.length = 0;
      await record({ subject: { type: 'parent', id: randomUUID() }, requestedBy: { type: 'other' } });
      expect(asked).toEqual([]);
    });
  });
});
