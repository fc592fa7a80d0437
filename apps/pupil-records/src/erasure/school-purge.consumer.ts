import { Inject, Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { PUPIL_RECORDS_SCHOOL_PURGE_CONFIRMED } from '@pt/contracts';
import { EventConsumers, FileStore, PLATFORM_LOGGER, startSchoolPurgeConsumer } from '@pt/platform';
import { Logger } from 'pino';

/** Durable: a purge begun while pupil-records was down is carried out when it comes back. */
export const PUPIL_RECORDS_SCHOOL_PURGE_CONSUMER = 'pupil-records-school-purge';

/**
 * P25: at a school's purge every pupil of it goes, with everything that hangs off them
 * (guardians, consents, health notes, photographs, restrictions, erasure records, imports),
 * its class groups, counts and status: every row of the school in every table; and
 * every file of the school left in the shared file store.
 */
@Injectable()
export class SchoolPurgeConsumer implements OnApplicationBootstrap {
  constructor(
    private readonly consumers: EventConsumers,
    private readonly files: FileStore,
    @Inject(PLATFORM_LOGGER) private readonly logger: Logger,
  ) {}

  onApplicationBootstrap(): Promise<void> {
    return startSchoolPurgeConsumer(this.consumers, {
      durable: PUPIL_RECORDS_SCHOOL_PURGE_CONSUMER,
      confirmation: PUPIL_RECORDS_SCHOOL_PURGE_CONFIRMED,
      // The namespace's one file store: every service's files of the school in transit go with pupil-records' purge.
      files: this.files,
      logger: this.logger,
    });
  }
}
