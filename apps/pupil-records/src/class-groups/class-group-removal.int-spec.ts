import { randomUUID } from 'node:crypto';
import { upnCheckLetter } from '@pt/contracts';
import { tenantScope } from '@pt/persistence';
import { SchoolContext } from '@pt/platform';
import { TestDatabase } from '@pt/testing';
import { Pupil } from '../pupils/pupil.entity';
import { ClassGroup } from '../pupils/class-group.entity';
import { ClassGroupRepository } from '../pupils/class-group.repository';
import { ClassGroupsService } from './class-groups.service';
import { pupilRecordsTestDatabase } from '../pupil-records.test-database';

const school = randomUUID();
const ctx: SchoolContext = {
  tenantId: school,
  actor: { id: randomUUID(), kind: 'staff', roles: ['school-admin'] },
  requestId: randomUUID(),
  ip: null,
};
let db: TestDatabase;
let service: ClassGroupsService;

beforeAll(async () => {
  db = await pupilRecordsTestDatabase('groupremoval');
  service = new ClassGroupsService(db.unitOfWork);
});

afterAll(async () => {
  await db?.drop();
});

async function newGroup(name: string): Promise<string> {
  const id = randomUUID();
  await db.unitOfWork.run(tenantScope(school), async (em) => {
    em.persist(Object.assign(new ClassGroup(), { id, tenantId: school, name }));
  });
  return id;
}

const settled = (promise: Promise<unknown>) => {
  let done = false;
  promise.then(
    () => (done = true),
    () => (done = true),
  );
  return () => done;
};

describe('class groups: a pupil is never left in a removed group', () => {
  it('P19: removing a group waits for a pupil being placed in it, then refuses (409 class_group.in_use)', async () => {
    const groupId = await newGroup('5P');
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    let locked!: () => void;
    const lockTaken = new Promise<void>((resolve) => (locked = resolve));
    // What placing a pupil does: lock the group (share), then write the pupil in the same transaction.
    const placing = db.unitOfWork.run(tenantScope(school), async (em) => {
      expect(await new ClassGroupRepository(em).findLocked(groupId, 'share')).not.toBeNull();
      locked();
      await gate;
      const rest = '801600000001';
      em.persist(
        Object.assign(new Pupil(), {
          id: randomUUID(),
          tenantId: school,
          upn: upnCheckLetter(rest) + rest,
          legalForename: 'A',
          legalSurname: 'B',
          dateOfBirth: '2016-01-01',
          yearGroup: '5',
          classGroupId: groupId,
        }),
      );
    });
    await lockTaken;
    const removal = service.delete(ctx, groupId);
    const removalDone = settled(removal);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(removalDone()).toBe(false);
    release();
    await placing;
    await expect(removal).rejects.toMatchObject({ body: { kind: 'conflict', code: 'class_group.in_use' } });
    const [{ n }] = await db.ownerQuery<{ n: number }>('select count(*)::int as n from class_group where id = $1', [
      groupId,
    ]);
    expect(n).toBe(1);
  });

  it('P19: an empty group is removed, and another school cannot remove it', async () => {
    const groupId = await newGroup('5Q');
    await expect(service.delete({ ...ctx, tenantId: randomUUID() }, groupId)).rejects.toMatchObject({
      body: { kind: 'not_found' },
    });
    await expect(service.delete(ctx, groupId)).resolves.toEqual({ deleted: true });
  });
});
