import { CREATE_CLASS_GROUP, CREATE_PUPIL, LIST_PUPILS, ListPupilsRequest, PupilView } from '@pt/contracts';
import { aPupil, aStaff } from '@pt/testing';
import { ServiceHarness } from '@pt/testing/service-harness';
import { aSignedSchool, startPupilRecordsHarness } from '../pupil-records.harness';

describe('P14: listing the pupil register (pupil-records)', () => {
  let pupilRecords: ServiceHarness;
  let admin: ReturnType<typeof aStaff>;
  let group7A: string;
  let group8A: string;
  const made: PupilView[] = [];

  const list = async (query: Partial<ListPupilsRequest>) =>
    pupilRecords.call(LIST_PUPILS, { limit: 50, ...query }, admin);
  const names = (page: { items: PupilView[] }) => page.items.map((p) => `${p.legalForename} ${p.legalSurname}`);

  beforeAll(async () => {
    pupilRecords = await startPupilRecordsHarness();
    admin = aStaff(await aSignedSchool(pupilRecords));
    group7A = (await pupilRecords.call(CREATE_CLASS_GROUP, { name: '7A', yearGroup: '7' }, admin)).id;
    group8A = (await pupilRecords.call(CREATE_CLASS_GROUP, { name: '8A', yearGroup: '8' }, admin)).id;
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
      made.push(
        await pupilRecords.call(
          CREATE_PUPIL,
          aPupil({ legalForename, legalSurname, yearGroup, ...extra } as never),
          admin,
        ),
      );
    }
  });

  afterAll(async () => {
    await pupilRecords?.stop();
  });

  it('P14: lists in name order and pages by cursor without repeating or skipping anyone', async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const page: { items: PupilView[]; nextCursor: string | null } = await list({
        limit: 3,
        ...(cursor ? { cursor } : {}),
      });
      seen.push(...names(page));
      cursor = page.nextCursor;
      pages++;
    } while (cursor && pages < 10);
    expect(pages).toBe(3);
    expect(seen).toEqual([
      'Ava Brown',
      'Leo Evans',
      'Isla Jones',
      'George Patel',
      'Amelia Smith',
      'Oliver Smith',
      'Noah Smithson',
    ]);
    expect(await pupilRecords.attempt(LIST_PUPILS, { limit: 50, cursor: 'not-a-cursor' }, admin)).toMatchObject({
      kind: 'validation',
      errors: [{ field: 'cursor', message: 'is not a valid cursor' }],
    });
  });

  it('P19: a cursor carries no name, even decoded; a cursor altered, or from another school, is refused naming cursor', async () => {
    const first = await list({ limit: 4 });
    const cursor = first.nextCursor!;
    // The fourth row is George Patel: neither his names nor his id are in the cursor in any encoding.
    const decoded = [
      cursor,
      Buffer.from(cursor, 'base64url').toString('utf8'),
      Buffer.from(cursor, 'base64url').toString('latin1'),
    ];
    for (const text of decoded) expect(text).not.toMatch(/Patel|George|Smith|Brown/);
    expect(decoded.join()).not.toContain(first.items[3].id);
    expect(names(await list({ limit: 4, cursor }))).toEqual(['Amelia Smith', 'Oliver Smith', 'Noah Smithson']);

    const readable = Buffer.from(JSON.stringify([JSON.stringify(['Patel', 'George']), first.items[3].id])).toString(
      'base64url',
    );
    const altered = Buffer.from(cursor, 'base64url');
    altered[altered.length - 1] ^= 1;
    const otherSchool = aStaff(await aSignedSchool(pupilRecords));
    const refusals = [
      await pupilRecords.attempt(LIST_PUPILS, { limit: 4, cursor: readable }, admin),
      await pupilRecords.attempt(LIST_PUPILS, { limit: 4, cursor: altered.toString('base64url') }, admin),
      await pupilRecords.attempt(LIST_PUPILS, { limit: 4, cursor }, otherSchool),
    ];
    for (const refusal of refusals) {
      expect(refusal).toMatchObject({
        kind: 'validation',
        errors: [{ field: 'cursor', message: 'is not a valid cursor' }],
      });
    }
  });

  it('P14: filters by year group, class group, SEN status and each yes/no characteristic', async () => {
    expect(names(await list({ yearGroup: '8' }))).toEqual(['Ava Brown', 'Isla Jones', 'George Patel']);
    expect(names(await list({ classGroupId: group7A }))).toEqual(['Amelia Smith', 'Oliver Smith', 'Noah Smithson']);
    expect(names(await list({ flags: { fsm: true } }))).toEqual(['George Patel', 'Oliver Smith', 'Noah Smithson']);
    expect(names(await list({ flags: { fsm: true }, yearGroup: '7' }))).toEqual(['Oliver Smith', 'Noah Smithson']);
    expect(names(await list({ flags: { eal: true } }))).toEqual(['Amelia Smith']);
    expect(names(await list({ flags: { pupilPremium: true } }))).toEqual(['Ava Brown']);
    expect(names(await list({ senStatus: 'ehc-plan' }))).toEqual(['Noah Smithson']);
    expect((await list({ flags: { fsm: false } })).items).toHaveLength(4);
    expect((await list({ restricted: false })).items).toHaveLength(7);
  });

  it('P14: searches words that begin a legal or preferred name, or the start of a UPN', async () => {
    expect(names(await list({ q: 'smi' }))).toEqual(['George Patel', 'Amelia Smith', 'Oliver Smith', 'Noah Smithson']);
    expect(names(await list({ q: 'SMITH o' }))).toEqual(['Oliver Smith']);
    expect(names(await list({ q: 'smy' }))).toEqual(['Isla Jones']);
    expect(names(await list({ q: 'ava' }))).toEqual(['Ava Brown']);
    expect(names(await list({ q: 'mith' }))).toEqual([]);
    const leo = made.find((p) => p.legalForename === 'Leo')!;
    expect(names(await list({ q: leo.upn.toLowerCase() }))).toEqual(['Leo Evans']);
    expect(names(await list({ q: 'smi', yearGroup: '7', limit: 1 }))).toEqual(['Amelia Smith']);
    expect(names(await list({ q: 'smith o', flags: { fsm: true }, limit: 10 }))).toEqual(['Oliver Smith']);
  });
});
