import {
  ADD_ASSESSMENT_POINT,
  ADOPT_ASSESSMENT_TEMPLATE,
  CREATE_FRAMEWORK,
  GET_PUPIL_ATTRIBUTES,
  RECORD_RESULT,
  SET_TARGETS,
  PUPIL_CREATED,
  PUPIL_ERASED,
  PUPIL_RESTRICTED,
  PUPIL_UPDATED,
  PUPIL_VIEWED,
  PUPILS_IMPORTED,
  PupilAttributes,
} from '@pt/contracts';
import { aSchool, anEvent, aStaff, SchoolRef } from '@pt/testing';
import { ServiceHarness } from '@pt/testing/service-harness';
import { randomUUID } from 'node:crypto';
import { startAssessmentHarness } from '../assessment.harness';
import { PupilPeriodRepository } from './pupil-period.repository';
import { UnitOfWork, tenantScope } from '@pt/persistence';

describe("assessment's read model of pupils, kept from pupil-records' events (issue 13, item 5)", () => {
  let assessment: ServiceHarness;
  /** pupil-records as assessment's questions find it: each school's pupils, latest state. */
  const register = new Map<string, Map<string, PupilAttributes>>();
  const asked: string[][] = [];
  /** Runs once, before pupil-records' next answer: what happens elsewhere meanwhile. */
  let meanwhile: (() => Promise<void>) | undefined;

  const system = (school: SchoolRef) => ({
    tenantId: school.id,
    actor: { id: null, kind: 'system' as const, roles: [] },
  });
  const aPupil = (school: SchoolRef, changes: Partial<PupilAttributes> = {}): PupilAttributes => {
    const pupil: PupilAttributes = {
      pupilId: randomUUID(),
      version: 1,
      changedAt: '2026-09-01T08:00:00.000Z',
      yearGroup: '5',
      classGroupId: randomUUID(),
      gender: 'F',
      ethnicity: 'WBRI',
      senStatus: 'none',
      fsm: false,
      fsm6: false,
      pupilPremium: false,
      eal: false,
      inLaCare: false,
      everInCare: false,
      giftedAndTalented: false,
      entryDate: '2022-09-01',
      leavingDate: null,
      restricted: false,
      ...changes,
    };
    inRegister(school, pupil);
    return pupil;
  };
  const inRegister = (school: SchoolRef, pupil: PupilAttributes) => {
    if (!register.has(school.id)) register.set(school.id, new Map());
    register.get(school.id)!.set(pupil.pupilId, pupil);
  };
  const change = (school: SchoolRef, pupil: PupilAttributes, changes: Partial<PupilAttributes>) => {
    const next = { ...pupil, ...changes, version: pupil.version + 1 };
    inRegister(school, next);
    return next;
  };
  const created = (school: SchoolRef, pupil: PupilAttributes) =>
    anEvent(PUPIL_CREATED, { pupilId: pupil.pupilId }, system(school));
  const updated = (school: SchoolRef, pupil: PupilAttributes, fields: string[]) =>
    anEvent(PUPIL_UPDATED, { pupilId: pupil.pupilId, fields }, system(school));

  const periods = (pupilId: string) =>
    assessment.sql<{ version: number; valid_from: string; valid_to: string | null; fsm: boolean; year_group: string }>(
      `select version, valid_from::text, valid_to::text, fsm, year_group from pupil_period where pupil_id = $1 order by version`,
      [pupilId],
    );
  const asAt = (school: SchoolRef, date: string, ids?: string[]) =>
    assessment
      .get(UnitOfWork)
      .run(tenantScope(school.id), (em) => new PupilPeriodRepository(em).asAt(school.id, date, ids));

  beforeAll(async () => {
    assessment = await startAssessmentHarness();
    assessment.answer(GET_PUPIL_ATTRIBUTES, async ({ ctx, data }) => {
      const before = meanwhile;
      meanwhile = undefined;
      await before?.();
      asked.push(data.ids);
      const pupils = register.get(ctx.tenantId ?? '') ?? new Map<string, PupilAttributes>();
      return { pupils: data.ids.flatMap((id) => (pupils.has(id) ? [pupils.get(id)!] : [])) };
    });
  });

  afterAll(async () => {
    await assessment?.stop();
  });

  it('a pupil created in pupil-records is known to assessment with their attributes; a redelivery changes nothing', async () => {
    const school = aSchool();
    const pupil = aPupil(school, { fsm: true, eal: true });
    const event = created(school, pupil);
    expect(await assessment.deliver(event)).toEqual(['processed']);
    expect(await assessment.deliver(event)).toEqual(['duplicate']);
    const rows = await periods(pupil.pupilId);
    expect(rows).toEqual([{ version: 1, valid_from: '-infinity', valid_to: null, fsm: true, year_group: '5' }]);
  });

  it('a change opens a new period from the time it was made, so the attributes as at an earlier date are kept', async () => {
    const school = aSchool();
    let pupil = aPupil(school, { fsm: false });
    await assessment.deliver(created(school, pupil));
    pupil = change(school, pupil, { fsm: true, fsm6: true, changedAt: '2027-01-10T10:00:00.000Z' });
    await assessment.deliver(updated(school, pupil, ['fsm', 'fsm6']));

    const [before] = await asAt(school, '2026-10-23', [pupil.pupilId]);
    expect(before).toMatchObject({ fsm: false, fsm6: false, disadvantaged: false, version: 1 });
    const [sameDay] = await asAt(school, '2027-01-10', [pupil.pupilId]);
    expect(sameDay).toMatchObject({ fsm: true, disadvantaged: true, version: 2 });
    expect((await periods(pupil.pupilId)).map((p) => p.valid_to === null)).toEqual([false, true]);
  });

  it('a late or replayed event cannot bring back an older state: the version only goes up', async () => {
    const school = aSchool();
    const first = aPupil(school, { yearGroup: '5' });
    await assessment.deliver(created(school, first));
    const second = change(school, first, { yearGroup: '6', changedAt: '2027-07-20T10:00:00.000Z' });
    await assessment.deliver(updated(school, second, ['yearGroup']));
    // pupil-records answering an older state (a replica's stale read, an answer overtaken by another).
    inRegister(school, first);
    expect(await assessment.deliver(created(school, first))).toEqual(['processed']);
    expect(await assessment.deliver(updated(school, first, ['yearGroup']))).toEqual(['processed']);
    const rows = await periods(first.pupilId);
    expect(rows.map((r) => [r.version, r.year_group, r.valid_to === null])).toEqual([
      [1, '5', false],
      [2, '6', true],
    ]);
  });

  it('two transactions opening the same new pupil at once both succeed, and the newer version is the open one', async () => {
    const school = aSchool();
    const older = aPupil(school, { yearGroup: '5' });
    const newer: PupilAttributes = { ...older, version: 2, yearGroup: '6', changedAt: '2026-10-01T08:00:00.000Z' };
    const unitOfWork = assessment.get(UnitOfWork);
    // The first holds its transaction open after its insert; the second's insert meets it.
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    let firstApplied!: () => void;
    const applied = new Promise<void>((resolve) => (firstApplied = resolve));
    const first = unitOfWork.run(tenantScope(school.id), async (em) => {
      const changed = await new PupilPeriodRepository(em).apply(school.id, [older]);
      firstApplied();
      await held;
      return changed;
    });
    await applied;
    const second = unitOfWork.run(tenantScope(school.id), (em) =>
      new PupilPeriodRepository(em).apply(school.id, [newer]),
    );
    setTimeout(release, 200);
    expect(await Promise.all([first, second])).toEqual([1, 1]);
    expect((await periods(older.pupilId)).map((r) => [r.version, r.year_group, r.valid_to === null])).toEqual([
      [1, '5', false],
      [2, '6', true],
    ]);

    // The other way round: the older version arriving second changes nothing.
    const late = aPupil(school);
    const lateNewer: PupilAttributes = { ...late, version: 2, yearGroup: '6' };
    let releaseNewer!: () => void;
    const heldNewer = new Promise<void>((resolve) => (releaseNewer = resolve));
    let newerApplied!: () => void;
    const appliedNewer = new Promise<void>((resolve) => (newerApplied = resolve));
    const winner = unitOfWork.run(tenantScope(school.id), async (em) => {
      const changed = await new PupilPeriodRepository(em).apply(school.id, [lateNewer]);
      newerApplied();
      await heldNewer;
      return changed;
    });
    await appliedNewer;
    const loser = unitOfWork.run(tenantScope(school.id), (em) =>
      new PupilPeriodRepository(em).apply(school.id, [late]),
    );
    setTimeout(releaseNewer, 200);
    expect(await Promise.all([winner, loser])).toEqual([1, 0]);
    expect((await periods(late.pupilId)).map((r) => [r.version, r.valid_to === null])).toEqual([[2, true]]);
  });

  it("an import batch's one event brings in every pupil it created and every attribute it changed, and no name-only change", async () => {
    const school = aSchool();
    const known = aPupil(school, { fsm: false });
    const renamed = aPupil(school);
    await assessment.deliver(created(school, known));
    await assessment.deliver(created(school, renamed));
    const fresh = Array.from({ length: 250 }, () => aPupil(school, { yearGroup: '3' }));
    const moved = change(school, known, { fsm: true, changedAt: '2027-02-01T10:00:00.000Z' });
    const before = asked.length;
    const event = anEvent(
      PUPILS_IMPORTED,
      {
        importId: randomUUID(),
        created: fresh.map((p) => p.pupilId),
        updated: [
          { pupilId: moved.pupilId, fields: ['fsm'] },
          { pupilId: renamed.pupilId, fields: ['legalSurname'] },
        ],
      },
      system(school),
    );
    expect(await assessment.deliver(event)).toEqual(['processed']);
    expect(await assessment.deliver(event)).toEqual(['duplicate']);
    const now = await asAt(school, '2099-01-01');
    expect(now.filter((p) => p.year_group === '3')).toHaveLength(250);
    expect(now.find((p) => p.pupil_id === known.pupilId)).toMatchObject({ fsm: true, version: 2 });
    // At most MAX_FIND_IDS ids a question; the name-only change is not asked about.
    const questions = asked.slice(before);
    expect(questions.flat()).toHaveLength(251);
    expect(questions.flat()).not.toContain(renamed.pupilId);
  });

  it('an update of names or contacts only, or a read of the pupil, is not asked about', async () => {
    const school = aSchool();
    const pupil = aPupil(school);
    await assessment.deliver(created(school, pupil));
    const before = asked.length;
    await assessment.deliver(updated(school, pupil, ['legalForename', 'preferredSurname']));
    // Under the consumer's one wildcard filter, and left alone.
    expect(await assessment.deliver(anEvent(PUPIL_VIEWED, { pupilId: pupil.pupilId }, system(school)))).toEqual([
      'processed',
    ]);
    expect(asked.length).toBe(before);
  });

  it("restriction is kept (P18), and another school's pupil named in an event is not taken in", async () => {
    const school = aSchool();
    let pupil = aPupil(school);
    await assessment.deliver(created(school, pupil));
    pupil = change(school, pupil, { restricted: true });
    await assessment.deliver(
      anEvent(
        PUPIL_RESTRICTED,
        { pupilId: pupil.pupilId, restrictionId: randomUUID(), kind: 'restriction' },
        system(school),
      ),
    );
    const [now] = await asAt(school, '2099-01-01', [pupil.pupilId]);
    expect(now.restricted).toBe(true);

    const other = aSchool();
    await assessment.deliver(created(other, pupil));
    expect(await asAt(other, '2099-01-01')).toEqual([]);
  });

  it('a result entered for a pupil whose created event is applied while the save asks pupil-records about them is saved', async () => {
    const school = aSchool();
    const pupil = aPupil(school);
    const head = aStaff(school, { roles: ['senior-leader'] });
    let framework = await assessment.call(CREATE_FRAMEWORK, { academicYear: '2026/27', name: 'Race' }, head);
    framework = await assessment.call(
      ADOPT_ASSESSMENT_TEMPLATE,
      { frameworkId: framework.id, templateKey: 'steps' },
      head,
    );
    framework = await assessment.call(
      ADD_ASSESSMENT_POINT,
      { frameworkId: framework.id, name: 'Autumn 1', date: '2026-10-23' },
      head,
    );
    // The consumer opens the pupil between the save's look at the read model and its own apply.
    meanwhile = async () => {
      await assessment.deliver(created(school, pupil));
    };
    const saved = await assessment.call(
      RECORD_RESULT,
      { pupilId: pupil.pupilId, measureId: framework.measures[0].id, pointId: framework.points[0].id, value: 'DEV' },
      head,
    );
    expect(saved).toMatchObject({ pupilId: pupil.pupilId, value: 'DEV' });
    expect(meanwhile).toBeUndefined();
    expect((await periods(pupil.pupilId)).map((r) => [r.version, r.valid_to === null])).toEqual([[1, true]]);
  });

  it("P17: erasure removes the pupil's results, history and targets and the read model, and a late created event does not bring them back", async () => {
    const school = aSchool();
    const pupil = aPupil(school);
    await assessment.deliver(created(school, pupil));
    const head = aStaff(school, { roles: ['senior-leader'] });
    let framework = await assessment.call(CREATE_FRAMEWORK, { academicYear: '2026/27', name: 'Tracking' }, head);
    framework = await assessment.call(
      ADOPT_ASSESSMENT_TEMPLATE,
      { frameworkId: framework.id, templateKey: 'steps' },
      head,
    );
    framework = await assessment.call(
      ADD_ASSESSMENT_POINT,
      { frameworkId: framework.id, name: 'Autumn 1', date: '2026-10-23' },
      head,
    );
    const measureId = framework.measures[0].id;
    const result = { pupilId: pupil.pupilId, measureId, pointId: framework.points[0].id };
    await assessment.call(RECORD_RESULT, { ...result, value: 'DEV' }, head);
    await assessment.call(RECORD_RESULT, { ...result, value: 'SEC' }, head);
    await assessment.call(
      SET_TARGETS,
      { pupilId: pupil.pupilId, measureId, targets: [{ kind: 'minimum', value: 'SEC' }] },
      head,
    );
    expect(
      await assessment.sql('select id from assessment_result_history where pupil_id = $1', [pupil.pupilId]),
    ).toHaveLength(2);
    await assessment.deliver(
      anEvent(PUPIL_ERASED, { pupilId: pupil.pupilId, erasureId: randomUUID(), requestedBy: 'school' }, system(school)),
    );
    expect(await periods(pupil.pupilId)).toEqual([]);
    expect(await assessment.sql('select id from assessment_result where pupil_id = $1', [pupil.pupilId])).toEqual([]);
    expect(
      await assessment.sql('select id from assessment_result_history where pupil_id = $1', [pupil.pupilId]),
    ).toEqual([]);
    expect(await assessment.sql('select id from assessment_target where pupil_id = $1', [pupil.pupilId])).toEqual([]);
    // The answer still has them (pupil-records' read raced the erasure): the id kept here wins.
    await assessment.deliver(created(school, pupil));
    expect(await periods(pupil.pupilId)).toEqual([]);
  });

  it("the attributes of a whole school as at a date are one query's rows, one per pupil known then", async () => {
    const school = aSchool();
    const pupils = Array.from({ length: 3 }, () => aPupil(school));
    for (const p of pupils) await assessment.deliver(created(school, p));
    const moved = change(school, pupils[0], { classGroupId: randomUUID(), changedAt: '2027-02-01T09:00:00.000Z' });
    await assessment.deliver(updated(school, moved, ['classGroupId']));
    const autumn = await asAt(school, '2026-12-01');
    expect(autumn.map((r) => r.pupil_id).sort()).toEqual(pupils.map((p) => p.pupilId).sort());
    expect(autumn.find((r) => r.pupil_id === pupils[0].pupilId)!.class_group_id).toBe(pupils[0].classGroupId);
    const spring = await asAt(school, '2027-03-01');
    expect(spring.find((r) => r.pupil_id === pupils[0].pupilId)!.class_group_id).toBe(moved.classGroupId);
  });
});
