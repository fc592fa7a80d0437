import { randomUUID } from 'node:crypto';
import { MessageContext, PUPIL_COUNT_CHANGED, upnCheckLetter } from '@pt/contracts';
import { tenantScope } from '@pt/persistence';
import { TestDatabase } from '@pt/testing';
import { Pupil } from './pupil.entity';
import { stagePupilCountIfChanged } from './pupil-count';
import { pupilRecordsTestDatabase } from '../pupil-records.test-database';

let db: TestDatabase;
const school = randomUUID();
const ctx: MessageContext = {
  tenantId: school,
  actor: { id: randomUUID(), kind: 'staff', roles: ['office'] },
  requestId: randomUUID(),
  ip: null,
};
let serial = 0;

beforeAll(async () => {
  db = await pupilRecordsTestDatabase('pupilcount');
});

afterAll(async () => {
  await db?.drop();
});

function newPupil(leavingDate: string | null = null): Pupil {
  const rest = `80130${String(++serial).padStart(7, '0')}`;
  return Object.assign(new Pupil(), {
    id: randomUUID(),
    tenantId: school,
    upn: upnCheckLetter(rest) + rest,
    legalForename: 'A',
    legalSurname: 'B',
    dateOfBirth: '2015-01-01',
    yearGroup: '7',
    leavingDate,
  });
}

async function staged(): Promise<number[]> {
  const rows = await db.ownerQuery<{ envelope: { data: { pupilsOnRoll: number } } }>(
    'select envelope from outbox where subject = $1 order by id',
    [PUPIL_COUNT_CHANGED.subject],
  );
  return rows.map((r) => r.envelope.data.pupilsOnRoll);
}

describe('pupils on roll for billing (issue 6 item 9)', () => {
  it('P20: stages the count when it changes, in the same unit of work, and nothing when it does not', async () => {
    await db.unitOfWork.run(tenantScope(school), async (em) => {
      em.persist([newPupil(), newPupil(), newPupil('2020-07-20')]);
      await stagePupilCountIfChanged(em, ctx);
    });
    expect(await staged()).toEqual([2]);

    // A change that leaves the roll as it was (a re-import, an edit) publishes nothing.
    await db.unitOfWork.run(tenantScope(school), (em) => stagePupilCountIfChanged(em, ctx));
    expect(await staged()).toEqual([2]);

    await db.unitOfWork.run(tenantScope(school), async (em) => {
      em.persist(newPupil());
      await stagePupilCountIfChanged(em, ctx);
    });
    expect(await staged()).toEqual([2, 3]);
  });

  it('P20: concurrent writers count one after the other, so the last count staged is the true roll', async () => {
    await Promise.all(
      Array.from({ length: 6 }, () =>
        db.unitOfWork.run(tenantScope(school), async (em) => {
          em.persist(newPupil());
          await stagePupilCountIfChanged(em, ctx);
        }),
      ),
    );
    const counts = await staged();
    expect(counts.slice(2)).toEqual([4, 5, 6, 7, 8, 9]);
  });

  it('P20: a rolled-back unit of work stages nothing and leaves the last published count as it was', async () => {
    await expect(
      db.unitOfWork.run(tenantScope(school), async (em) => {
        em.persist(newPupil());
        await stagePupilCountIfChanged(em, ctx);
        throw new Error('refused later in the same unit of work');
      }),
    ).rejects.toThrow('refused later');
    await db.unitOfWork.run(tenantScope(school), (em) => stagePupilCountIfChanged(em, ctx));
    expect((await staged()).at(-1)).toBe(9);
  });
});
