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
