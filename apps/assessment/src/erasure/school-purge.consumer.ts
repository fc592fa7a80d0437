import { Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { ASSESSMENT_SCHOOL_PURGE_CONFIRMED } from '@pt/contracts';
import { EventConsumers, startSchoolPurgeConsumer } from '@pt/platform';

/** Durable: a purge begun while assessment was down is carried out when it comes back. */
export const ASSESSMENT_SCHOOL_PURGE_CONSUMER = 'assessment-school-purge';

/**
 * P25: at a school's purge everything assessment holds of it goes: frameworks, measures,
 * points, results and their history, targets, marks and the read model of its pupils.
 */
@Injectable()
export class SchoolPurgeConsumer implements OnApplicationBootstrap {
  constructor(private readonly consumers: EventConsumers) {}

  onApplicationBootstrap(): Promise<void> {
    return startSchoolPurgeConsumer(this.consumers, {
      durable: ASSESSMENT_SCHOOL_PURGE_CONSUMER,
      confirmation: ASSESSMENT_SCHOOL_PURGE_CONFIRMED,
    });
  }
}
