import { AdvisoryLocks } from '@pt/persistence';
import { eventually, TestDatabase } from '@pt/testing';
import { createFixtureDatabase } from '@pt/testing/fixtures/fixture-database';
import pino from 'pino';
import { PeriodicJobs } from './periodic-jobs';

const silent = pino({ level: 'silent' });

let db: TestDatabase;

beforeAll(async () => {
  db = await createFixtureDatabase('jobs');
});

afterAll(async () => {
  await db?.drop();
});

/**
 * A replica of the service, as far as the lock can tell: each run holds the lock on a
 * connection of its own, so two PeriodicJobs on one pool contend exactly as two processes do.
 */
function replica() {
  return { jobs: new PeriodicJobs(silent, new AdvisoryLocks(db.orm)) };
}

describe('PeriodicJobs with one-replica jobs on real Postgres', () => {
  it('runs a one-replica job only on the replica that holds its lock; the others skip until it is free', async () => {
    const [first, second] = [replica(), replica()];
    try {
      let release!: () => void;
      const held = new Promise<void>((resolve) => (release = resolve));
      const ranOn: string[] = [];
      const jobOn = (name: string, jobs: PeriodicJobs) =>
        jobs.define({
          name: 'nightly-sweep',
          everyMs: 0,
          replicas: 'one-replica',
          run: async () => {
            ranOn.push(name);
            if (name === 'first') await held;
            return name;
          },
        });
      const onFirst = jobOn('first', first.jobs);
      const onSecond = jobOn('second', second.jobs);

      const firstRun = onFirst.runOnce();
      // The first replica takes the lock on a connection of its own before its run starts: wait until it runs.
      await eventually('the first replica runs, holding the lock', () => ranOn.includes('first'));
      expect(await onSecond.runOnce()).toEqual({ ran: false });
      release();
      expect(await firstRun).toEqual({ ran: true, value: 'first' });
      expect(await onSecond.runOnce()).toEqual({ ran: true, value: 'second' });
      expect(ranOn).toEqual(['first', 'second']);
    } finally {
      await Promise.all([first.jobs.onModuleDestroy(), second.jobs.onModuleDestroy()]);
    }
  });

  it('lets the lock go when a run fails, so the next tick anywhere may run', async () => {
    const [first, second] = [replica(), replica()];
    try {
      const failing = first.jobs.define({
        name: 'fragile',
        everyMs: 0,
        replicas: 'one-replica',
        run: () => Promise.reject(new Error('failed half-way')),
      });
      const healthy = second.jobs.define({ name: 'fragile', everyMs: 0, replicas: 'one-replica', run: () => 'done' });
      await expect(failing.runOnce()).rejects.toThrow('failed half-way');
      expect(await healthy.runOnce()).toEqual({ ran: true, value: 'done' });
    } finally {
      await Promise.all([first.jobs.onModuleDestroy(), second.jobs.onModuleDestroy()]);
    }
  });
});
