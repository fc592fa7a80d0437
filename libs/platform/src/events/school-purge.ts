import { EventSubject, isUuid, SCHOOL_PURGE_STARTED, SchoolPurgeConfirmed, SYSTEM_ACTOR } from '@pt/contracts';
import { purgeTenantRows } from '@pt/persistence';
import { EventConsumers } from './events.module';
import { eventRoutes } from './event-routes';
import { stageEvent } from './outbox';
import { uuid7 } from '../ids/uuid7';
import { FileStore } from '../files/file-store';
import { describeError } from '../logging/safe-error';
import { Logger } from 'pino';

export interface SchoolPurgeConsumerOptions {
  /** The service's durable consumer name. */
  durable: string;
  /** The service's confirmation, which billing puts on the purge certificate. */
  confirmation: EventSubject<SchoolPurgeConfirmed>;
  /** Tables that keep the school's rows (ids only, by design: audit's hash chain). */
  keep?: readonly string[];
  /**
   * The namespace's file store, given by one service only (it is one bucket for all): the
   * school's files in transit go too. Should the store be away, they expire within
   * FILES_TTL_HOURS anyway, so its failure does not hold up the purge.
   */
  files?: FileStore;
  logger?: Logger;
}

/**
 * P25: every service obeys a school's purge the same way. On billing's durable
 * SCHOOL_PURGE_STARTED it deletes everything it holds of the school (purgeTenantRows, in the
 * school's tenant scope) and stages its confirmation with the counts, in the transaction that
 * records the event as processed: a purge reported while the service was down is carried out
 * when it comes back, and a redelivery deletes (and confirms) nothing twice.
 */
export async function startSchoolPurgeConsumer(
  consumers: Pick<EventConsumers, 'start'>,
  options: SchoolPurgeConsumerOptions,
): Promise<void> {
  const routes = eventRoutes().on(SCHOOL_PURGE_STARTED, async ({ tenantId, data }, em) => {
    if (!tenantId || data?.schoolId !== tenantId || !isUuid(data.purgeId)) return;
    const deleted = await purgeTenantRows(em, tenantId, options.keep);
    if (options.files) {
      try {
        deleted['files'] = await options.files.deleteOfTenant(tenantId);
      } catch (error) {
        options.logger?.warn({ schoolId: tenantId, err: describeError(error) }, 'school purge: files left to expire');
      }
    }
    stageEvent(
      em,
      options.confirmation,
      { tenantId, actor: SYSTEM_ACTOR, requestId: uuid7() },
      { schoolId: tenantId, purgeId: data.purgeId, deleted },
    );
  });
  await consumers.start({ durable: options.durable, subjects: routes.subjects, handle: routes.handle });
}
