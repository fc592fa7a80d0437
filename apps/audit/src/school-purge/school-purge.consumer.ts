import { Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { AUDIT_SCHOOL_PURGE_CONFIRMED } from '@pt/contracts';
import { EventConsumers, startSchoolPurgeConsumer } from '@pt/platform';

/** Durable: a purge begun while audit was down is carried out when it comes back. */
export const AUDIT_SCHOOL_PURGE_CONSUMER = 'audit-school-purge';

/**
 * P25: at a school's purge audit keeps ids only, as for a pupil's erasure (P17): the
 * school's audit chain stays (append-only and hash-chained, P24; events carry ids only, and
 * the chain goes at the end of its own retention), while the rights requests, their notes,
 * actions, reminders and exports, which hold text about people, go.
 */
@Injectable()
export class SchoolPurgeConsumer implements OnApplicationBootstrap {
  constructor(private readonly consumers: EventConsumers) {}

  onApplicationBootstrap(): Promise<void> {
    return startSchoolPurgeConsumer(this.consumers, {
      durable: AUDIT_SCHOOL_PURGE_CONSUMER,
      confirmation: AUDIT_SCHOOL_PURGE_CONFIRMED,
      keep: ['audit_entry', 'audit_checkpoint'],
    });
  }
}
