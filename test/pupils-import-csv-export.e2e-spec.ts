import { PupilImportView } from '@pt/contracts';
import { School, waitForImport, World } from '@pt/testing';
import { CtfReader, ImportRecord, CtfHeader } from '../apps/pupil-records/src/ctf/ctf-parser';
import { expectedPupil, generateCtfBuffer, makeUpn } from '../apps/pupil-records/src/ctf/ctf-generator';

/** A school and its admin's token. */
type SchoolWithHead = School & { head: string };

/** Reads a CTF with the importer's own parser. */
async function parseCtf(bytes: Buffer): Promise<{ header: CtfHeader | null; pupils: ImportRecord[] }> {
  let header: CtfHeader | null = null;
  const pupils: ImportRecord[] = [];
  for await (const item of new CtfReader([bytes])) {
    if (item.kind === 'header') header = item.header;
    else pupils.push(item.pupil);
  }
  return { header, pupils };
}

const ROW = `
  select id, upn, legal_forename as "legalForename", legal_surname as "legalSurname", middle_names as "middleNames",
         preferred_forename as "preferredForename", preferred_surname as "preferredSurname",
         date_of_birth::text as "dateOfBirth", gender, ethnicity, year_group as "yearGroup", fsm, eal,
         sen_status as "senStatus", sen_needs as "senNeeds", in_la_care as "inLaCare",
         attendance_possible as "possible", attendance_attended as "attended", entry_date::text as "entryDate", version
    from pupil where tenant_id = $1 order by upn`;

describe('P15: CSV import with a column mapping; P21, P22: CTF export for portability', () => {
  let world: World;
  let csvSchool: SchoolWithHead;
  let source: SchoolWithHead;
  let target: SchoolWithHead;

  const rows = (tenantId: string) => world.sql('pupil-records', ROW, [tenantId]);

  /** A school with LA `laCode` and establishment `establishmentNumber` (signed unless `signed` is false) and an admin's token (every permission, pupils:import and pupils:export included). */
  const schoolWithHead = async (laCode: string, establishmentNumber: string, signed = true) => {
    const made = await world.school({ laCode, establishmentNumber, signed });
    return { ...made, head: (await world.staff(made)).token };
  };

  beforeAll(async () => {
    world = await World.start({ label: 'import-csv-export', processes: ['gateway', 'identity', 'pupil-records'] });
    csvSchool = await schoolWithHead('995', '7201');
    source = await schoolWithHead('995', '7202');
    target = await schoolWithHead('995', '7203');
  }, 120_000);

  afterAll(async () => {
    await world?.stop();
  });

  describe('CSV', () => {
    const MAPPING = {
      'Pupil UPN': 'upn',
      Surname: 'legalSurname',
      'First name': 'legalForename',
      'Date of birth': 'dateOfBirth',
      Year: 'yearGroup',
      Sex: 'gender',
      'Free meals': 'fsm',
      EAL: 'eal',
    };
    const upns = [0, 1, 2, 3].map((i) => makeUpn('995', '7201', 26, i));
    const wrongCheckLetter = (upns[2][0] === 'A' ? 'B' : 'A') + upns[2].slice(1);
    const CSV = [
      'Pupil UPN,Surname,First name,Date of birth,Year,Sex,Free meals,EAL,Notes not imported',
      `${upns[0]},"Smith Jr.",Amy,2016-03-04,Year 5,F,yes,no,ignored`,
      `${upns[1].toLowerCase()},Khan,Bilal,2015-01-20,6,M,no,,ignored`,
      `${wrongCheckLetter},Bad,Upn,2016-01-01,5,F,no,no,x`,
      `${upns[3]},Nodate,Cara,,R,F,no,no,x`,
    ].join('\r\n');

    const importCsv = async (csv: string, mapping: Record<string, string>) => {
      const reply = await world.call<PupilImportView>(
        csvSchool.head,
        'POST',
        `/api/v1/pupil-imports?format=csv&mapping=${encodeURIComponent(JSON.stringify(mapping))}`,
        csv,
        { contentType: 'text/csv' },
      );
      expect(reply.status).toBe(202);
      return waitForImport(world, csvSchool.head, reply.body.id);
    };

    it('P15: rows land through the mapping; a bad UPN and a new pupil without a date of birth are rejected', async () => {
      const job = await importCsv(CSV, MAPPING);
      expect(job.status).toBe('completed');
      expect(job.report).toMatchObject({ created: 2, updated: 0, unchanged: 0, rejected: 2 });
      expect(job.report.rejections).toEqual([
        { upn: wrongCheckLetter, position: 3, field: 'upn', reason: 'UPN check letter does not match' },
        {
          upn: upns[3],
          position: 4,
          field: 'dateOfBirth',
          reason: 'not on the register and the file lacks dateOfBirth to create it',
        },
      ]);
      const stored = await rows(csvSchool.id);
      expect(stored).toHaveLength(2);
      expect(stored.find((row) => row.upn === upns[0])).toMatchObject({
        legalSurname: 'Smith Jr.',
        legalForename: 'Amy',
        dateOfBirth: '2016-03-04',
        yearGroup: '5',
        gender: 'F',
        fsm: true,
        eal: false,
        // Not in the file: nothing invented.
        ethnicity: null,
        possible: null,
        entryDate: null,
      });
      expect(stored.find((row) => row.upn === upns[1])).toMatchObject({
        legalSurname: 'Khan',
        yearGroup: '6',
        gender: 'M',
        fsm: false,
        eal: false,
      });
    });

    it('P15: a CSV carrying only some columns changes only those; an empty cell changes nothing; a re-import nothing', async () => {
      const partial = ['UPN,Free meals,EAL', `${upns[0]},no,`, `${upns[1]},no,yes`].join('\n');
      const job = await importCsv(partial, { UPN: 'upn', 'Free meals': 'fsm', EAL: 'eal' });
      expect(job.report).toMatchObject({ created: 0, updated: 2, unchanged: 0, rejected: 0 });
      const stored = await rows(csvSchool.id);
      const [amy, bilal] = [0, 1].map((i) => stored.find((row) => row.upn === upns[i]));
      expect(amy).toMatchObject({ legalSurname: 'Smith Jr.', fsm: false, eal: false, version: 2 });
      expect(bilal).toMatchObject({ legalSurname: 'Khan', fsm: false, eal: true, version: 2 });
      const again = await importCsv(partial, { UPN: 'upn', 'Free meals': 'fsm', EAL: 'eal' });
      expect(again.report).toMatchObject({ created: 0, updated: 0, unchanged: 2, rejected: 0 });
    });

    it('a bad mapping is a 400 naming it, before anything is stored; a mapping naming a missing column fails the job', async () => {
      const bad = await world.call(
        csvSchool.head,
        'POST',
        `/api/v1/pupil-imports?format=csv&mapping=${encodeURIComponent(JSON.stringify({ UPN: 'upn', X: 'shoeSize' }))}`,
        'UPN,X\n',
        { contentType: 'text/csv' },
      );
      expect(bad.status).toBe(400);
      expect(bad.body.errors).toEqual([{ field: 'mapping.X', message: expect.stringMatching(/^must be one of upn,/) }]);
      const noUpn = await world.call(
        csvSchool.head,
        'POST',
        `/api/v1/pupil-imports?format=csv&mapping=${encodeURIComponent(JSON.stringify({ Surname: 'legalSurname' }))}`,
        'Surname\nX\n',
        { contentType: 'text/csv' },
      );
      expect(noUpn.status).toBe(400);
      expect(noUpn.body.errors).toEqual([{ field: 'mapping', message: 'must map a column to upn' }]);

      const job = await importCsv('UPN,Surname\nA1,B\n', { UPN: 'upn', 'Last name': 'legalSurname' });
      expect(job.status).toBe('failed');
      expect(job.error).toMatchObject({ code: 'csv_mapping_mismatch' });
    });
  });

  describe('CTF export', () => {
    let pupilIds: Map<string, string>;
    const FILE = { pupils: 20, seed: 91, destination: { lea: '995', estab: '7202' } };

    beforeAll(async () => {
      const reply = await world.call<PupilImportView>(
        source.head,
        'POST',
        '/api/v1/pupil-imports?format=ctf',
        await generateCtfBuffer(FILE),
        { contentType: 'application/xml' },
      );
      const job = await waitForImport(world, source.head, reply.body.id);
      expect(job.report.created).toBe(20);
      pupilIds = new Map((await rows(source.id)).map((row) => [row.upn as string, row.id as string]));
    });

    it("P21: one pupil's CTF is valid XML in the newest layout, served as an attachment, not cached", async () => {
      const pupil = expectedPupil(FILE, 0);
      const id = pupilIds.get(pupil.upn)!;
      const [original] = await world.sql(
        'pupil-records',
        'select legal_surname as "legalSurname", preferred_surname as "preferredSurname" from pupil where id = $1',
        [id],
      );
      await world.sql(
        'pupil-records',
        `update pupil set legal_surname = $2, preferred_surname = 'Ré & Co' where id = $1`,
        [id, `O'Brien & <Sons> "Ltd"`],
      );
      const reply = await world.call(source.head, 'GET', `/api/v1/pupils/${id}/ctf`);
      expect(reply.status).toBe(200);
      expect(reply.headers.get('content-type')).toBe('application/xml; charset=utf-8');
      expect(reply.headers.get('content-disposition')).toMatch(/^attachment; filename="9957202_CTF_MMMXXXX_001\.xml"$/);
      expect(reply.headers.get('cache-control')).toBe('no-store');
      const text = reply.bytes.toString('utf8');
      expect(text).toContain('<CTFversion>');
      expect(text).toContain('<Sex>');
      expect(text).not.toContain('<Gender>');
      expect(text).toContain('O&apos;Brien &amp; &lt;Sons&gt; &quot;Ltd&quot;');
      const { header, pupils } = await parseCtf(reply.bytes);
      expect(header).toMatchObject({
        source: { lea: '995', estab: '7202' },
        destination: { lea: 'MMM', estab: 'XXXX' },
      });
      expect(pupils).toHaveLength(1);
      expect(pupils[0].upn).toBe(pupil.upn);
      expect(pupils[0].fields).toMatchObject({ legalSurname: `O'Brien & <Sons> "Ltd"`, preferredSurname: 'Ré & Co' });
      // Names the register's rules refuse (written behind the API's back to test the escaping) go, so that the
      // round trip below is not refused at the other school for them.
      await world.sql('pupil-records', `update pupil set legal_surname = $2, preferred_surname = $3 where id = $1`, [
        id,
        original.legalSurname,
        original.preferredSurname,
      ]);
    });

    it('P21, P22: an export round trip: the exported file parsed back, and imported at another school, gives the same pupils', async () => {
      const withNeeds = [...Array(20).keys()].map((i) => expectedPupil(FILE, i)).find((p) => p.senNeeds.length > 0)!;
      await world.sql(
        'pupil-records',
        `update pupil set special_category_consent = true, sen_needs = $2 where upn = $1`,
        [withNeeds.upn, withNeeds.senNeeds],
      );
      const reply = await world.call(source.head, 'POST', '/api/v1/pupil-exports/ctf', {
        destination: { laCode: '995', establishmentNumber: '7203' },
      });
      expect(reply.status).toBe(200);
      expect(reply.headers.get('x-pupils-exported')).toBe('20');
      const { header, pupils } = await parseCtf(reply.bytes);
      expect(header?.destination).toMatchObject({ lea: '995', estab: '7203' });
      const stored = await rows(source.id);
      expect(pupils.map((p) => p.upn).sort()).toEqual(stored.map((r) => r.upn).sort());
      for (const pupil of pupils) {
        const row = stored.find((r) => r.upn === pupil.upn)!;
        expect(pupil.problems).toEqual([]);
        expect(pupil.fields).toMatchObject({
          legalForename: row.legalForename,
          legalSurname: row.legalSurname,
          dateOfBirth: row.dateOfBirth,
          gender: row.gender,
          ethnicity: row.ethnicity,
          yearGroup: row.yearGroup,
          senStatus: row.senStatus,
          inLaCare: row.inLaCare,
          attendance: { possibleSessions: row.possible, attendedSessions: row.attended },
        });
        // P16: SEN need types leave the school only with the special-category consent.
        if (pupil.upn === withNeeds.upn) expect(pupil.fields.senNeeds).toEqual(withNeeds.senNeeds);
        else expect(pupil.fields.senNeeds).toBeUndefined();
        if (row.entryDate) {
          expect(pupil.schoolHistory).toEqual([
            { lea: '995', estab: '7202', entryDate: row.entryDate, leavingDate: null },
          ]);
        }
      }

      const imported = await world.call<PupilImportView>(
        target.head,
        'POST',
        '/api/v1/pupil-imports?format=ctf',
        reply.bytes,
        { contentType: 'application/xml' },
      );
      const job = await waitForImport(world, target.head, imported.body.id);
      expect(job.status).toBe('completed');
      expect(job.report).toMatchObject({ created: 20, rejected: 0 });
      expect(job.report.warnings.map((w) => w.code)).not.toContain('destination_mismatch');
      const copied = await rows(target.id);
      const comparable = (row: Record<string, unknown>) => ({
        ...row,
        id: undefined,
        fsm: undefined,
        entryDate: undefined,
        senNeeds: undefined,
        version: undefined,
      });
      expect(copied.map(comparable)).toEqual(stored.map(comparable));
    });

    it('P18: a restricted pupil is left out of a set export and refused on its own (409 pupil.restricted)', async () => {
      const restricted = expectedPupil(FILE, 5);
      const id = pupilIds.get(restricted.upn)!;
      await world.sql('pupil-records', 'update pupil set restricted = true where id = $1', [id]);
      const single = await world.call(source.head, 'GET', `/api/v1/pupils/${id}/ctf`);
      expect(single.status).toBe(409);
      expect(single.body.code).toBe('pupil.restricted');

      const someIds = [id, pupilIds.get(expectedPupil(FILE, 6).upn)!];
      const set = await world.call(source.head, 'POST', '/api/v1/pupil-exports/ctf', { pupilIds: someIds });
      expect(set.status).toBe(200);
      expect(set.headers.get('x-pupils-exported')).toBe('1');
      expect(set.headers.get('x-pupils-excluded-restricted')).toBe('1');
      const { pupils } = await parseCtf(set.bytes);
      expect(pupils.map((p) => p.upn)).toEqual([expectedPupil(FILE, 6).upn]);

      const all = await parseCtf((await world.call(source.head, 'POST', '/api/v1/pupil-exports/ctf', {})).bytes);
      expect(all.pupils).toHaveLength(19);
      expect(all.pupils.map((p) => p.upn)).not.toContain(restricted.upn);
    });

    it("needs pupils:export; another school's pupil is 404; ids are validated", async () => {
      const id = pupilIds.get(expectedPupil(FILE, 7).upn)!;
      const office = (await world.staff(source.id, ['office'])).token;
      expect((await world.call(office, 'GET', `/api/v1/pupils/${id}/ctf`)).status).toBe(403);
      const elsewhere = await world.call(target.head, 'GET', `/api/v1/pupils/${id}/ctf`);
      expect(elsewhere.status).toBe(404);
      const bad = await world.call(source.head, 'POST', '/api/v1/pupil-exports/ctf', { pupilIds: ['x'] });
      expect(bad.status).toBe(400);
      expect(bad.body.errors[0].field).toMatch(/^pupilIds/);
    });
  });
});
