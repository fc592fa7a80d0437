import { PupilView } from '@pt/contracts';
import { birthDateFor, newPupil, nextUpn, withWrongCheckLetter, SignedIn, World } from '@pt/testing';

// The register's rules that need no gateway (P11 unsigned school refused until identity's
// event arrives, unique UPN per school, P16 SEN needs without consent, P19 another school's
// pupil not found) are specified on pupil-records alone, in
// apps/pupil-records/src/pupils/pupil-register.int-spec.ts.
describe('P14, P11, P19: the pupil register through the gateway', () => {
  let world: World;
  let schoolA: string;
  let schoolB: string;
  let adminA: SignedIn;
  let adminB: SignedIn;

  const create = async (token: SignedIn, overrides: Record<string, unknown> = {}) => {
    const reply = await world.call(token, 'POST', '/api/v1/pupils', newPupil(overrides));
    expect(reply.status).toBe(201);
    return reply.body as PupilView;
  };
  const createGroup = async (token: SignedIn, name: string, yearGroup = '7') => {
    const reply = await world.call(token, 'POST', '/api/v1/class-groups', { name, yearGroup });
    expect(reply.status).toBe(201);
    return reply.body.id as string;
  };

  beforeAll(async () => {
    world = await World.start({ label: 'pupilsreg', processes: ['gateway', 'identity', 'pupil-records', 'audit'] });
    schoolA = (await world.school({ signed: true })).id;
    schoolB = (await world.school({ signed: true })).id;
    adminA = await world.staff(schoolA, ['school-admin']);
    adminB = await world.staff(schoolB, ['school-admin']);
  }, 120_000);

  afterAll(async () => {
    await world?.stop();
  });

  it('P14: creates a pupil with every field, answers with its ETag and Location, and reads it back', async () => {
    const group = await createGroup(adminA, '7K');
    const fields = newPupil({
      legalForename: 'Zainab',
      legalSurname: 'Okafor',
      middleNames: 'Grace',
      preferredForename: 'Zee',
      preferredSurname: null,
      ethnicity: 'BAFR',
      classGroupId: group,
      attendance: { possibleSessions: 120, attendedSessions: 111 },
      senStatus: 'sen-support',
      fsm: true,
      fsm6: true,
      pupilPremium: true,
      eal: true,
      inLaCare: false,
      everInCare: true,
      giftedAndTalented: false,
      entryDate: '2025-09-03',
      leavingDate: null,
    });
    const created = await world.call(adminA, 'POST', '/api/v1/pupils', fields);
    expect(created.status).toBe(201);
    const pupil = created.body as PupilView;
    expect(created.headers.get('etag')).toBe('"1"');
    expect(created.headers.get('location')).toBe(`/api/v1/pupils/${pupil.id}`);
    expect(pupil).toMatchObject({
      ...fields,
      attendance: { possibleSessions: 120, attendedSessions: 111, percentage: 92.5 },
      senNeeds: null,
      hasPhoto: false,
      restricted: false,
      version: 1,
    });

    const read = await world.call(adminA, 'GET', `/api/v1/pupils/${pupil.id}`);
    expect(read.status).toBe(200);
    expect(read.headers.get('etag')).toBe('"1"');
    expect(read.body).toEqual(pupil);
  });

  it('P14: viewing a pupil is recorded in the audit log: who looked at which pupil, by id only', async () => {
    const pupil = await create(adminA, { legalSurname: 'Viewed' });
    await world.call(adminA, 'GET', `/api/v1/pupils/${pupil.id}`);
    const entries = async () =>
      ((await world.call(adminA, 'GET', `/api/v1/audit-entries?subjectType=pupil&subjectId=${pupil.id}`)).body?.items ??
        []) as { action: string; actorId: string }[];
    await world.until(async () => (await entries()).some((e) => e.action === 'pupil-records.pupil.viewed'), 15_000);
    const all = await entries();
    expect(all.map((e) => e.action)).toEqual(
      expect.arrayContaining(['pupil-records.pupil.created', 'pupil-records.pupil.viewed']),
    );
    expect(JSON.stringify(all)).not.toContain('Viewed');
  });

  it('P14: refuses a UPN with a wrong check letter, an unknown code and a date of birth far from the year group, naming each field', async () => {
    const reply = await world.call(
      adminA,
      'POST',
      '/api/v1/pupils',
      newPupil({ upn: withWrongCheckLetter(nextUpn()), ethnicity: 'XXXX', gender: 'Q' }),
    );
    expect(reply.status).toBe(400);
    expect(reply.headers.get('content-type')).toContain('application/problem+json');
    const fields = (reply.body.errors as { field: string }[]).map((e) => e.field);
    expect(fields).toEqual(expect.arrayContaining(['gender', 'ethnicity']));

    const badUpn = await world.call(
      adminA,
      'POST',
      '/api/v1/pupils',
      newPupil({ upn: withWrongCheckLetter(nextUpn()) }),
    );
    expect(badUpn.status).toBe(400);
    expect(badUpn.body.errors).toEqual([
      { field: 'upn', message: 'has a check letter that does not match the rest of the UPN' },
    ]);

    const malformed = await world.call(adminA, 'POST', '/api/v1/pupils', newPupil({ upn: 'I80120002600' }));
    expect(malformed.status).toBe(400);
    expect(malformed.body.errors[0].field).toBe('upn');

    // A year 7 pupil born ten years too early: a typing error, not a late starter.
    const dob = birthDateFor('7').replace(/^\d{4}/, (y) => String(Number(y) - 10));
    const tooOld = await world.call(adminA, 'POST', '/api/v1/pupils', newPupil({ yearGroup: '7', dateOfBirth: dob }));
    expect(tooOld.status).toBe(400);
    expect(tooOld.body.errors).toHaveLength(1);
    expect(tooOld.body.errors[0].field).toBe('dateOfBirth');
    expect(tooOld.body.errors[0].message).toMatch(
      /^does not fit year 7: pupils in year 7 are aged 9 to 14 on \d{4}-08-31/,
    );
    expect(JSON.stringify(tooOld.body)).not.toContain(dob);

    const attendance = await world.call(
      adminA,
      'POST',
      '/api/v1/pupils',
      newPupil({ attendance: { possibleSessions: 10, attendedSessions: 11 } }),
    );
    expect(attendance.status).toBe(400);
    expect(attendance.body.errors).toEqual([
      { field: 'attendance.attendedSessions', message: 'must not be more than possibleSessions' },
    ]);

    const missing = await world.call(adminA, 'POST', '/api/v1/pupils', { upn: nextUpn() });
    expect(missing.status).toBe(400);
    expect((missing.body.errors as { field: string }[]).map((e) => e.field)).toEqual(
      expect.arrayContaining(['legalForename', 'legalSurname', 'dateOfBirth', 'yearGroup']),
    );

    const unknown = await world.call(adminA, 'POST', '/api/v1/pupils', newPupil({ shoeSize: 5 }));
    expect(unknown.status).toBe(400);
    expect(unknown.body.errors).toEqual([{ field: 'shoeSize', message: 'is not an allowed field' }]);
  });

  it('P14: PATCH needs If-Match; a stale ETag answers 412 and changes nothing; the current one changes only the fields sent', async () => {
    const pupil = await create(adminA, { legalSurname: 'Patchable', fsm: false });
    const path = `/api/v1/pupils/${pupil.id}`;
    const blind = await world.call(adminA, 'PATCH', path, { fsm: true });
    expect(blind.status).toBe(428);

    const first = await world.call(
      adminA,
      'PATCH',
      path,
      { fsm: true, preferredForename: 'Pat' },
      { headers: { 'if-match': '"1"' } },
    );
    expect(first.status).toBe(200);
    expect(first.headers.get('etag')).toBe('"2"');
    expect(first.body).toMatchObject({ fsm: true, preferredForename: 'Pat', legalSurname: 'Patchable', version: 2 });

    const stale = await world.call(adminA, 'PATCH', path, { fsm: false }, { headers: { 'if-match': '"1"' } });
    expect(stale.status).toBe(412);
    expect(stale.body.code).toBe('stale_version');
    expect((await world.call(adminA, 'GET', path)).body).toMatchObject({ fsm: true, version: 2 });

    const invalid = await world.call(
      adminA,
      'PATCH',
      path,
      { yearGroup: '15', legalSurname: null },
      { headers: { 'if-match': '"2"' } },
    );
    expect(invalid.status).toBe(400);
    expect((invalid.body.errors as { field: string }[]).map((e) => e.field).sort()).toEqual([
      'legalSurname',
      'yearGroup',
    ]);

    // Moving a year 7 pupil to reception checks the date of birth again.
    const reception = await world.call(adminA, 'PATCH', path, { yearGroup: 'R' }, { headers: { 'if-match': '"2"' } });
    expect(reception.status).toBe(400);
    expect(reception.body.errors[0]).toMatchObject({ field: 'dateOfBirth' });

    const entries = async () =>
      ((
        await world.call(
          adminA,
          'GET',
          `/api/v1/audit-entries?subjectType=pupil&subjectId=${pupil.id}&action=pupil-records.pupil.updated`,
        )
      ).body?.items ?? []) as { detail: { fields?: string[] } }[];
    await world.until(async () => (await entries()).length === 1, 15_000);
    expect((await entries())[0].detail.fields).toEqual(['fsm', 'preferredForename']);
  });

  describe('listing', () => {
    let school: string;
    let admin: SignedIn;
    let group7A: string;
    let group8A: string;
    const made: PupilView[] = [];

    beforeAll(async () => {
      school = (await world.school({ signed: true })).id;
      admin = await world.staff(school, ['school-admin']);
      group7A = await createGroup(admin, '7A');
      group8A = await createGroup(admin, '8A', '8');
      const people: [string, string, string, Record<string, unknown>][] = [
        ['Oliver', 'Smith', '7', { fsm: true, classGroupId: group7A }],
        ['Amelia', 'Smith', '7', { classGroupId: group7A, eal: true }],
        ['Noah', 'Smithson', '7', { fsm: true, senStatus: 'ehc-plan', classGroupId: group7A }],
        ['Isla', 'Jones', '8', { classGroupId: group8A, preferredSurname: 'Smythe' }],
        ['George', 'Patel', '8', { fsm: true, classGroupId: group8A, preferredForename: 'Smithy' }],
        ['Ava', 'Brown', '8', { pupilPremium: true }],
        ['Leo', 'Evans', 'R', {}],
      ];
      for (const [legalForename, legalSurname, yearGroup, extra] of people) {
        made.push(await create(admin, { legalForename, legalSurname, yearGroup, ...extra }));
      }
    });

    const list = async (query: string) => {
      const reply = await world.call(admin, 'GET', `/api/v1/pupils${query}`);
      expect(reply.status).toBe(200);
      return reply.body as { items: PupilView[]; nextCursor: string | null };
    };
    const names = (page: { items: PupilView[] }) => page.items.map((p) => `${p.legalForename} ${p.legalSurname}`);

    // Order, paging, filters and search are specified on pupil-records alone, in
    // apps/pupil-records/src/pupils/pupil-listing.int-spec.ts; here, what the gateway adds:
    // the query string and the search body mapped onto the request, and their validation.
    it('P14: the list reads its filters and cursor from the query and the search from a body, naming bad fields', async () => {
      const first = await list('?limit=3');
      expect(names(first)).toEqual(['Ava Brown', 'Leo Evans', 'Isla Jones']);
      const second = await list(`?limit=3&cursor=${encodeURIComponent(first.nextCursor!)}`);
      expect(names(second)).toEqual(['George Patel', 'Amelia Smith', 'Oliver Smith']);
      const bad = await world.call(admin, 'GET', '/api/v1/pupils?cursor=not-a-cursor');
      expect(bad.status).toBe(400);
      expect(bad.body.errors).toEqual([{ field: 'cursor', message: 'is not a valid cursor' }]);

      expect(names(await list(`?classGroupId=${group7A}`))).toEqual(['Amelia Smith', 'Oliver Smith', 'Noah Smithson']);
      expect(names(await list('?fsm=true&yearGroup=7'))).toEqual(['Oliver Smith', 'Noah Smithson']);
      expect(names(await list('?senStatus=ehc-plan'))).toEqual(['Noah Smithson']);
      expect((await list('?fsm=false')).items).toHaveLength(4);
      expect((await list('?restricted=false')).items).toHaveLength(7);
      const badQuery = await world.call(admin, 'GET', '/api/v1/pupils?yearGroup=15&fsm=maybe');
      expect(badQuery.status).toBe(400);
      expect((badQuery.body.errors as { field: string }[]).map((e) => e.field).sort()).toEqual(['fsm', 'yearGroup']);

      expect(names(await list('?q=SMITH%20o'))).toEqual(['Oliver Smith']);
      const leo = made.find((p) => p.legalForename === 'Leo')!;
      expect(names(await list(`?q=${leo.upn.toLowerCase()}`))).toEqual(['Leo Evans']);
      // The same search with the words in the body rather than the URL.
      const searched = await world.call(admin, 'POST', '/api/v1/pupils/search', { q: 'smith o', fsm: true, limit: 10 });
      expect(searched.status).toBe(200);
      expect(names(searched.body)).toEqual(['Oliver Smith']);
    });
  });

  it('P19: a teacher limited to class groups sees only their pupils and cannot write; office staff limited to a group write only inside it', async () => {
    const school = (await world.school({ signed: true })).id;
    const admin = await world.staff(school, ['school-admin']);
    const mine = await createGroup(admin, '9M', '9');
    const other = await createGroup(admin, '9N', '9');
    const inMine = await create(admin, { yearGroup: '9', classGroupId: mine, legalSurname: 'Inside' });
    const inOther = await create(admin, { yearGroup: '9', classGroupId: other, legalSurname: 'Outside' });
    const inNone = await create(admin, { yearGroup: '9', legalSurname: 'Ungrouped' });

    const teacher = await world.staff(school, ['teacher'], { classGroupIds: [mine] });
    const page = await world.call(teacher, 'GET', '/api/v1/pupils');
    expect(page.status).toBe(200);
    expect(page.body.items.map((p: PupilView) => p.id)).toEqual([inMine.id]);
    expect((await world.call(teacher, 'GET', `/api/v1/pupils/${inMine.id}`)).status).toBe(200);
    for (const id of [inOther.id, inNone.id]) {
      expect((await world.call(teacher, 'GET', `/api/v1/pupils/${id}`)).status).toBe(404);
    }
    const groups = await world.call(teacher, 'GET', '/api/v1/class-groups');
    expect(groups.body.items.map((g: { id: string }) => g.id)).toEqual([mine]);
    const write = await world.call(
      teacher,
      'PATCH',
      `/api/v1/pupils/${inMine.id}`,
      { fsm: true },
      { headers: { 'if-match': '*' } },
    );
    expect(write.status).toBe(403);

    const office = await world.staff(school, ['office'], { classGroupIds: [mine] });
    const outside = await world.call(
      office,
      'PATCH',
      `/api/v1/pupils/${inOther.id}`,
      { fsm: true },
      { headers: { 'if-match': '*' } },
    );
    expect(outside.status).toBe(404);
    const moveOut = await world.call(
      office,
      'PATCH',
      `/api/v1/pupils/${inMine.id}`,
      { classGroupId: other },
      { headers: { 'if-match': '*' } },
    );
    expect(moveOut.status).toBe(403);
    expect(moveOut.body.code).toBe('pupil.outside_class_groups');
    const createOutside = await world.call(
      office,
      'POST',
      '/api/v1/pupils',
      newPupil({ yearGroup: '9', classGroupId: other }),
    );
    expect(createOutside.status).toBe(403);
    const inside = await world.call(
      office,
      'PATCH',
      `/api/v1/pupils/${inMine.id}`,
      { fsm: true },
      { headers: { 'if-match': '*' } },
    );
    expect(inside.status).toBe(200);
    expect(
      await world.sql('pupil-records', 'select fsm from pupil where id = any($1::uuid[]) order by legal_surname', [
        [inOther.id, inMine.id],
      ]),
    ).toEqual([{ fsm: true }, { fsm: false }]);
  });

  it('class groups: names are unique per school, and a group with pupils cannot be removed', async () => {
    const group = await createGroup(adminA, '10Q', '10');
    const again = await world.call(adminA, 'POST', '/api/v1/class-groups', { name: '10Q' });
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('class_group.name_taken');
    await create(adminA, { yearGroup: '10', classGroupId: group });
    const listed = await world.call(adminA, 'GET', '/api/v1/class-groups');
    expect(listed.body.items.find((g: { id: string }) => g.id === group)).toMatchObject({ name: '10Q', pupilCount: 1 });
    const removal = await world.call(adminA, 'DELETE', `/api/v1/class-groups/${group}`);
    expect(removal.status).toBe(409);
    expect(removal.body.code).toBe('class_group.in_use');
    const empty = await createGroup(adminA, '10R', '10');
    expect((await world.call(adminA, 'DELETE', `/api/v1/class-groups/${empty}`)).status).toBe(204);
    expect((await world.call(adminB, 'DELETE', `/api/v1/class-groups/${group}`)).status).toBe(404);
    const foreign = await world.call(adminB, 'POST', '/api/v1/pupils', newPupil({ classGroupId: group }));
    expect(foreign.status).toBe(400);
    expect(foreign.body.errors).toEqual([{ field: 'classGroupId', message: 'is not a class group of this school' }]);
  });
});
