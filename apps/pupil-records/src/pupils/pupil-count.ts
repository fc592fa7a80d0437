import { EntityManager } from '@mikro-orm/postgresql';
import { MessageContext, PUPIL_COUNT_CHANGED } from '@pt/contracts';
import { stageEvent } from '@pt/platform';
import { PupilCountRepository } from './pupil-count.repository';

/**
 * Billing prices by pupils on roll (P20 item 9): after any change to the register
 * (create, erase, import, leaving date), call this in the same unit of work. It counts the
 * roll in SQL and stages PUPIL_COUNT_CHANGED only when the count differs from the last one
 * published, so a re-import that changes nothing publishes nothing.
 */
export async function stagePupilCountIfChanged(em: EntityManager, ctx: MessageContext): Promise<void> {
  const tenantId = ctx.tenantId;
  if (!tenantId) throw new Error('a pupil count belongs to a school: ctx.tenantId is required');
  // The count is taken in SQL: what the unit of work holds must be written first.
  await em.flush();
  const counts = new PupilCountRepository(em);
  const lastPublished = await counts.lockLastPublished(tenantId);
  const pupilsOnRoll = await counts.countOnRoll(tenantId);
  if (pupilsOnRoll === lastPublished) return;
  await counts.recordPublished(tenantId, pupilsOnRoll);
  stageEvent(em, PUPIL_COUNT_CHANGED, ctx, { schoolId: tenantId, pupilsOnRoll });
}
