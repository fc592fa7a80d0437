import { Injectable, OnApplicationBootstrap } from '@nestjs/common';
import {
  ASSESSMENT_SCHOOL_PURGE_CONFIRMED,
  AUDIT_SCHOOL_PURGE_CONFIRMED,
  EventSubject,
  IDENTITY_SCHOOL_PURGE_CONFIRMED,
  isUuid,
  PUPIL_RECORDS_SCHOOL_PURGE_CONFIRMED,
  PurgeService,
  SCHOOL_PURGE_CONFIRMATIONS,
  SchoolPurgeConfirmed,
} from '@pt/contracts';
import { eventRoutes, EventConsumers } from '@pt/platform';
import { LifecycleService } from './lifecycle.service';

/** Durable: a confirmation sent while billing was down is recorded when it comes back. */
export const BILLING_PURGE_CONFIRMATIONS_CONSUMER = 'billing-purge-confirmations';

const CONFIRMATIONS: [EventSubject<SchoolPurgeConfirmed>, PurgeService][] = [
  [IDENTITY_SCHOOL_PURGE_CONFIRMED, 'identity'],
  [PUPIL_RECORDS_SCHOOL_PURGE_CONFIRMED, 'pupil-records'],
  [ASSESSMENT_SCHOOL_PURGE_CONFIRMED, 'assessment'],
  [AUDIT_SCHOOL_PURGE_CONFIRMED, 'audit'],
];

/**
 * P25: each service's confirmation of a school's purge goes on the purge certificate; the
 * last one completes the purge (SCHOOL_PURGED). The filter is one wildcard (JetStream 2.9
 * takes one subject); a subject it catches that is not routed here is acked and left alone.
 */
@Injectable()
export class PurgeConfirmationsConsumer implements OnApplicationBootstrap {
  constructor(
    private readonly consumers: EventConsumers,
    private readonly lifecycle: LifecycleService,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const routes = eventRoutes();
    for (const [event, service] of CONFIRMATIONS) {
      routes.on(event, async ({ tenantId, data }, em) => {
        if (!tenantId || !isUuid(data?.purgeId) || data.schoolId !== tenantId) return;
        await this.lifecycle.confirm(em, data.purgeId, tenantId, service, data.deleted);
      });
    }
    const routed = new Set(routes.subjects);
    await this.consumers.start({
      durable: BILLING_PURGE_CONFIRMATIONS_CONSUMER,
      subjects: [SCHOOL_PURGE_CONFIRMATIONS],
      handle: (event, em) => (routed.has(event.subject) ? routes.handle(event, em) : Promise.resolve()),
    });
  }
}
