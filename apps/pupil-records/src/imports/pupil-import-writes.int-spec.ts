import { randomUUID } from 'node:crypto';
import { upnCheckLetter } from '@pt/contracts';
import { tenantScope } from '@pt/persistence';
import { TestDatabase } from '@pt/testing';
import { newPupilCopyLine } from './imported-columns';
import { InsertRow, PupilImportRepository, UpsertResult } from './pupil-import.repository';
import { pupilRecordsTestDatabase } from '../pupil-records.test-database';

let db: TestDatabase;
let serial = 0;

beforeAll(async () => {
  db = await pupilRecordsTestDatabase('importwrites');
});

afterAll(async () => {
  await db?.drop();
});

function newUpn(): string {
  const rest = `80140${String(++serial).padStart(7, '0')}`;
  return upnCheckLetter(rest) + rest;
}

function insertRow(fields: Parameters<typeof newPupilCopyLine>[1], upn = newUpn()): InsertRow {
  return { id: randomUUID(), upn, copyLine: newPupilCopyLine(upn, fields) };
}

const MINIMAL = { legalForename: 'Amy', legalSurname: 'Ng', dateOfBirth: '2016-03-04', yearGroup: '5' } as const;

/** One batch's writes in one unit of work of the school's, as the import runner makes them. */
function upsert(school: string, ...batches: InsertRow[][]): Promise<UpsertResult[]> {
  return db.unitOfWork.run(tenantScope(school), async (em) => {
    const results: UpsertResult[] = [];
    for (const inserts of batches) results.push(await new PupilImportRepository(em).upsert(school, [], inserts));
    return results;
  });
}

async function stored(upn: string): Promise<Record<string, unknown>> {
  const [row] = await db.ownerQuery(
    `select tenant_id as "tenantId", legal_forename as "legalForename", legal_surname as "legalSurname",
            middle_names as "middleNames", date_of_birth::text as "dateOfBirth", gender, year_group as "yearGroup",
            sen_status as "senStatus", sen_needs as "senNeeds", fsm, eal, entry_date::text as "entryDate",
            attendance_possible as "possible", attendance_attended as "attended", version
       from pupil where upn = $1`,
    [upn],
  );
  return row;
}

describe("an import's new pupils are written by COPY through a staging table (P15)", () => {
  it('P15: stores each field the file carried, and the column defaults for those it did not', async () => {
    const school = randomUUID();
    const full = insertRow({
      ...MINIMAL,
      legalSurname: "O'Brien",
      middleNames: 'Jo\\Ann\tLee',
      gender: 'F',
      senStatus: 'sen-support',
      fsm: true,
      eal: false,
      entryDate: '2021-09-01',
      attendance: { possibleSessions: 300, attendedSessions: 281 },
    });
    const bare = insertRow(MINIMAL);
    const [result] = await upsert(school, [full, bare]);
    expect(result.created.map((row) => row.upn).sort()).toEqual([full.upn, bare.upn].sort());
    expect(result.raced).toEqual([]);
    expect(await stored(full.upn)).toEqual({
      tenantId: school,
      legalForename: 'Amy',
      legalSurname: "O'Brien",
      middleNames: 'Jo\\Ann\tLee',
      dateOfBirth: '2016-03-04',
      gender: 'F',
      yearGroup: '5',
      senStatus: 'sen-support',
      senNeeds: null,
      fsm: true,
      eal: false,
      entryDate: '2021-09-01',
      possible: 300,
      attended: 281,
      version: 1,
    });
    expect(await stored(bare.upn)).toMatchObject({
      middleNames: null,
      gender: 'U',
      senStatus: 'none',
      fsm: false,
      eal: false,
      entryDate: null,
      possible: null,
    });
  });

  it('P15: a UPN another writer created after the look-up is reported as raced, and the rest of the batch is written', async () => {
    const school = randomUUID();
    const taken = insertRow(MINIMAL);
    await upsert(school, [insertRow({ ...MINIMAL, legalForename: 'First' }, taken.upn)]);
    const other = insertRow(MINIMAL);
    const [result] = await upsert(school, [taken, other]);
    expect(result.raced).toEqual([taken.upn]);
    expect(result.created.map((row) => row.upn)).toEqual([other.upn]);
    expect(await stored(taken.upn)).toMatchObject({ legalForename: 'First' });
  });

  it('P15: batches in one transaction each stage their own rows; the same UPN in another school is its own pupil', async () => {
    const school = randomUUID();
    const another = randomUUID();
    const shared = newUpn();
    const results = await upsert(school, [insertRow(MINIMAL, shared)], [insertRow(MINIMAL)]);
    expect(results.map((result) => result.created.length)).toEqual([1, 1]);
    const [elsewhere] = await upsert(another, [insertRow(MINIMAL, shared)]);
    expect(elsewhere).toMatchObject({ raced: [], created: [{ upn: shared }] });
  });

  it('P15: a value Postgres refuses fails the whole batch, writes nothing, and leaves the connections usable', async () => {
    const school = randomUUID();
    const good = insertRow(MINIMAL);
    const bad = insertRow({ ...MINIMAL, dateOfBirth: '2016-02-30' });
    await expect(upsert(school, [good, bad])).rejects.toThrow(/date/);
    expect(await db.ownerQuery('select id from pupil where upn = any($1)', [[good.upn, bad.upn]])).toEqual([]);
    // Every pooled connection takes the next batch (a COPY left half-read would break one).
    const next = await Promise.all([1, 2, 3, 4].map(() => upsert(school, [insertRow(MINIMAL)])));
    expect(next.map(([result]) => result.created.length)).toEqual([1, 1, 1, 1]);
  });

  it("P19: row-level security holds for the staged rows: a school's unit of work cannot insert another school's pupil", async () => {
    const school = randomUUID();
    const row = insertRow(MINIMAL);
    const attempt = db.unitOfWork.run(tenantScope(school), (em) =>
      new PupilImportRepository(em).upsert(randomUUID(), [], [row]),
    );
    await expect(attempt).rejects.toThrow(/row-level security/);
    expect(await db.ownerQuery('select id from pupil where upn = $1', [row.upn])).toEqual([]);
  });
});
