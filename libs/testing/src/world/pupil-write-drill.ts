import { PUPIL_CREATED, upnCheckLetter } from '@pt/contracts';
import { Caller } from './gateway-client';
import { newPupil } from './pupil-fields';
import type { World } from './world';
import { WriteLoad, WriteTally } from './write-load';

let drilled = 0;

/** A valid UPN per write (establishment 5xxx), never repeated in a test file however many writes a load sends. */
export function drillUpn(): string {
  drilled += 1;
  const rest = `801${5000 + Math.floor(drilled / 1000)}26${String(drilled % 1000).padStart(3, '0')}`;
  return upnCheckLetter(rest) + rest;
}

/**
 * The fault drills' write: pupils added through the gateway by `by`, each keyed by its
 * UPN, so the ledger can count them in pupil-records' database afterwards.
 */
export function pupilWriteLoad(world: World, by: Caller, options: { writers?: number; pauseMs?: number } = {}) {
  return WriteLoad.start({
    writers: options.writers ?? 6,
    pauseMs: options.pauseMs ?? 25,
    nextKey: drillUpn,
    write: (upn) => world.call(by, 'POST', '/api/v1/pupils', newPupil({ upn })),
  });
}

/**
 * Judges a pupil write load once the fault is over: the ledger against the school's rows,
 * and the school's pupil-created events in the stream, which must announce each pupil that
 * exists exactly once and no other (waits up to 10 s for the outbox to catch up).
 */
export async function judgePupilWrites(
  world: World,
  schoolId: string,
  load: WriteLoad,
): Promise<{ tally: WriteTally; pupilIds: string[]; announced: string[] }> {
  const rows = await world.sql<{ upn: string; id: string }>(
    'pupil-records',
    'select upn, id from pupil where tenant_id = $1',
    [schoolId],
  );
  const applied = new Map<string, number>();
  for (const row of rows) applied.set(row.upn, (applied.get(row.upn) ?? 0) + 1);
  const pupilIds = rows.map((row) => row.id).sort();
  let announced: string[] = [];
  await world
    .published<{ pupilId: string }>(PUPIL_CREATED.subject, (events) => {
      announced = events
        .filter((event) => event.tenantId === schoolId)
        .map((event) => event.data.pupilId)
        .sort();
      return pupilIds.every((id) => announced.includes(id));
    })
    // Not all there within the wait: the caller's comparison shows which.
    .catch(() => undefined);
  return { tally: load.tally(applied), pupilIds, announced };
}

/**
 * The drills' verdict on a pupil write load once the fault is over: no acknowledged write
 * lost, none refused applied (ghost), none applied twice, no row the load did not send; enough
 * acknowledged for the count to mean something; and each pupil that exists announced exactly
 * once, by the outbox, and no other.
 */
export async function expectPupilWritesIntact(
  world: World,
  schoolId: string,
  load: WriteLoad,
  minimumAcknowledged = 20,
): Promise<void> {
  const { tally, pupilIds, announced } = await judgePupilWrites(world, schoolId, load);
  expect({
    lost: tally.lost,
    ghosts: tally.ghosts,
    duplicates: tally.duplicates,
    strangers: tally.strangers,
  }).toEqual({ lost: [], ghosts: [], duplicates: [], strangers: [] });
  expect(tally.acknowledged).toBeGreaterThanOrEqual(minimumAcknowledged);
  expect(announced).toEqual(pupilIds);
}

/**
 * A dependency stopped under the load and started again: writes before, refusals while it is
 * away (and a while longer, so the outage is not a blip), writes again after. Returns when it
 * stopped and came back, for judging the answers given in between.
 */
export async function outageUnderLoad(
  load: WriteLoad,
  dependency: { stop(): Promise<unknown>; resume(): Promise<unknown> },
): Promise<{ stoppedAt: number; /** When the resume began. */ resumedAt: number }> {
  await load.untilMore(10);
  await dependency.stop();
  const stoppedAt = Date.now();
  await load.untilMore(6, 'refused');
  await new Promise((resolve) => setTimeout(resolve, 1500));
  // Taken before the resume: the dependency may serve writes while resume() is still
  // checking that it answers, and those are not answers given during the outage.
  const resumedAt = Date.now();
  await dependency.resume();
  await load.untilMore(10);
  await load.stop();
  return { stoppedAt, resumedAt };
}

/**
 * No write hung (each answered within the gateway's timeout plus a margin for a loaded
 * machine), and each answered wholly inside the outage was a retryable 503 problem+json with
 * `Retry-After` and the code `codeOf` expects for it.
 */
export function expectRetryableDuringOutage(
  load: WriteLoad,
  outage: { stoppedAt: number; resumedAt: number },
  requestTimeoutMs: number,
  codeOf: (answered: string | null) => string,
): void {
  const slowest = Math.max(...load.records.map((record) => record.endedAt - record.startedAt));
  expect(slowest).toBeLessThan(requestTimeoutMs + 1500);
  const duringOutage = load.records.filter((r) => r.startedAt > outage.stoppedAt + 100 && r.endedAt < outage.resumedAt);
  expect(duringOutage.length).toBeGreaterThan(0);
  for (const record of duringOutage) {
    expect({
      status: record.status,
      type: record.contentType,
      code: record.code,
      retryAfter: record.retryAfter,
    }).toEqual({
      status: 503,
      type: expect.stringContaining('application/problem+json'),
      code: codeOf(record.code),
      retryAfter: expect.stringMatching(/^[1-9][0-9]*$/),
    });
  }
}
