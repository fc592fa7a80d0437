import {
  ADD_ASSESSMENT_POINT,
  ADOPT_ASSESSMENT_TEMPLATE,
  ANALYSE_MEASURE,
  ANALYSE_SCHOOLS,
  AnalysisView,
  CREATE_FRAMEWORK,
  FrameworkView,
  GET_PUPIL_ATTRIBUTES,
  GET_TRANSITION_CELL,
  GET_TRANSITION_MATRIX,
  LIST_SUPPORT_GRANTS,
  PUPIL_CREATED,
  PUPIL_ERASED,
  PUPIL_RESTRICTED,
  PUPIL_UPDATED,
  PupilAttributes,
  SAVE_RESULT_GRID,
  SupportGrantView,
} from '@pt/contracts';
import { aPlatformUser, aSchool, anEvent, aStaff, pupilAttributes, PupilRecordsStandIn, SchoolRef } from '@pt/testing';
import { ServiceHarness } from '@pt/testing/service-harness';
import { randomUUID } from 'node:crypto';
import { PLATFORM_SCOPE, UnitOfWork } from '@pt/persistence';
import { startAssessmentHarness } from '../assessment.harness';
import { AnalysisRepository, AnalysisSelection } from './analysis.repository';

describe('group analysis and transition matrices (issue 13, items 5 and 6; assessment service)', () => {
  let assessment: ServiceHarness;
  const records = new PupilRecordsStandIn();
  const school = aSchool();
  const second = aSchool();
  const ungranted = aSchool();
  const [classA, classB] = [randomUUID(), randomUUID()];
  const head = aStaff(school, { roles: ['senior-leader'] });
  const teacherA = aStaff(school, { roles: ['teacher'], classGroupIds: [classA] });
  const support = aPlatformUser({ roles: ['support'] });
  // p0..p6 in class A, p7..p11 in class B; p6, p7, p8 and p10 eligible for FSM (and FSM6).
  const pupils: PupilAttributes[] = Array.from({ length: 12 }, (_, i) =>
    pupilAttributes(randomUUID(), {
      changedAt: '2025-09-01T08:00:00.000Z',
      classGroupId: i < 7 ? classA : classB,
      fsm: [6, 7, 8, 10].includes(i),
      fsm6: [6, 7, 8, 10].includes(i),
    }),
  );
  const summerValues = ['SEC', 'SEC', 'SEC', 'SEC', 'MAS', 'SEC', 'DEV', 'DEV', 'EMG', 'SEC', 'DEV', 'MAS'];
  const ids: Record<string, { autumn: string; summer: string; reading: string }> = {};

  const system = (s: SchoolRef) => ({ tenantId: s.id, actor: { id: null, kind: 'system' as const, roles: [] } });
  const change = async (i: number, changes: Partial<PupilAttributes>, at: string) => {
    pupils[i] = { ...pupils[i], ...changes, version: pupils[i].version + 1, changedAt: at };
    records.put(school.id, pupils[i]);
    await assessment.deliver(
      anEvent(PUPIL_UPDATED, { pupilId: pupils[i].pupilId, fields: Object.keys(changes) }, system(school)),
    );
  };

  /** A framework 2025/26 with the steps scale, Autumn and Summer points, each pupil's Reading at both. */
  async function setUpSchool(s: SchoolRef, attributes: PupilAttributes[], values: string[]): Promise<void> {
    const leader = aStaff(s, { roles: ['senior-leader'] });
    records.put(s.id, ...attributes);
    for (const p of attributes) await assessment.deliver(anEvent(PUPIL_CREATED, { pupilId: p.pupilId }, system(s)));
    let framework: FrameworkView = await assessment.call(
      CREATE_FRAMEWORK,
      { academicYear: '2025/26', name: 'Tracking' },
      leader,
    );
    await assessment.call(ADOPT_ASSESSMENT_TEMPLATE, { frameworkId: framework.id, templateKey: 'steps' }, leader);
    await assessment.call(
      ADD_ASSESSMENT_POINT,
      { frameworkId: framework.id, name: 'Autumn', date: '2025-10-20' },
      leader,
    );
    framework = await assessment.call(
      ADD_ASSESSMENT_POINT,
      { frameworkId: framework.id, name: 'Summer', date: '2026-07-10' },
      leader,
    );
    const point = (name: string) => framework.points.find((p) => p.name === name)!.id;
    ids[s.id] = {
      autumn: point('Autumn'),
      summer: point('Summer'),
      reading: framework.measures.find((m) => m.name === 'Reading')!.id,
    };
    const { autumn, summer, reading } = ids[s.id];
    await assessment.call(
      SAVE_RESULT_GRID,
      { pointId: autumn, cells: attributes.map((p) => ({ pupilId: p.pupilId, measureId: reading, value: 'DEV' })) },
      leader,
    );
    await assessment.call(
      SAVE_RESULT_GRID,
      {
        pointId: summer,
        cells: attributes.map((p, i) => ({ pupilId: p.pupilId, measureId: reading, value: values[i] })),
      },
      leader,
    );
  }

  const analyse = (caller = head) =>
    assessment.call(
      ANALYSE_MEASURE,
      { pointId: ids[school.id].summer, measureId: ids[school.id].reading, baselinePointId: ids[school.id].autumn },
      caller,
    );
  /**
   * The trust roll-up's figures as result_group_sum sums them, against the full statement over
   * every result and period (what one school's analysis runs): equal, with and without a baseline.
   */
  const expectSummedEqualsFull = async () => {
    const selections = (withBaseline: boolean): AnalysisSelection[] =>
      [school, second].map((s) => ({
        tenantId: s.id,
        measureId: ids[s.id].reading,
        pointId: ids[s.id].summer,
        pointDate: '2026-07-10',
        baselinePointId: withBaseline ? ids[s.id].autumn : null,
        baselineMeasureId: withBaseline ? ids[s.id].reading : null,
        baselinePointDate: withBaseline ? '2025-10-20' : null,
      }));
    for (const withBaseline of [true, false]) {
      const chosen = selections(withBaseline);
      expect(AnalysisRepository.canSum(chosen)).toBe(true);
      const [summed, full] = await assessment.get(UnitOfWork).run(PLATFORM_SCOPE, async (em) => {
        const repository = new AnalysisRepository(em);
        return [
          await repository.summedSums(chosen),
          await repository.sums(chosen, { classGroupScope: null, bySchool: true }),
        ];
      });
      expect(summed).toEqual(full);
      // One school's analysis (as a senior leader's) sums it too.
      const [one, oneFull] = await assessment.get(UnitOfWork).run(PLATFORM_SCOPE, async (em) => {
        const repository = new AnalysisRepository(em);
        return [
          await repository.summedSums(chosen.slice(0, 1), { bySchool: false }),
          await repository.sums(chosen.slice(0, 1), { classGroupScope: null, bySchool: false }),
        ];
      });
      expect(one).toEqual(oneFull);
    }
  };
  const group = (view: AnalysisView, dimension: string, value: string | null) =>
    view.groups.find((g) => g.dimension === dimension && g.value === value);

  beforeAll(async () => {
    assessment = await startAssessmentHarness();
    assessment.answer(GET_PUPIL_ATTRIBUTES, records.answer);
    const grant = (s: SchoolRef, permissions: string[]): SupportGrantView => ({
      id: randomUUID(),
      schoolId: s.id,
      grantedBy: randomUUID(),
      reason: 'Trust analysis',
      permissions,
      startsAt: '2026-01-01T00:00:00.000Z',
      expiresAt: '2036-01-01T00:00:00.000Z',
      revokedAt: null,
      active: true,
    });
    assessment.answer(LIST_SUPPORT_GRANTS, () => ({
      items: [
        grant(school, ['assessments:read']),
        grant(second, ['assessments:read']),
        grant(ungranted, ['pupils:read']),
      ],
    }));
    await setUpSchool(school, pupils, summerValues);
    await setUpSchool(
      second,
      Array.from({ length: 6 }, () => pupilAttributes(randomUUID(), { changedAt: '2025-09-01T08:00:00.000Z' })),
      Array(6).fill('SEC'),
    );
  });

  afterAll(async () => {
    await assessment?.stop();
  });

  it('gives the share at expected, average points and progress from the baseline for the cohort and every group, with gaps to the rest', async () => {
    const view = await analyse();
    expect(view.total).toEqual({
      pupils: 12,
      atExpected: 8,
      shareAtExpected: 66.7,
      averagePoints: 2.75,
      averageProgress: 0.75,
      pupilsWithBaseline: 12,
    });
    // Class B: 2 of 5 at expected (40%) against class A's 6 of 7 (85.7%): 45.7 points behind, 2 whole pupils.
    expect(group(view, 'class', classB)).toEqual({
      dimension: 'class',
      value: classB,
      pupils: 5,
      atExpected: 2,
      shareAtExpected: 40,
      averagePoints: 2.4,
      averageProgress: 0.4,
      pupilsWithBaseline: 5,
      gapShare: -45.7,
      gapPoints: -0.6,
      gapPupils: -2,
    });
    // One year group: nobody to compare with.
    expect(group(view, 'year', '5')).toMatchObject({ pupils: 12, gapShare: null, gapPoints: null, gapPupils: null });
  });

  it('suppresses groups under 5 as [c], and the complementary group so the hidden one cannot be worked out from the total', async () => {
    const view = await analyse();
    // FSM: 4 pupils, hidden; not FSM (8) would give it away as 12 − 8, so it is hidden too.
    expect(group(view, 'fsm', 'yes')).toMatchObject({ pupils: '[c]', shareAtExpected: '[c]', gapPupils: '[c]' });
    expect(group(view, 'fsm', 'no')).toMatchObject({ pupils: '[c]', averagePoints: '[c]', gapShare: '[c]' });
    expect(group(view, 'disadvantaged', 'no')).toMatchObject({ pupils: '[c]' });
    expect(group(view, 'class', classA)).toMatchObject({ pupils: 7 });
  });

  it('P19: a teacher limited to class groups analyses only their pupils', async () => {
    const view = await analyse(teacherA);
    expect(view.total).toMatchObject({ pupils: 7, atExpected: 6 });
    expect(view.groups.filter((g) => g.dimension === 'class').map((g) => g.value)).toEqual([classA]);
  });

  it('a transition matrix counts pupils by their two results, and a cell drills to its pupils', async () => {
    const request = {
      fromPointId: ids[school.id].autumn,
      fromMeasureId: ids[school.id].reading,
      toPointId: ids[school.id].summer,
      toMeasureId: ids[school.id].reading,
    };
    const matrix = await assessment.call(GET_TRANSITION_MATRIX, request, head);
    expect(matrix.from.axis.map((a) => a.key)).toEqual(['EMG', 'DEV', 'SEC', 'MAS']);
    expect(matrix.pupils).toBe(12);
    expect(matrix.cells.filter((c) => c.pupils > 0)).toEqual([
      { fromKey: 'DEV', toKey: 'EMG', pupils: 1 },
      { fromKey: 'DEV', toKey: 'DEV', pupils: 3 },
      { fromKey: 'DEV', toKey: 'SEC', pupils: 6 },
      { fromKey: 'DEV', toKey: 'MAS', pupils: 2 },
    ]);
    const cell = await assessment.call(GET_TRANSITION_CELL, { ...request, fromKey: 'DEV', toKey: 'MAS' }, head);
    expect(cell.pupils.map((p) => p.pupilId)).toEqual([pupils[4].pupilId, pupils[11].pupilId].sort());
    expect(cell.pupils[0]).toMatchObject({ fromValue: 'DEV', toValue: 'MAS', yearGroup: '5' });
    const mine = await assessment.call(GET_TRANSITION_CELL, { ...request, fromKey: 'DEV', toKey: 'MAS' }, teacherA);
    expect(mine.pupils.map((p) => p.pupilId)).toEqual([pupils[4].pupilId]);
  });

  it('pools the schools whose grants let platform support read assessments, pupils not school averages', async () => {
    const view = await assessment.call(
      ANALYSE_SCHOOLS,
      { academicYear: '2025/26', measureName: 'Reading', pointName: 'Summer', baselinePointName: 'Autumn' },
      support,
    );
    expect(view.schoolIds).toEqual([school.id, second.id].sort());
    expect(view.total).toMatchObject({ pupils: 18, atExpected: 14, averageProgress: 0.83 });
    expect(group(view, 'school', second.id)).toMatchObject({ pupils: 6, shareAtExpected: 100 });
    await expectSummedEqualsFull();
    const refused = await assessment.attempt(
      ANALYSE_SCHOOLS,
      { academicYear: '2025/26', measureName: 'Reading', pointName: 'Summer', schoolIds: [ungranted.id] },
      support,
    );
    expect(refused).toMatchObject({ kind: 'not_found', errors: [{ field: 'schoolIds[0]' }] });
    const staff = await assessment.attempt(
      ANALYSE_SCHOOLS,
      { academicYear: '2025/26', measureName: 'Reading', pointName: 'Summer' },
      head,
    );
    expect(staff).toMatchObject({ kind: 'forbidden' });
  });

  it('groups pupils by their attributes at the point’s date: a later change of class or flags leaves last year’s analysis as it was', async () => {
    const before = await analyse();
    await change(0, { classGroupId: classB, fsm: true, fsm6: true }, '2026-09-10T08:00:00.000Z');
    expect(await analyse()).toEqual(before);
    await expectSummedEqualsFull();
  });

  it('keeps the trust roll-up’s summed figures equal to the full computation as results change, baselines included', async () => {
    const leader = aStaff(school, { roles: ['senior-leader'] });
    const { autumn, summer, reading } = ids[school.id];
    // A baseline raised, a result changed and a new pupil's first results: each in its own save.
    await assessment.call(
      SAVE_RESULT_GRID,
      { pointId: autumn, cells: [{ pupilId: pupils[2].pupilId, measureId: reading, value: 'SEC' }] },
      leader,
    );
    await assessment.call(
      SAVE_RESULT_GRID,
      {
        pointId: summer,
        cells: [
          { pupilId: pupils[3].pupilId, measureId: reading, value: 'EMG' },
          { pupilId: pupils[5].pupilId, measureId: reading, value: 'MAS' },
        ],
      },
      leader,
    );
    await expectSummedEqualsFull();
    await assessment.call(
      SAVE_RESULT_GRID,
      {
        pointId: summer,
        cells: [
          { pupilId: pupils[3].pupilId, measureId: reading, value: 'SEC' },
          { pupilId: pupils[5].pupilId, measureId: reading, value: 'SEC' },
        ],
      },
      leader,
    );
    await assessment.call(
      SAVE_RESULT_GRID,
      { pointId: autumn, cells: [{ pupilId: pupils[2].pupilId, measureId: reading, value: 'DEV' }] },
      leader,
    );
    await expectSummedEqualsFull();
  });

  it('P18: a pupil whose processing is restricted is left out; P17: an erased pupil is gone, from the trust roll-up’s sums too', async () => {
    pupils[11] = {
      ...pupils[11],
      restricted: true,
      version: pupils[11].version + 1,
      changedAt: '2026-09-11T08:00:00.000Z',
    };
    records.put(school.id, pupils[11]);
    await assessment.deliver(
      anEvent(
        PUPIL_RESTRICTED,
        { pupilId: pupils[11].pupilId, restrictionId: randomUUID(), kind: 'restriction' },
        system(school),
      ),
    );
    const restricted = await analyse();
    expect(restricted.total).toMatchObject({ pupils: 11, atExpected: 7 });
    // Class B is down to 4: hidden, and class A with it.
    expect(group(restricted, 'class', classB)).toMatchObject({ pupils: '[c]' });
    expect(group(restricted, 'class', classA)).toMatchObject({ pupils: '[c]' });
    await expectSummedEqualsFull();
    await assessment.deliver(
      anEvent(
        PUPIL_ERASED,
        { pupilId: pupils[9].pupilId, erasureId: randomUUID(), requestedBy: 'school' },
        system(school),
      ),
    );
    const erased = await analyse();
    expect(erased.total).toMatchObject({ pupils: 10, atExpected: 6 });
    await expectSummedEqualsFull();
    // The trust roll-up (summed) leaves both out too.
    const pooled = await assessment.call(
      ANALYSE_SCHOOLS,
      { academicYear: '2025/26', measureName: 'Reading', pointName: 'Summer', baselinePointName: 'Autumn' },
      support,
    );
    expect(group(pooled, 'school', school.id)).toMatchObject({ pupils: 10, atExpected: 6 });
    // Nothing of the erased pupil waits in the notes of results written since the sums were read.
    const [{ noted }] = await assessment
      .get(UnitOfWork)
      .run(PLATFORM_SCOPE, (em) =>
        em.execute<Array<{ noted: number }>>(
          'select count(*)::int as noted from result_group_sum_pending where pupil_id = ?',
          [pupils[9].pupilId],
        ),
      );
    expect(noted).toBe(0);
  });

  it('keeps the summed figures equal when one statement updates a pupil’s result at one point and inserts another of the same measure', async () => {
    const { autumn, summer, reading } = ids[school.id];
    const pupilId = pupils[4].pupilId;
    const write = (sql: string, params: unknown[]) =>
      assessment.get(UnitOfWork).run(PLATFORM_SCOPE, (em) => em.execute(sql, params));
    await write(
      'delete from assessment_result where tenant_id = ? and pupil_id = ? and measure_id = ? and point_id = ?',
      [school.id, pupilId, reading, summer],
    );
    await expectSummedEqualsFull();
    // INSERT … ON CONFLICT DO UPDATE: autumn's result updated, summer's inserted, both triggers fired.
    await write(
      `insert into assessment_result as r (id, tenant_id, pupil_id, measure_id, point_id, value, points, recorded_at)
       select gen_random_uuid(), ?, ?, ?, x.point_id, x.value, x.points, now()
         from (values (?::uuid, 'EMG', 1::float8), (?::uuid, 'MAS', 4::float8)) x(point_id, value, points)
       on conflict (tenant_id, point_id, measure_id, pupil_id) do update set value = excluded.value, points = excluded.points`,
      [school.id, pupilId, reading, autumn, summer],
    );
    await expectSummedEqualsFull();
  });
});
