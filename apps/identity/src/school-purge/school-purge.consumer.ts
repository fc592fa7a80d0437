import { Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { IDENTITY_SCHOOL_PURGE_CONFIRMED } from '@pt/contracts';
import { EventConsumers, startSchoolPurgeConsumer } from '@pt/platform';

/** Durable: a purge begun while identity was down is carried out when it comes back. */
export const IDENTITY_SCHOOL_PURGE_CONSUMER = 'identity-school-purge';

/**
 * P25: at a school's purge its staff accounts, their sessions, tokens, roles, grants and
 * notices go. The school's own row (no tenant_id: its id, name and status, the
 * platform's record that it was a customer) stays.
 */
@Injectable()
export class SchoolPurgeConsumer implements OnApplicationBootstrap {
  constructor(private readonly consumers: EventConsumers) {}

  onApplicationBootstrap(): Promise<void> {
    return startSchoolPurgeConsumer(this.consumers, {
      durable: IDENTITY_SCHOOL_PURGE_CONSUMER,
      confirmation: IDENTITY_SCHOOL_PURGE_CONFIRMED,
    });
  }
}
