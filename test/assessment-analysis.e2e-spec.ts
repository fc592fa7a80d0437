import { AnalysisView, FrameworkView, TransitionCellPupilsView, TransitionMatrixView } from '@pt/contracts';
import { School, Staff, World } from '@pt/testing';

// The analysis rules (attributes as at the date, suppression and its complement, P17, P18,
// P19, the roll-up's grants) are specified on the assessment service alone, in
// apps/assessment/src/analysis/analysis.int-spec.ts and group-figures.spec.ts; here, through
// the gateway: the routes, their permissions, their refusals, a complementary suppression,
// attributes as they stood at the point, and the service behind them.
describe('assessment analysis through the gateway', () => {
  let world: World;
  let school: School;
  let other: School;
  let head: Staff;
  let otherHead: Staff;
  const ids = new Map<string, { autumn: string; summer: string; reading: string }>();
  const people = new Map<string, { admin: Staff; pupils: string[] }>();

  /** A school's pupils with a Reading result at two points; `fields[i]` overrides pupil i's record. */
  async function tracked(s: School, summer: string[], fields: Record<string, unknown>[] = []): Promise<Staff> {
    const admin = await world.staff(s, ['school-admin']);
    const leader = await world.staff(s, ['senior-leader']);
    const pupils: string[] = [];
    for (let i = 0; i < summer.length; i++) pupils.push((await world.pupil(admin, fields[i] ?? {})).id);
    people.set(s.id, { admin, pupils });
    const created = await world.call(leader, 'POST', '/api/v1/assessment/frameworks', {
      academicYear: '2026/27',
      name: 'Tracking',
    });
    const frameworkId = (created.body as FrameworkView).id;
    await world.call(leader, 'POST', `/api/v1/assessment/frameworks/${frameworkId}/templates`, {
      templateKey: 'steps',
    });
    await world.call(leader, 'POST', `/api/v1/assessment/frameworks/${frameworkId}/points`, {
      name: 'Autumn',
      date: '2026-10-01',
    });
    const framework = (
      await world.call(leader, 'POST', `/api/v1/assessment/frameworks/${frameworkId}/points`, {
        name: 'Summer',
        date: '2026-11-20',
      })
    ).body as FrameworkView;
    const at = (name: string) => framework.points.find((p) => p.name === name)!.id;
    const set = {
      autumn: at('Autumn'),
      summer: at('Summer'),
      reading: framework.measures.find((m) => m.name === 'Reading')!.id,
    };
    ids.set(s.id, set);
    for (const [point, values] of [
      [set.autumn, summer.map(() => 'DEV')],
      [set.summer, summer],
    ] as const) {
      const saved = await world.call(leader, 'PUT', `/api/v1/assessment/points/${point}/results`, {
        cells: pupils.map((pupilId, i) => ({ pupilId, measureId: set.reading, value: values[i] })),
      });
      expect(saved.status).toBe(200);
    }
    return leader;
  }

  beforeAll(async () => {
    world = await World.start({
      label: 'assessanalysis',
      processes: ['gateway', 'identity', 'pupil-records', 'assessment'],
    });
    school = await world.school({ signed: true });
    // One boy among six: a gender group under 5, and the girls' group that would give him away.
    head = await tracked(school, ['SEC', 'SEC', 'MAS', 'DEV', 'SEC', 'EMG'], [{ gender: 'M' }]);
    other = await world.school({ signed: true });
    otherHead = await tracked(other, ['SEC', 'SEC', 'SEC', 'SEC', 'SEC']);
  });

  afterAll(async () => {
    await world?.stop();
  });

  it('analyses a measure at a point with progress from a baseline point, by every group', async () => {
    const { autumn, summer, reading } = ids.get(school.id)!;
    const reply = await world.call(
      head,
      'GET',
      `/api/v1/assessment/points/${summer}/analysis?measureId=${reading}&baselinePointId=${autumn}`,
    );
    expect(reply.status).toBe(200);
    const view = reply.body as AnalysisView;
    expect(view.total).toEqual({
      pupils: 6,
      atExpected: 4,
      shareAtExpected: 66.7,
      averagePoints: 2.67,
      averageProgress: 0.67,
      pupilsWithBaseline: 6,
    });
    expect(view.groups.find((g) => g.dimension === 'year')).toMatchObject({ pupils: 6 });
    expect(new Set(view.groups.map((g) => g.dimension))).toEqual(
      new Set([
        'year',
        'class',
        'gender',
        'ethnicity',
        'sen',
        'fsm',
        'fsm6',
        'pupilPremium',
        'disadvantaged',
        'eal',
        'inCare',
        'giftedAndTalented',
      ]),
    );
  });

  it('hides a group under 5 as [c], and the complementary group that the total would give it away by', async () => {
    const { autumn, summer, reading } = ids.get(school.id)!;
    const view = (
      await world.call(
        head,
        'GET',
        `/api/v1/assessment/points/${summer}/analysis?measureId=${reading}&baselinePointId=${autumn}`,
      )
    ).body as AnalysisView;
    // One boy (under 5: hidden); five girls would show him as 6 − 5, so they are hidden with him.
    const gender = view.groups.filter((g) => g.dimension === 'gender');
    expect(gender).toHaveLength(2);
    for (const group of gender) {
      expect(group).toMatchObject({ pupils: '[c]', shareAtExpected: '[c]', averagePoints: '[c]', gapShare: '[c]' });
    }
    // The six together are shown, and so is a group of all six.
    expect(view.total.pupils).toBe(6);
    expect(view.groups.find((g) => g.dimension === 'year')).toMatchObject({ pupils: 6 });
  });

  it('groups pupils by their attributes as they stood at the point: a flag set today leaves the summer analysis as it was', async () => {
    const { autumn, summer, reading } = ids.get(school.id)!;
    const { admin, pupils } = people.get(school.id)!;
    const analyse = async () =>
      (
        await world.call(
          head,
          'GET',
          `/api/v1/assessment/points/${summer}/analysis?measureId=${reading}&baselinePointId=${autumn}`,
        )
      ).body as AnalysisView;
    const fsmGroups = (view: AnalysisView) =>
      view.groups.filter((g) => g.dimension === 'fsm').map((g) => ({ value: g.value, pupils: g.pupils }));
    const before = fsmGroups(await analyse());
    expect(before).toEqual([{ value: 'no', pupils: 6 }]);

    const changed = await world.call(
      admin,
      'PATCH',
      `/api/v1/pupils/${pupils[1]}`,
      { fsm: true },
      {
        headers: { 'if-match': '"1"' },
      },
    );
    expect(changed.status).toBe(200);
    // Assessment's read model opens the pupil's new period from today (after the summer point).
    await world.until(
      async () =>
        (await world.sql('assessment', 'select 1 from pupil_period where pupil_id = $1', [pupils[1]])).length === 2,
      15_000,
    );
    expect(fsmGroups(await analyse())).toEqual(before);
  });

  it('refuses a bad query with problem+json naming the field, and another school’s point with 404', async () => {
    const { summer, reading } = ids.get(school.id)!;
    const bad = await world.call(head, 'GET', `/api/v1/assessment/points/${summer}/analysis?measureId=nope`);
    expect(bad.status).toBe(400);
    expect(bad.body.errors).toEqual([expect.objectContaining({ field: 'measureId' })]);
    const foreign = await world.call(
      otherHead,
      'GET',
      `/api/v1/assessment/points/${summer}/analysis?measureId=${reading}`,
    );
    expect(foreign.status).toBe(404);
    expect(foreign.body.code).toBe('assessment_point.not_found');
  });

  it('a transition matrix and the pupils of one of its cells', async () => {
    const { autumn, summer, reading } = ids.get(school.id)!;
    const sides = `fromPointId=${autumn}&fromMeasureId=${reading}&toPointId=${summer}&toMeasureId=${reading}`;
    const matrix = await world.call(head, 'GET', `/api/v1/assessment/transition-matrix?${sides}`);
    expect(matrix.status).toBe(200);
    const cells = (matrix.body as TransitionMatrixView).cells.filter((c) => c.pupils > 0);
    expect(cells).toEqual([
      { fromKey: 'DEV', toKey: 'EMG', pupils: 1 },
      { fromKey: 'DEV', toKey: 'DEV', pupils: 1 },
      { fromKey: 'DEV', toKey: 'SEC', pupils: 3 },
      { fromKey: 'DEV', toKey: 'MAS', pupils: 1 },
    ]);
    const cell = await world.call(
      head,
      'GET',
      `/api/v1/assessment/transition-matrix/cell?${sides}&fromKey=DEV&toKey=SEC`,
    );
    expect(cell.status).toBe(200);
    expect((cell.body as TransitionCellPupilsView).pupils).toHaveLength(3);
    expect((cell.body as TransitionCellPupilsView).pupils[0]).toMatchObject({ fromValue: 'DEV', toValue: 'SEC' });
  });

  it('platform support pools the schools that granted it access; a school that did not is refused', async () => {
    const support = await world.staff(null, ['support']);
    const admin = await world.staff(school, ['school-admin']);
    expect(
      (await world.call(admin, 'POST', '/api/v1/support-grants', { reason: 'Trust analysis', durationHours: 1 }))
        .status,
    ).toBe(201);
    const query = '/api/v1/platform/assessment/analysis?academicYear=2026/27&measureName=Reading&pointName=Summer';
    const pooled = await world.call(support, 'GET', query);
    expect(pooled.status).toBe(200);
    expect((pooled.body as AnalysisView).schoolIds).toContain(school.id);
    expect((pooled.body as AnalysisView).schoolIds).not.toContain(other.id);
    const named = await world.call(support, 'GET', `${query}&schoolIds=${other.id}`);
    expect(named.status).toBe(404);
    expect(named.body.errors).toEqual([expect.objectContaining({ field: 'schoolIds[0]' })]);
    expect((await world.call(head, 'GET', query)).status).toBe(403);
  });
});
