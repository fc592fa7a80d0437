import { Readable } from 'node:stream';
import { expectedPupil, generateCtf, GenerateCtfOptions } from './ctf-generator';
import { CtfFormatError, CtfItem, CtfReader, ImportRecord } from './ctf-parser';

const AS_OF = new Date('2026-11-20T12:00:00Z');

async function readAll(source: AsyncIterable<string | Buffer>): Promise<{ items: CtfItem[]; reader: CtfReader }> {
  const reader = new CtfReader(source, { asOf: AS_OF });
  const items: CtfItem[] = [];
  for await (const item of reader) items.push(item);
  return { items, reader };
}

const pupilsOf = (items: CtfItem[]): ImportRecord[] =>
  items.flatMap((item) => (item.kind === 'pupil' ? [item.pupil] : []));

/** Re-chunks a string into pieces of `size` bytes, so element names and multi-byte characters split across chunks. */
async function* inPieces(text: string, size: number): AsyncGenerator<Buffer> {
  const bytes = Buffer.from(text, 'utf8');
  for (let at = 0; at < bytes.length; at += size) yield bytes.subarray(at, at + size);
}

async function generated(options: GenerateCtfOptions): Promise<string> {
  const parts: string[] = [];
  for await (const part of generateCtf({ asOf: AS_OF, ...options })) parts.push(part);
  return parts.join('');
}

describe('CtfReader (P15: only what the file contains is read)', () => {
  it('P15: reads the header and every section of a generated file, whatever the chunk boundaries', async () => {
    const options = { pupils: 40, seed: 3, asOf: AS_OF };
    const { items, reader } = await readAll(inPieces(await generated(options), 97));
    expect(items[0]).toEqual({
      kind: 'header',
      header: {
        version: '26.0',
        documentQualifier: 'partial',
        source: { lea: '873', estab: '2001', name: 'Generated Source School' },
        destination: { lea: '999', estab: '9001', name: null },
      },
    });
    const pupils = pupilsOf(items);
    expect(pupils).toHaveLength(40);
    expect(reader.pupilsRead).toBe(40);
    pupils.forEach((pupil, i) => {
      const expected = expectedPupil(options, i);
      expect(pupil.problems).toEqual([]);
      expect(pupil.upn).toBe(expected.upn);
      expect(pupil.fields).toMatchObject({
        legalForename: expected.legalForename,
        legalSurname: expected.legalSurname,
        dateOfBirth: expected.dateOfBirth,
        gender: expected.gender,
        ethnicity: expected.ethnicity,
        yearGroup: expected.yearGroup,
        fsm: expected.fsm,
        fsm6: expected.fsm6,
        senStatus: expected.senStatus,
        inLaCare: expected.inLaCare,
        attendance: expected.attendance,
      });
      if (expected.middleNames) expect(pupil.fields.middleNames).toBe(expected.middleNames);
      else expect('middleNames' in pupil.fields).toBe(false);
      if (expected.senNeeds.length) expect(pupil.fields.senNeeds).toEqual(expected.senNeeds);
      // Not in care now says nothing about the past: everInCare is only ever set to true.
      expect(pupil.fields.everInCare).toBe(expected.inLaCare ? true : undefined);
      expect(pupil.schoolHistory.length).toBeGreaterThanOrEqual(1);
    });
    expect(reader.bytesRead).toBe(Buffer.byteLength(await generated(options)));
  });

  it('P15: reads a chunk larger than it scans at once (the file store hands over 256 KB) as it reads small ones', async () => {
    const text = await generated({ pupils: 300, seed: 5, asOf: AS_OF });
    const whole = Buffer.from(text, 'utf8');
    // Several of the reader's 64 KB pieces, so pupils and elements straddle their edges.
    expect(whole.length).toBeGreaterThan(4 * 64 * 1024);
    const small = await readAll(inPieces(text, 97));
    const large = await readAll(inPieces(text, whole.length));
    expect(pupilsOf(large.items)).toHaveLength(300);
    expect(large.items).toEqual(small.items);
    expect(large.reader.bytesRead).toBe(whole.length);
  });

  it('P15: absent sections produce no fields at all', async () => {
    const options = { pupils: 5, seed: 4, omit: ['FSMhistory', 'SENhistory', 'LookedAfter', 'Attendance'] as const };
    const pupils = pupilsOf(
      (await readAll(inPieces(await generated({ ...options, omit: [...options.omit] }), 1000))).items,
    );
    for (const pupil of pupils) {
      for (const field of ['fsm', 'fsm6', 'senStatus', 'senNeeds', 'inLaCare', 'everInCare', 'attendance']) {
        expect(field in pupil.fields).toBe(false);
      }
    }
  });

  it('accepts the older Gender element and CTFVersion spelling', async () => {
    const xml = (await generated({ pupils: 2, seed: 5, genderTag: true })).replace(/CTFversion/g, 'CTFVersion');
    const { items } = await readAll(inPieces(xml, 50));
    expect(items[0]).toMatchObject({ kind: 'header', header: { version: '26.0' } });
    expect(pupilsOf(items).map((p) => p.fields.gender)).toEqual([
      expectedPupil({ pupils: 2, seed: 5, asOf: AS_OF }, 0).gender,
      expectedPupil({ pupils: 2, seed: 5, asOf: AS_OF }, 1).gender,
    ]);
  });

  it('flags an invalid UPN and NC year X as problems of that row only', async () => {
    const options = { pupils: 4, seed: 6, invalidUpnAt: [1], ncYearXAt: [2] };
    const pupils = pupilsOf((await readAll(inPieces(await generated(options), 4096))).items);
    expect(pupils.map((p) => p.problems.length > 0)).toEqual([false, true, true, false]);
    expect(pupils[1].problems[0]).toMatchObject({ field: 'upn', reason: expect.stringMatching(/check letter/) });
    expect(pupils[1].upn).toBe(expectedPupil({ ...options, asOf: AS_OF }, 1).upn);
    expect(pupils[2].problems[0]).toMatchObject({
      field: 'yearGroup',
      reason: expect.stringMatching(/NCyearActual X/),
    });
  });

  it('fails with the position on malformed XML, after yielding the pupils before it', async () => {
    const reader = new CtfReader(inPieces(await generated({ pupils: 10, seed: 7, malformedAfter: 3 }), 512), {
      asOf: AS_OF,
    });
    const seen: CtfItem[] = [];
    const failure = await (async () => {
      try {
        for await (const item of reader) seen.push(item);
      } catch (error) {
        return error;
      }
    })();
    expect(failure).toBeInstanceOf(CtfFormatError);
    expect((failure as CtfFormatError).message).toMatch(/not well-formed XML/);
    expect((failure as CtfFormatError).line).toBeGreaterThan(1);
    expect(pupilsOf(seen)).toHaveLength(3);
  });

  it('refuses a document that is not a CTF', async () => {
    await expect(readAll(Readable.from(['<?xml version="1.0"?><Other><Pupil/></Other>']))).rejects.toThrow(/not a CTF/);
  });

  it('reads the variants: basic details on Pupil, extended ethnicity, legacy SEN codes, latest FSM/SEN/attendance', async () => {
    const xml =
      `<?xml version="1.0" encoding="utf-8"?>\uFEFF`.slice(0, 0) +
      `\uFEFF<CTfile><Header><CTFversion>19.0</CTFversion></Header><CTFpupilData>
      <Pupil><UPN> b801200005001 </UPN><Surname>Ng</Surname><Forename>Al</Forename><DOB>2015-02-03T00:00:00</DOB><Gender>f</Gender>
        <NCyearActual>E1</NCyearActual><Ethnicity>WKOS</Ethnicity><Unknown><Surname>Nope</Surname></Unknown>
        <FSMhistory><FSMinstance><FSMstartDate>2018-01-01</FSMstartDate><FSMendDate>2021-01-01</FSMendDate></FSMinstance></FSMhistory>
        <SENhistory><SEN><StartDate>2024-01-01</StartDate><SENprovision>S</SENprovision></SEN><SEN><StartDate>2020-01-01</StartDate><SENprovision>K</SENprovision></SEN></SENhistory>
        <LookedAfter><InCare>false</InCare></LookedAfter>
        <Attendance><YearData><Year>2025</Year><SessionsPossible>10</SessionsPossible><SessionsAttended>11</SessionsAttended></YearData></Attendance>
      </Pupil></CTFpupilData></CTfile>`;
    const [pupil] = pupilsOf((await readAll(inPieces(xml, 13))).items);
    expect(pupil.upn).toBe('B801200005001');
    expect(pupil.problems).toEqual([]);
    expect(pupil.fields).toEqual({
      legalSurname: 'Ng',
      legalForename: 'Al',
      dateOfBirth: '2015-02-03',
      gender: 'F',
      yearGroup: 'N',
      ethnicity: 'WOTH',
      fsm: false,
      fsm6: true,
      senStatus: 'ehc-plan',
      inLaCare: false,
    });
    expect(pupil.warnings).toEqual([
      'legacy SENprovision S (statement) read as E (EHC plan)',
      'Attendance: SessionsAttended is more than SessionsPossible',
    ]);
  });
});
