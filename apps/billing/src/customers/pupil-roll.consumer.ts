import { Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { PUPIL_COUNT_CHANGED } from '@pt/contracts';
import { eventRoutes, EventConsumers } from '@pt/platform';
import { SchoolRollRepository } from './school-roll.repository';

/** Durable: a count reported while billing was down is recorded when it comes back. */
export const BILLING_PUPIL_ROLL_CONSUMER = 'billing-pupil-roll';

/** Records each school's roll from pupil-records' pupil-count event; an older count than the stored one is ignored. */
@Injectable()
export class PupilRollConsumer implements OnApplicationBootstrap {
  constructor(private readonly consumers: EventConsumers) {}

  async onApplicationBootstrap(): Promise<void> {
    const routes = eventRoutes().on(PUPIL_COUNT_CHANGED, async ({ data, occurredAt }, em) => {
      await new SchoolRollRepository(em).record(data.schoolId, data.pupilsOnRoll, new Date(occurredAt));
    });
    await this.consumers.start({
      durable: BILLING_PUPIL_ROLL_CONSUMER,
      subjects: routes.subjects,
      handle: routes.handle,
    });
  }
}
