import { Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { PUPIL_RECORDS_SCHOOL_PURGE_CONFIRMED } from '@pt/contracts';
import { EventConsumers, startSchoolPurgeConsumer } from '@pt/platform';

/** Durable: a purge begun while pupil-records was down is carried out when it comes back. */
export const PUPIL_RECORDS_SCHOOL_PURGE_CONSUMER = 'pupil-records-school-purge';

/**
 * P25: at a school's purge every pupil of it goes, with everything that hangs off them
 * (guardians, consents, health notes, photographs, restrictions, erasure records, imports),
 * its class groups, counts and status: every row of the school in every table.
 */
@Injectable()
export class SchoolPurgeConsumer implements OnApplicationBootstrap {
  constructor(private readonly consumers: EventConsumers) {}

  onApplicationBootstrap(): Promise<void> {
    return startSchoolPurgeConsumer(this.consumers, {
      durable: PUPIL_RECORDS_SCHOOL_PURGE_CONSUMER,
      confirmation: PUPIL_RECORDS_SCHOOL_PURGE_CONFIRMED,
    });
  }
}
