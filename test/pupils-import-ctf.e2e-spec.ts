import { PUPILS_IMPORTED, PupilImportView } from '@pt/contracts';
import { School, waitForImport, World } from '@pt/testing';
import {
  expectedPupil,
  generateCtf,
  generateCtfBuffer,
  GenerateCtfOptions,
} from '../apps/pupil-records/src/ctf/ctf-generator';
import { IMPORT_BATCH_SIZE } from '../apps/pupil-records/src/imports/pupil-import.runner';

/** A school and its admin's token. */
type SchoolWithHead = School & { head: string };

/** The register's row for a UPN, in the shape of the generator's expectations. */
const PUPIL_ROW = `
  select id, upn, legal_forename as "legalForename", legal_surname as "legalSurname", middle_names as "middleNames",
         preferred_forename as "preferredForename", date_of_birth::text as "dateOfBirth", gender, ethnicity,
         year_group as "yearGroup", fsm, fsm6, sen_status as "senStatus", sen_needs as "senNeeds",
         in_la_care as "inLaCare", ever_in_care as "everInCare", attendance_possible as "possible",
         attendance_attended as "attended", entry_date::text as "entryDate", version
    from pupil where tenant_id = $1`;

describe('P15: pupil data arrives by Common Transfer File, and only what the file contains is processed', () => {
  let world: World;
  let school: SchoolWithHead;
  let other: SchoolWithHead;

  const upload = (token: string, body: Buffer | string | AsyncIterable<Uint8Array>, query = 'format=ctf') =>
    world.call<PupilImportView>(token, 'POST', `/api/v1/pupil-imports?${query}`, body, {
      contentType: 'application/xml',
    });

  const importFile = async (target: SchoolWithHead, body: Buffer, query = 'format=ctf') => {
    const reply = await upload(target.head, body, query);
    expect(reply.status).toBe(202);
    return waitForImport(world, target.head, reply.body.id);
  };

  const rowsOf = async (tenantId: string) => {
    const rows = await world.sql('pupil-records', PUPIL_ROW, [tenantId]);
    return new Map(rows.map((row) => [row.upn as string, row]));
  };

  /** The PUPILS_IMPORTED events (one a batch) of an import, oldest first, once the relay has published one. */
  const importedEvents = async (importId: string) =>
    (
      await world.eventsOf(PUPILS_IMPORTED.subject, (events) =>
        events.some((event) => (event.data as { importId: string }).importId === importId),
      )
    )
      .map(
        (event) =>
          event.data as { importId: string; created: string[]; updated: { pupilId: string; fields: string[] }[] },
      )
      .filter((data) => data.importId === importId);

  const pupilIds = async (tenantId: string) => {
    const rows = await world.sql('pupil-records', 'select upn, id from pupil where tenant_id = $1', [tenantId]);
    return new Map(rows.map((row) => [row.upn as string, row.id as string]));
  };

  const forSchool = (target: SchoolWithHead, options: Omit<GenerateCtfOptions, 'destination'>): GenerateCtfOptions => ({
    destination: { lea: target.laCode, estab: target.establishmentNumber },
    ...options,
  });

  /** A school with LA `laCode` and establishment `establishmentNumber` (signed unless `signed` is false) and an admin's token (every permission, pupils:import and pupils:export included). */
  const schoolWithHead = async (laCode: string, establishmentNumber: string, signed = true) => {
    const made = await world.school({ laCode, establishmentNumber, signed });
    return { ...made, head: (await world.staff(made)).token };
  };

  beforeAll(async () => {
    world = await World.start({ label: 'import-ctf', processes: ['gateway', 'identity', 'pupil-records'] });
    school = await schoolWithHead('994', '7101');
    other = await schoolWithHead('994', '7102');
  }, 120_000);

  afterAll(async () => {
    await world?.stop();
  });

  const FULL = () => forSchool(school, { pupils: 120, seed: 11 });

  it('P15: a generated CTF lands with every section it carries, and the job reports progress and counts', async () => {
    const file = await generateCtfBuffer(FULL());
    const reply = await upload(school.head, file);
    expect(reply.status).toBe(202);
    expect(reply.headers.get('location')).toBe(`/api/v1/pupil-imports/${reply.body.id}`);
    expect(reply.body).toMatchObject({ format: 'ctf', progress: { totalBytes: file.length } });
    expect(['queued', 'running', 'completed']).toContain(reply.body.status);

    const job = await waitForImport(world, school.head, reply.body.id);
    expect(job.status).toBe('completed');
    expect(job.error).toBeNull();
    expect(job.progress).toEqual({ pupilsRead: 120, bytesRead: file.length, totalBytes: file.length });
    expect(job.report).toMatchObject({ created: 120, updated: 0, unchanged: 0, rejected: 0, rejections: [] });

    const rows = await rowsOf(school.id);
    expect(rows.size).toBe(120);
    let withNeeds = 0;
    for (let i = 0; i < 120; i++) {
      const expected = expectedPupil(FULL(), i);
      const row = rows.get(expected.upn);
      expect(row).toMatchObject({
        legalForename: expected.legalForename,
        legalSurname: expected.legalSurname,
        middleNames: expected.middleNames,
        preferredForename: expected.preferredForename,
        dateOfBirth: expected.dateOfBirth,
        gender: expected.gender,
        ethnicity: expected.ethnicity,
        yearGroup: expected.yearGroup,
        fsm: expected.fsm,
        fsm6: expected.fsm6,
        senStatus: expected.senStatus,
        inLaCare: expected.inLaCare,
        everInCare: expected.everInCare,
        possible: expected.attendance.possibleSessions,
        attended: expected.attendance.attendedSessions,
        entryDate: expected.entryDate,
        version: 1,
      });
      // P16: no special-category consent on a new pupil, so SEN needs are neither stored nor invented.
      expect(row!.senNeeds).toBeNull();
      if (expected.senNeeds.length) withNeeds++;
    }
    expect(withNeeds).toBeGreaterThan(0);
    expect(job.report.warnings).toContainEqual(
      expect.objectContaining({ code: 'sen_needs_without_consent', count: withNeeds }),
    );
    // The file's own destination is this school and its version current: no header warnings.
    expect(job.report.warnings.map((w) => w.code)).not.toContain('destination_mismatch');
    expect(job.report.warnings.map((w) => w.code)).not.toContain('ctf_version_unknown');

    await world.until(async () => (await world.eventCounts())['evt.pupil-records.import.completed'] === 1, 15_000);
    // Every created pupil is announced once, by id, in its batch's one event (not an event each).
    const batches = await importedEvents(job.id);
    expect(batches).toHaveLength(1);
    expect(batches[0].importId).toBe(job.id);
    expect(batches[0].updated).toEqual([]);
    expect([...batches[0].created].sort()).toEqual([...(await pupilIds(school.id)).values()].sort());
    const counts = await world.eventCounts();
    expect(counts['evt.pupil-records.pupil.created'] ?? 0).toBe(0);
  });

  it('P15: importing the same file again changes nothing: all unchanged, versions kept, no update events', async () => {
    const before = await world.eventCounts();
    const job = await importFile(school, await generateCtfBuffer(FULL()));
    expect(job.status).toBe('completed');
    expect(job.report).toMatchObject({ created: 0, updated: 0, unchanged: 120, rejected: 0 });
    const rows = await rowsOf(school.id);
    expect([...rows.values()].every((row) => row.version === 1)).toBe(true);
    await world.until(async () => (await world.eventCounts())['evt.pupil-records.import.completed'] === 2, 15_000);
    const after = await world.eventCounts();
    expect(after['evt.pupil-records.pupil.imported']).toBe(before['evt.pupil-records.pupil.imported']);
    expect(after['evt.pupil-records.pupil.updated'] ?? 0).toBe(before['evt.pupil-records.pupil.updated'] ?? 0);
  });

  it('P15: sections absent from a file leave the stored values untouched; present ones are corrected', async () => {
    const [first, second] = [expectedPupil(FULL(), 0), expectedPupil(FULL(), 1)];
    await world.sql(
      'pupil-records',
      `update pupil set legal_surname = 'Typo', fsm = not fsm, attendance_possible = 1 where upn = $1`,
      [first.upn],
    );
    const bare = forSchool(school, {
      pupils: 120,
      seed: 11,
      omit: ['FSMhistory', 'SENhistory', 'LookedAfter', 'Attendance', 'SchoolHistory'],
    });
    const job = await importFile(school, await generateCtfBuffer(bare));
    expect(job.report).toMatchObject({ created: 0, updated: 1, unchanged: 119, rejected: 0 });
    // The changed pupil is announced with the fields that changed, and no other pupil is.
    expect(await importedEvents(job.id)).toEqual([
      {
        importId: job.id,
        created: [],
        updated: [{ pupilId: (await pupilIds(school.id)).get(first.upn), fields: ['legalSurname'] }],
      },
    ]);
    const rows = await rowsOf(school.id);
    // Surname is in the file: corrected. FSM and attendance are not: the school's own changes stay.
    expect(rows.get(first.upn)).toMatchObject({
      legalSurname: first.legalSurname,
      fsm: !first.fsm,
      possible: 1,
      version: 2,
    });
    expect(rows.get(second.upn)).toMatchObject({
      fsm: second.fsm,
      senStatus: second.senStatus,
      possible: second.attendance.possibleSessions,
      entryDate: second.entryDate,
      version: 1,
    });
  });

  it('P15: an invalid UPN and an NC year X are rejected with their UPN and reason; the rest lands', async () => {
    const options = forSchool(other, { pupils: 10, seed: 21, invalidUpnAt: [2], ncYearXAt: [6] });
    const job = await importFile(other, await generateCtfBuffer(options));
    expect(job.status).toBe('completed');
    expect(job.report).toMatchObject({ created: 8, updated: 0, unchanged: 0, rejected: 2 });
    expect(job.report.rejections).toEqual([
      { upn: expectedPupil(options, 2).upn, position: 3, field: 'upn', reason: 'UPN check letter does not match' },
      {
        upn: expectedPupil(options, 6).upn,
        position: 7,
        field: 'yearGroup',
        reason: 'NCyearActual X: national curriculum not followed, no year group',
      },
    ]);
    const rows = await rowsOf(other.id);
    expect(rows.has(expectedPupil(options, 2).upn)).toBe(false);
    expect(rows.has(expectedPupil(options, 6).upn)).toBe(false);
    expect(rows.size).toBe(8);
  });

  it('P15: a file addressed to another school is imported with a clear warning, or refused on request', async () => {
    const elsewhere: GenerateCtfOptions = {
      pupils: 3,
      seed: 31,
      upnBlock: 3,
      destination: { lea: '873', estab: '4444' },
    };
    const warned = await importFile(other, await generateCtfBuffer(elsewhere));
    expect(warned.status).toBe('completed');
    expect(warned.report.created).toBe(3);
    expect(warned.report.warnings).toContainEqual({
      code: 'destination_mismatch',
      message: 'The file is addressed to school 873/4444, not this school (994/7102)',
      count: 0,
      upns: [],
    });

    const refusedFile = await generateCtfBuffer({ ...elsewhere, seed: 32, upnBlock: 4 });
    const refused = await importFile(other, refusedFile, 'format=ctf&destinationMismatch=refuse');
    expect(refused.status).toBe('failed');
    expect(refused.error).toMatchObject({ code: 'destination_mismatch' });
    expect(refused.report).toMatchObject({ created: 0, updated: 0, unchanged: 0, rejected: 0 });
    const rows = await rowsOf(other.id);
    expect(rows.has(expectedPupil({ ...elsewhere, seed: 32, upnBlock: 4 }, 0).upn)).toBe(false);
  });

  it('P15: an old-style file (Gender element, CTF 20) is read, with a version warning', async () => {
    const old = forSchool(other, { pupils: 4, seed: 41, upnBlock: 5, genderTag: true, version: '20.0' });
    const job = await importFile(other, await generateCtfBuffer(old));
    expect(job.status).toBe('completed');
    expect(job.report.created).toBe(4);
    expect(job.report.warnings.map((w) => w.code)).toContain('ctf_version_unknown');
    const rows = await rowsOf(other.id);
    for (let i = 0; i < 4; i++) expect(rows.get(expectedPupil(old, i).upn)?.gender).toBe(expectedPupil(old, i).gender);
  });

  it('P15: malformed XML fails the job clearly with its position; whole batches before it were saved', async () => {
    const batch = IMPORT_BATCH_SIZE;
    const options = forSchool(other, { pupils: batch + 200, seed: 51, upnBlock: 6, malformedAfter: batch + 120 });
    const job = await importFile(other, await generateCtfBuffer(options));
    expect(job.status).toBe('failed');
    expect(job.error).toMatchObject({ code: 'malformed_ctf' });
    expect(job.error!.message).toMatch(
      new RegExp(
        `^The file is not well-formed XML: .+ \\(after ${batch + 120} pupils; batches before it were saved\\)$`,
      ),
    );
    expect(job.error!.line).toBeGreaterThan(batch);
    // One whole batch was committed before the error; the 120 read after it were not.
    expect(job.report.created).toBe(batch);
    const rows = await rowsOf(other.id);
    expect(rows.has(expectedPupil(options, batch - 1).upn)).toBe(true);
    expect(rows.has(expectedPupil(options, batch).upn)).toBe(false);
  });

  it('P18, P16: a restricted pupil is not changed (rejected: restricted); SEN needs land only with consent', async () => {
    const restricted = expectedPupil(FULL(), 3);
    const withNeeds = [...Array(120).keys()].find((i) => i !== 3 && expectedPupil(FULL(), i).senNeeds.length > 0)!;
    const consented = expectedPupil(FULL(), withNeeds);
    await world.sql('pupil-records', `update pupil set restricted = true, legal_forename = 'Kept' where upn = $1`, [
      restricted.upn,
    ]);
    await world.sql('pupil-records', `update pupil set special_category_consent = true where upn = $1`, [
      consented.upn,
    ]);
    const job = await importFile(school, await generateCtfBuffer(FULL()));
    expect(job.report.rejections).toEqual([{ upn: restricted.upn, position: 4, reason: 'restricted' }]);
    const rows = await rowsOf(school.id);
    expect(rows.get(restricted.upn)).toMatchObject({ legalForename: 'Kept' });
    expect(rows.get(consented.upn)!.senNeeds).toEqual(consented.senNeeds);
  });

  it('P11: a school that has not signed the data processing terms cannot import: 409 before anything is stored', async () => {
    const unsigned = await schoolWithHead('994', '7109', false);
    const reply = await upload(unsigned.head, await generateCtfBuffer(forSchool(unsigned, { pupils: 2, seed: 61 })));
    expect(reply.status).toBe(409);
    expect(reply.headers.get('content-type')).toMatch(/application\/problem\+json/);
    expect((reply.body as unknown as { code: string }).code).toBe('school.data_processing_not_signed');
    expect(await world.sql('pupil-records', 'select id from pupil_import where tenant_id = $1', [unsigned.id])).toEqual(
      [],
    );
    expect(await world.sql('pupil-records', 'select id from pupil where tenant_id = $1', [unsigned.id])).toEqual([]);
  });

  it("needs pupils:import, the right content type, and answers 404 for another school's job", async () => {
    const teacher = (await world.staff(school.id, ['teacher'])).token;
    expect((await upload(teacher, '<CTfile/>')).status).toBe(403);
    const wrongType = await world.call(school.head, 'POST', '/api/v1/pupil-imports?format=ctf', 'UPN\nA1', {
      contentType: 'text/csv',
    });
    expect(wrongType.status).toBe(415);
    const noFormat = await world.call(school.head, 'POST', '/api/v1/pupil-imports', '<CTfile/>', {
      contentType: 'application/xml',
    });
    expect(noFormat.status).toBe(400);
    expect(noFormat.body.errors.map((e: { field: string }) => e.field)).toContain('format');

    const job = await importFile(
      other,
      await generateCtfBuffer(forSchool(other, { pupils: 1, seed: 71, upnBlock: 7 })),
    );
    expect((await world.call(school.head, 'GET', `/api/v1/pupil-imports/${job.id}`)).status).toBe(404);
  });

  it('refuses a file over 100 MB with 413 problem+json while it streams, keeping nothing', async () => {
    const chunk = Buffer.alloc(1024 * 1024, 0x20);
    async function* tooBig() {
      for await (const part of generateCtf({ pupils: 1, seed: 81 })) yield Buffer.from(part.replace('</CTfile>', ''));
      for (let i = 0; i < 101; i++) yield chunk;
    }
    const before = await world.sql('pupil-records', 'select count(*)::int as n from pupil_import');
    const reply = await upload(school.head, tooBig());
    expect(reply.status).toBe(413);
    expect(reply.body).toMatchObject({ code: 'pupil_import.file_too_large', status: 413 });
    expect(await world.sql('pupil-records', 'select count(*)::int as n from pupil_import')).toEqual(before);
  }, 60_000);
  it('P15: a job a stopped service left running is marked failed when it starts again, with what it had saved', async () => {
    const crashed = await schoolWithHead('994', '7110');
    const file = await generateCtfBuffer(forSchool(crashed, { pupils: 8000, seed: 91 }));
    const reply = await upload(crashed.head, file);
    expect(reply.status).toBe(202);
    const url = `/api/v1/pupil-imports/${reply.body.id}`;
    await world.until(async () => {
      const job = (await world.call<PupilImportView>(crashed.head, 'GET', url)).body;
      return job.status === 'running' && job.progress.pupilsRead > 0;
    }, 30_000);
    await world.stack.stopProcess('pupil-records', 'SIGKILL');
    await world.stack.startProcess('pupil-records');
    const job = (await world.call<PupilImportView>(crashed.head, 'GET', url)).body;
    expect(job.status).toBe('failed');
    expect(job.error).toMatchObject({ code: 'interrupted' });
    expect(job.report.created).toBeLessThan(8000);
    const [{ n }] = await world.sql('pupil-records', 'select count(*)::int as n from pupil where tenant_id = $1', [
      crashed.id,
    ]);
    expect(job.report.created).toBe(n);
  }, 90_000);
});
