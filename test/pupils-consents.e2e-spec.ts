import { ConsentView, GuardianView, HealthNotesView, PupilConsentsView } from '@pt/contracts';
import { CARE_PUPIL, jpeg, nextUpn, School, World } from '@pt/testing';

/** The staff id an access token carries (its `sub`). */
const actorOf = (token: string) => JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString()).sub as string;
const today = () => new Date().toISOString().slice(0, 10);

describe('P16: guardians, consents and special-category data through the gateway', () => {
  let world: World;
  let schools: School[];
  let heads: string[];
  let head: string;
  const guardianOf = async (pupilId: string, body: Record<string, unknown> = {}) => {
    const reply = await world.call(head, 'POST', `/api/v1/pupils/${pupilId}/guardians`, {
      forename: 'Alex',
      surname: 'Parent',
      relationship: 'mother',
      parentalResponsibility: true,
      ...body,
    });
    expect(reply.status).toBe(201);
    return reply.body as GuardianView;
  };
  const give = (pupilId: string, body: Record<string, unknown>, token = head) =>
    world.call(token, 'POST', `/api/v1/pupils/${pupilId}/consents`, body);
  const withdraw = (pupilId: string, consentId: string, body: Record<string, unknown>, token = head) =>
    world.call(token, 'POST', `/api/v1/pupils/${pupilId}/consents/${consentId}/withdrawal`, body);

  /** A pupil of school `school`, added through the register's own route by that school's admin; returns its id. */
  const createPupil = async (school: number, fields: Record<string, unknown> = {}) =>
    (await world.pupil(heads[school], { ...CARE_PUPIL, ...fields })).id;
  /**
   * P11: a school that has not signed its data processing terms, with an admin (as the last
   * entry of `schools` and `heads`) and one pupil put straight into the database, since the
   * register rightly refuses to create one.
   */
  const unsignedSchoolWithPupil = async () => {
    schools.push(await world.school({ signed: false }));
    const school = schools.length - 1;
    heads.push((await world.staff(schools[school])).token);
    const [{ id }] = await world.sql(
      'pupil-records',
      `insert into pupil (id, tenant_id, upn, legal_forename, legal_surname, date_of_birth, year_group,
                          photo_consent, created_at, updated_at)
       values (gen_random_uuid(), $1, $2, 'Test', 'Pupil', '2018-01-15', '4', true, now(), now()) returning id`,
      [schools[school].id, nextUpn()],
    );
    return { school, pupilId: id as string };
  };

  beforeAll(async () => {
    world = await World.start({ label: 'consents', processes: ['gateway', 'identity', 'pupil-records'] });
    schools = [await world.school({ signed: true }), await world.school({ signed: true })];
    heads = [(await world.staff(schools[0])).token, (await world.staff(schools[1])).token];
    head = heads[0];
  }, 120_000);

  afterAll(async () => {
    await world?.stop();
  });

  it('P16: guardians are kept with name, relationship, parental responsibility and contact, in priority order, changed with If-Match', async () => {
    const pupilId = await createPupil(0);
    const mother = await guardianOf(pupilId, {
      title: 'Mrs',
      email: 'Alex.Parent@Example.org',
      telephone: '+44 20 7946 0000',
      address: { line1: '2 Road', town: 'Town', postcode: 'sw1a1aa' },
    });
    expect(mother).toMatchObject({
      pupilId,
      title: 'Mrs',
      forename: 'Alex',
      surname: 'Parent',
      relationship: 'mother',
      parentalResponsibility: true,
      email: 'alex.parent@example.org',
      address: { line1: '2 Road', line2: null, town: 'Town', postcode: 'SW1A 1AA' },
      priority: 1,
      version: 1,
    });
    const father = await guardianOf(pupilId, { forename: 'Sam', relationship: 'father' });
    const carer = await guardianOf(pupilId, {
      forename: 'Jo',
      relationship: 'carer',
      parentalResponsibility: false,
      priority: 1,
    });
    expect(father.priority).toBe(2);
    const listed = await world.call(head, 'GET', `/api/v1/pupils/${pupilId}/guardians`);
    expect(listed.status).toBe(200);
    expect(listed.body.items.map((g: GuardianView) => g.id)).toEqual([mother.id, carer.id, father.id]);

    const path = `/api/v1/pupils/${pupilId}/guardians/${father.id}`;
    const fetched = await world.call(head, 'GET', path);
    expect(fetched.headers.get('etag')).toBe('"1"');
    expect((await world.call(head, 'PATCH', path, { telephone: '01632 960000' })).status).toBe(428);
    const stale = await world.call(
      head,
      'PATCH',
      path,
      { telephone: '01632 960000' },
      { headers: { 'if-match': '"7"' } },
    );
    expect(stale.status).toBe(412);
    const changed = await world.call(
      head,
      'PATCH',
      path,
      { telephone: '01632 960000', priority: 1 },
      { headers: { 'if-match': '"1"' } },
    );
    expect(changed.status).toBe(200);
    expect(changed.headers.get('etag')).toBe('"2"');
    expect(changed.body).toMatchObject({ telephone: '01632 960000', priority: 1, forename: 'Sam', version: 2 });

    const bad = await world.call(head, 'POST', `/api/v1/pupils/${pupilId}/guardians`, {
      forename: '',
      surname: 'Parent',
      relationship: 'uncle',
      parentalResponsibility: 'yes',
      email: 'not-an-email',
      address: { line1: '2 Road', town: 'Town', postcode: 'NOT A POSTCODE' },
      nationalInsurance: 'QQ123456C',
    });
    expect(bad.status).toBe(400);
    expect(bad.headers.get('content-type')).toContain('application/problem+json');
    expect(bad.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(
      ['address.postcode', 'email', 'forename', 'nationalInsurance', 'parentalResponsibility', 'relationship'].sort(),
    );
    const nulled = await world.call(head, 'PATCH', path, { surname: null }, { headers: { 'if-match': '*' } });
    expect(nulled.status).toBe(400);
    expect(nulled.body.errors).toEqual([expect.objectContaining({ field: 'surname' })]);

    expect((await world.call(head, 'DELETE', path)).status).toBe(204);
    expect((await world.call(head, 'GET', path)).status).toBe(404);
    const rows = await world.sql('pupil-records', 'select id from guardian where pupil_id = $1 order by priority', [
      pupilId,
    ]);
    expect(rows).toHaveLength(2);
  });

  it('P16: a consent is recorded with who gave it, who recorded it and when; its withdrawal with who, when and why; the history stays', async () => {
    const pupilId = await createPupil(0);
    const mother = await guardianOf(pupilId);
    const given = await give(pupilId, {
      kind: 'special-category',
      givenBy: { type: 'guardian', guardianId: mother.id },
      givenOn: '2026-09-03',
    });
    expect(given.status).toBe(201);
    expect(given.body).toMatchObject({
      pupilId,
      kind: 'special-category',
      givenBy: { type: 'guardian', guardianId: mother.id },
      givenOn: '2026-09-03',
      recordedBy: actorOf(head),
      standing: true,
      withdrawal: null,
    });
    expect(Math.abs(Date.parse(given.body.recordedAt) - Date.now())).toBeLessThan(60_000);

    const twice = await give(pupilId, { kind: 'special-category', givenBy: { type: 'pupil' } });
    expect(twice.status).toBe(409);
    expect(twice.body).toMatchObject({ code: 'consent.already_given', consentId: given.body.id });

    const byPupil = await give(pupilId, { kind: 'photo-use', givenBy: { type: 'pupil' } });
    expect(byPupil.status).toBe(201);
    expect(byPupil.body).toMatchObject({ givenBy: { type: 'pupil', guardianId: null }, givenOn: today() });

    // The guardian whose consent stands cannot be removed: who consented must stay on record.
    const removal = await world.call(head, 'DELETE', `/api/v1/pupils/${pupilId}/guardians/${mother.id}`);
    expect(removal.status).toBe(409);
    expect(removal.body.code).toBe('guardian.has_standing_consent');

    const withdrawn = await withdraw(pupilId, given.body.id, {
      withdrawnBy: { type: 'guardian', guardianId: mother.id },
      reason: 'Parent asked by letter',
    });
    expect(withdrawn.status).toBe(200);
    expect(withdrawn.body).toMatchObject({
      id: given.body.id,
      givenOn: '2026-09-03',
      standing: false,
      withdrawal: {
        withdrawnBy: { type: 'guardian', guardianId: mother.id },
        withdrawnOn: today(),
        reason: 'Parent asked by letter',
        recordedBy: actorOf(head),
      },
    });
    const again = await withdraw(pupilId, given.body.id, { withdrawnBy: { type: 'school' } });
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('consent.already_withdrawn');

    const regiven = await give(pupilId, { kind: 'special-category', givenBy: { type: 'pupil' } });
    expect(regiven.status).toBe(201);

    const listed = await world.call(head, 'GET', `/api/v1/pupils/${pupilId}/consents`);
    expect(listed.status).toBe(200);
    const consents = listed.body as PupilConsentsView;
    expect(consents.current['special-category']?.id).toBe(regiven.body.id);
    expect(consents.current['photo-use']?.id).toBe(byPupil.body.id);
    expect(consents.history.map((c: ConsentView) => c.id)).toEqual([regiven.body.id, byPupil.body.id, given.body.id]);
    expect(consents.history[2].withdrawal?.reason).toBe('Parent asked by letter');
    const [flags] = await world.sql(
      'pupil-records',
      'select special_category_consent, photo_consent, version from pupil where id = $1',
      [pupilId],
    );
    expect(flags).toMatchObject({ special_category_consent: true, photo_consent: true });
    expect(flags.version).toBeGreaterThan(1);
  });

  it('P16: consent requests naming no guardian of the pupil, a future date or an unknown kind are refused with the field named', async () => {
    const pupilId = await createPupil(0);
    const otherPupil = await createPupil(0);
    const strangersParent = await guardianOf(otherPupil);
    const notTheirs = await give(pupilId, {
      kind: 'photo-use',
      givenBy: { type: 'guardian', guardianId: strangersParent.id },
    });
    expect(notTheirs.status).toBe(400);
    expect(notTheirs.body.errors).toEqual([expect.objectContaining({ field: 'givenBy.guardianId' })]);
    const future = await give(pupilId, { kind: 'photo-use', givenBy: { type: 'pupil' }, givenOn: '2999-01-01' });
    expect(future.status).toBe(400);
    expect(future.body.errors).toEqual([{ field: 'givenOn', message: 'must not be in the future' }]);
    const unknown = await give(pupilId, { kind: 'marketing', givenBy: { type: 'school' } });
    expect(unknown.status).toBe(400);
    expect(unknown.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['givenBy.type', 'kind']);
    const noGuardianId = await give(pupilId, { kind: 'photo-use', givenBy: { type: 'guardian' } });
    expect(noGuardianId.status).toBe(400);
    expect(noGuardianId.body.errors).toEqual([expect.objectContaining({ field: 'givenBy.guardianId' })]);
    expect(await world.sql('pupil-records', 'select id from consent where pupil_id = $1', [pupilId])).toEqual([]);
  });

  it('P16: health notes and SEN needs are refused without special-category consent, shown while it stands, and cleared on withdrawal', async () => {
    const pupilId = await createPupil(0);
    const notes = () => world.call(head, 'GET', `/api/v1/pupils/${pupilId}/health-notes`);
    const pupil = () => world.call(head, 'GET', `/api/v1/pupils/${pupilId}`);
    const setSenNeeds = async (senNeeds: string[]) => {
      const current = await pupil();
      return world.call(
        head,
        'PATCH',
        `/api/v1/pupils/${pupilId}`,
        { senStatus: 'sen-support', senNeeds },
        { headers: { 'if-match': current.headers.get('etag')! } },
      );
    };
    const note = { category: 'allergy', note: 'Severe peanut allergy; adrenaline pen in the office' };

    const refused = await world.call(head, 'POST', `/api/v1/pupils/${pupilId}/health-notes`, note);
    expect(refused.status).toBe(409);
    expect(refused.body.code).toBe('consent.special_category_required');
    expect((await notes()).body).toEqual({ pupilId, specialCategoryConsent: false, items: [] });
    const senRefused = await setSenNeeds(['ASD']);
    expect(senRefused.status).toBe(409);
    expect(senRefused.body.code).toBe('consent.special_category_required');
    expect((await pupil()).body.senNeeds).toBeNull();

    const consent = await give(pupilId, { kind: 'special-category', givenBy: { type: 'pupil' } });
    expect(consent.status).toBe(201);
    const added = await world.call(head, 'POST', `/api/v1/pupils/${pupilId}/health-notes`, note);
    expect(added.status).toBe(201);
    expect(added.body).toMatchObject({ pupilId, ...note, recordedBy: actorOf(head) });
    const second = await world.call(head, 'POST', `/api/v1/pupils/${pupilId}/health-notes`, {
      category: 'medication',
      note: 'Inhaler before PE',
    });
    expect(second.status).toBe(201);
    const shown = (await notes()).body as HealthNotesView;
    expect(shown.specialCategoryConsent).toBe(true);
    expect(shown.items.map((n) => n.id)).toEqual([second.body.id, added.body.id]);
    expect((await setSenNeeds(['ASD', 'SLCN'])).status).toBe(200);
    expect((await pupil()).body).toMatchObject({ senStatus: 'sen-support', senNeeds: ['ASD', 'SLCN'] });

    const before = await pupil();
    const withdrawn = await withdraw(pupilId, consent.body.id, { withdrawnBy: { type: 'pupil' } });
    expect(withdrawn.status).toBe(200);
    const after = await pupil();
    // SEN status is not special-category; the need is, and goes. The pupil's ETag moves on.
    expect(after.body).toMatchObject({ senStatus: 'sen-support', senNeeds: null });
    expect(after.headers.get('etag')).not.toBe(before.headers.get('etag'));
    expect(
      await world.sql('pupil-records', 'select sen_needs, special_category_consent from pupil where id = $1', [
        pupilId,
      ]),
    ).toEqual([{ sen_needs: null, special_category_consent: false }]);
    expect(await world.sql('pupil-records', 'select id from health_note where pupil_id = $1', [pupilId])).toEqual([]);
    expect((await notes()).body).toEqual({ pupilId, specialCategoryConsent: false, items: [] });
    const afterwards = await world.call(head, 'POST', `/api/v1/pupils/${pupilId}/health-notes`, note);
    expect(afterwards.status).toBe(409);
    expect((await setSenNeeds(['ASD'])).status).toBe(409);

    // Never logged: the note's text appears in no log line of any process.
    for (const process of ['gateway', 'identity', 'pupil-records'] as const) {
      expect(JSON.stringify(world.stack.logsOf(process))).not.toContain('peanut');
    }
  });

  it('P16: a health note is deleted on request, and bad notes are refused naming the field', async () => {
    const pupilId = await createPupil(0);
    expect((await give(pupilId, { kind: 'special-category', givenBy: { type: 'pupil' } })).status).toBe(201);
    const bad = await world.call(head, 'POST', `/api/v1/pupils/${pupilId}/health-notes`, {
      category: 'gossip',
      note: '',
    });
    expect(bad.status).toBe(400);
    expect(bad.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['category', 'note']);
    const added = await world.call(head, 'POST', `/api/v1/pupils/${pupilId}/health-notes`, {
      category: 'dietary',
      note: 'Vegetarian',
    });
    const path = `/api/v1/pupils/${pupilId}/health-notes/${added.body.id}`;
    expect((await world.call(head, 'DELETE', path)).status).toBe(204);
    expect((await world.call(head, 'DELETE', path)).status).toBe(404);
  });

  it("P19: another school's pupil's guardians, consents and health notes answer 404, as if they did not exist", async () => {
    const pupilId = await createPupil(0);
    const mother = await guardianOf(pupilId);
    const consent = await give(pupilId, { kind: 'special-category', givenBy: { type: 'pupil' } });
    const intruder = heads[1];
    const base = `/api/v1/pupils/${pupilId}`;
    const attempts = [
      await world.call(intruder, 'GET', `${base}/guardians`),
      await world.call(intruder, 'GET', `${base}/guardians/${mother.id}`),
      await world.call(intruder, 'POST', `${base}/guardians`, {
        forename: 'X',
        surname: 'Y',
        relationship: 'other',
        parentalResponsibility: false,
      }),
      await world.call(
        intruder,
        'PATCH',
        `${base}/guardians/${mother.id}`,
        { surname: 'Changed' },
        { headers: { 'if-match': '"1"' } },
      ),
      await world.call(intruder, 'DELETE', `${base}/guardians/${mother.id}`),
      await world.call(intruder, 'GET', `${base}/consents`),
      await world.call(intruder, 'POST', `${base}/consents`, { kind: 'photo-use', givenBy: { type: 'pupil' } }),
      await world.call(intruder, 'POST', `${base}/consents/${consent.body.id}/withdrawal`, {
        withdrawnBy: { type: 'school' },
      }),
      await world.call(intruder, 'GET', `${base}/health-notes`),
      await world.call(intruder, 'POST', `${base}/health-notes`, { category: 'other', note: 'x' }),
    ];
    expect(attempts.map((r) => [r.status, r.body.code])).toEqual(attempts.map(() => [404, 'pupil.not_found']));

    // Nor does another school's pupil id reach this school's guardian through its own path.
    const ownPupil = await createPupil(1);
    const crossed = await world.call(intruder, 'GET', `/api/v1/pupils/${ownPupil}/guardians/${mother.id}`);
    expect(crossed.status).toBe(404);
    const [still] = await world.sql('pupil-records', 'select surname, version from guardian where id = $1', [
      mother.id,
    ]);
    expect(still).toEqual({ surname: 'Parent', version: 1 });
    expect(
      await world.sql('pupil-records', 'select withdrawal_recorded_at from consent where id = $1', [consent.body.id]),
    ).toEqual([{ withdrawal_recorded_at: null }]);
  });

  it('P19: a teacher limited to class groups reaches only the pupils in them, and cannot change guardians or consents', async () => {
    const mine = await world.classGroup(heads[0], 'Oak');
    const theirs = await world.classGroup(heads[0], 'Ash');
    const inMine = await createPupil(0, { classGroupId: mine });
    const inTheirs = await createPupil(0, { classGroupId: theirs });
    await guardianOf(inMine);
    await guardianOf(inTheirs);
    const teacher = (await world.staff(schools[0], ['teacher'], { classGroupIds: [mine] })).token;

    const own = await world.call(teacher, 'GET', `/api/v1/pupils/${inMine}/guardians`);
    expect(own.status).toBe(200);
    expect(own.body.items).toHaveLength(1);
    expect((await world.call(teacher, 'GET', `/api/v1/pupils/${inMine}/consents`)).status).toBe(200);
    expect((await world.call(teacher, 'GET', `/api/v1/pupils/${inTheirs}/guardians`)).status).toBe(404);
    expect((await world.call(teacher, 'GET', `/api/v1/pupils/${inTheirs}/consents`)).status).toBe(404);
    expect((await world.call(teacher, 'GET', `/api/v1/pupils/${inTheirs}/health-notes`)).status).toBe(404);

    const write = await world.call(teacher, 'POST', `/api/v1/pupils/${inMine}/consents`, {
      kind: 'photo-use',
      givenBy: { type: 'pupil' },
    });
    expect(write.status).toBe(403);
    expect(write.body).toMatchObject({ code: 'permission_denied', missing: ['consents:manage'] });
  });

  it('P18: a restricted pupil is read-only (409 pupil.restricted), but a consent can still be withdrawn', async () => {
    const pupilId = await createPupil(0);
    const mother = await guardianOf(pupilId);
    const special = await give(pupilId, { kind: 'special-category', givenBy: { type: 'pupil' } });
    const note = await world.call(head, 'POST', `/api/v1/pupils/${pupilId}/health-notes`, {
      category: 'allergy',
      note: 'Pollen',
    });
    await world.restrict(heads[0], pupilId);
    const base = `/api/v1/pupils/${pupilId}`;
    const writes = [
      await world.call(head, 'POST', `${base}/guardians`, {
        forename: 'X',
        surname: 'Y',
        relationship: 'other',
        parentalResponsibility: false,
      }),
      await world.call(
        head,
        'PATCH',
        `${base}/guardians/${mother.id}`,
        { surname: 'Changed' },
        { headers: { 'if-match': '"1"' } },
      ),
      await world.call(head, 'DELETE', `${base}/guardians/${mother.id}`),
      await world.call(head, 'POST', `${base}/consents`, { kind: 'photo-use', givenBy: { type: 'pupil' } }),
      await world.call(head, 'POST', `${base}/health-notes`, { category: 'other', note: 'x' }),
      await world.call(head, 'DELETE', `${base}/health-notes/${note.body.id}`),
    ];
    expect(writes.map((r) => [r.status, r.body.code])).toEqual(writes.map(() => [409, 'pupil.restricted']));
    expect((await world.call(head, 'GET', `${base}/guardians`)).status).toBe(200);

    const withdrawn = await withdraw(pupilId, special.body.id, { withdrawnBy: { type: 'pupil' } });
    expect(withdrawn.status).toBe(200);
    expect(await world.sql('pupil-records', 'select id from health_note where pupil_id = $1', [pupilId])).toEqual([]);
  });

  it('P16: guardian, consent and health-note events carry ids and codes only, never names, contact details or notes', async () => {
    const pupilId = await createPupil(0);
    const guardian = await guardianOf(pupilId, { forename: 'Morwenna', email: 'morwenna@example.org' });
    const consent = await give(pupilId, {
      kind: 'special-category',
      givenBy: { type: 'guardian', guardianId: guardian.id },
    });
    await world.call(head, 'POST', `/api/v1/pupils/${pupilId}/health-notes`, {
      category: 'medical-condition',
      note: 'Type 1 diabetes',
    });
    await withdraw(pupilId, consent.body.id, { withdrawnBy: { type: 'school' }, reason: 'Confidential reason' });

    const ofPupil = async () =>
      (await world.published('evt.pupil-records.')).filter(
        (e) => e.data.pupilId === pupilId && /^evt\.pupil-records\.(guardian|consent|health-note)\./.test(e.subject),
      );
    await world.until(async () => (await ofPupil()).length === 4, 10_000, 100);
    const events = await ofPupil();
    expect(events.map((e) => [e.subject, Object.keys(e.data).sort()])).toEqual([
      ['evt.pupil-records.guardian.created', ['guardianId', 'pupilId']],
      ['evt.pupil-records.consent.given', ['consentId', 'kind', 'pupilId']],
      ['evt.pupil-records.health-note.added', ['noteId', 'pupilId']],
      ['evt.pupil-records.consent.withdrawn', ['cleared', 'consentId', 'kind', 'pupilId']],
    ]);
    expect(events[3].data).toMatchObject({ kind: 'special-category', cleared: ['senNeeds', 'healthNotes'] });
    expect(events.every((e) => e.tenantId === schools[0].id && e.actor.id === actorOf(head))).toBe(true);
    const text = JSON.stringify(events);
    for (const secret of ['Morwenna', 'morwenna@example.org', 'diabetes', 'Confidential']) {
      expect(text).not.toContain(secret);
    }
  });

  it("P11: nothing about a pupil is recorded while the school's data processing terms are unsigned", async () => {
    const { school, pupilId } = await unsignedSchoolWithPupil();
    const admin = heads[school];
    const base = `/api/v1/pupils/${pupilId}`;
    const writes = [
      await world.call(admin, 'POST', `${base}/guardians`, {
        forename: 'X',
        surname: 'Y',
        relationship: 'other',
        parentalResponsibility: false,
      }),
      await world.call(admin, 'POST', `${base}/consents`, { kind: 'photo-use', givenBy: { type: 'pupil' } }),
      await world.call(admin, 'POST', `${base}/health-notes`, { category: 'other', note: 'x' }),
      await world.call(admin, 'PUT', `${base}/photo`, jpeg(), { contentType: 'image/jpeg' }),
    ];
    expect(writes.map((r) => [r.status, r.body.code])).toEqual(
      writes.map(() => [409, 'school.data_processing_not_signed']),
    );
    for (const table of ['guardian', 'consent', 'health_note', 'pupil_photo']) {
      expect(await world.sql('pupil-records', `select 1 from ${table} where pupil_id = $1`, [pupilId])).toEqual([]);
    }
  });
});
