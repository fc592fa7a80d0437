import { PupilRecordsConfig } from '../pupil-records.config';
import { randomUUID } from 'node:crypto';
import { upnCheckLetter } from '@pt/contracts';
import { tenantScope } from '@pt/persistence';
import { SchoolContext } from '@pt/platform';
import { TestDatabase } from '@pt/testing';
import { SchoolProcessing } from '../school-status/school-processing';
import { Pupil } from './pupil.entity';
import { PupilsService } from './pupils.service';
import { pupilRecordsTestDatabase } from '../pupil-records.test-database';

// Enough pupils that a one-letter search is broad (over 3,000 matches: the name order is
// walked) while a surname is narrow (its matches are collected and sorted), with page
// boundaries falling inside groups of the same name.
const COUNT = 6000;
const SURNAMES = ['Abbott', 'Adams', 'Ahmed', 'Brown', 'Begum', 'Clarke'];
const FORENAMES = ['Ava', 'Ben', 'Cara', 'Dev', 'Eli'];
const school = randomUUID();
const ctx: SchoolContext = {
  tenantId: school,
  actor: { id: randomUUID(), kind: 'staff', roles: ['office'], permissions: ['pupils:read'] },
  requestId: randomUUID(),
  ip: null,
};

let db: TestDatabase;
let service: PupilsService;
const all: { id: string; surname: string; forename: string; preferred: string | null; upn: string }[] = [];

beforeAll(async () => {
  db = await pupilRecordsTestDatabase('pupilsearch');
  service = new PupilsService(
    db.unitOfWork,
    { assertAllowed: async () => undefined } as unknown as SchoolProcessing,
    new PupilRecordsConfig(),
  );
  for (let i = 0; i < COUNT; i++) {
    const rest = `80150${String(i).padStart(7, '0')}`;
    all.push({
      id: randomUUID(),
      surname: SURNAMES[i % SURNAMES.length],
      forename: FORENAMES[(i * 7) % FORENAMES.length],
      preferred: i % 5 === 1 ? 'Alfie' : null,
      upn: upnCheckLetter(rest) + rest,
    });
  }
  await db.unitOfWork.run(tenantScope(school), async (em) => {
    for (const p of all) {
      em.persist(
        Object.assign(new Pupil(), {
          id: p.id,
          tenantId: school,
          upn: p.upn,
          legalForename: p.forename,
          legalSurname: p.surname,
          preferredForename: p.preferred,
          dateOfBirth: '2015-01-01',
          yearGroup: '7',
        }),
      );
    }
  });
  await db.ownerQuery('analyze pupil');
}, 60_000);

afterAll(async () => {
  await db?.drop();
});

/** Name order as PostgreSQL gives it here (C collation: by code point), then id. */
const byName = (a: (typeof all)[number], b: (typeof all)[number]) =>
  a.surname < b.surname
    ? -1
    : a.surname > b.surname
      ? 1
      : a.forename < b.forename
        ? -1
        : a.forename > b.forename
          ? 1
          : a.id < b.id
            ? -1
            : 1;

async function everyPage(q: string, limit: number): Promise<string[]> {
  const ids: string[] = [];
  let cursor: string | undefined;
  for (let pages = 0; pages < 100; pages++) {
    const page = await service.list(ctx, { limit, q, cursor });
    ids.push(...page.items.map((p) => p.id));
    if (!page.nextCursor) return ids;
    cursor = page.nextCursor;
  }
  throw new Error('too many pages');
}

describe('P14: text search over names and UPN, in name order, page after page', () => {
  it('P14: a broad search (one letter, over 3,000 matches) pages through every match in name order, none twice', async () => {
    const expected = all
      .filter((p) => [p.surname, p.forename, p.preferred ?? ''].some((text) => /^a/i.test(text)))
      .sort(byName)
      .map((p) => p.id);
    expect(expected.length).toBeGreaterThan(3000);
    // A lone letter is a name's start: pupils whose UPN merely begins with A are not matches.
    const upnOnly = all.filter((p) => p.upn.startsWith('A') && !expected.includes(p.id));
    expect(upnOnly.length).toBeGreaterThan(0);
    expect(await everyPage('A', 200)).toEqual(expected);
  });

  it('P14: a narrow search (a surname) gives the same order and pages', async () => {
    const expected = all
      .filter((p) => p.surname === 'Begum')
      .sort(byName)
      .map((p) => p.id);
    expect(expected.length).toBe(COUNT / SURNAMES.length);
    expect(await everyPage('beg', 37)).toEqual(expected);
  });

  it('P14: every word must begin a name or the UPN: a surname and a preferred forename together', async () => {
    const expected = all
      .filter((p) => p.surname === 'Adams' && p.preferred === 'Alfie')
      .sort(byName)
      .map((p) => p.id);
    expect(expected.length).toBeGreaterThan(0);
    expect(await everyPage('adams alf', 50)).toEqual(expected);
    const [one] = all;
    expect(await everyPage(one.upn.slice(0, 13).toLowerCase(), 50)).toEqual([one.id]);
    expect(await everyPage('zed', 50)).toEqual([]);
  });
});
