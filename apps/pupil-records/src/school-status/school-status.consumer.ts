import { Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { SCHOOL_STATUS_CHANGED } from '@pt/contracts';
import { eventRoutes, EventConsumers } from '@pt/platform';
import { SchoolStatusRepository } from './school-status.repository';

/** Durable: a status change published while pupil-records was down is applied when it comes back. */
export const SCHOOL_STATUS_CONSUMER = 'pupil-records-school-status';

/** Keeps `school_status` in step with identity's SCHOOL_STATUS_CHANGED events (P11). */
@Injectable()
export class SchoolStatusConsumer implements OnApplicationBootstrap {
  constructor(private readonly consumers: EventConsumers) {}

  async onApplicationBootstrap(): Promise<void> {
    const routes = eventRoutes().on(SCHOOL_STATUS_CHANGED, async ({ data, occurredAt }, em) => {
      await new SchoolStatusRepository(em).record({
        tenantId: data.schoolId,
        status: data.status,
        dataProcessingAllowed: data.dataProcessingAllowed === true,
        asOf: new Date(occurredAt),
      });
    });
    await this.consumers.start({ durable: SCHOOL_STATUS_CONSUMER, subjects: routes.subjects, handle: routes.handle });
  }
}
