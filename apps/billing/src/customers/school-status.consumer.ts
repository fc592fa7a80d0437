import { Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { SCHOOL_STATUS_CHANGED } from '@pt/contracts';
import { eventRoutes, EventConsumers } from '@pt/platform';
import { BillingCustomerRepository } from './billing-customer.repository';

/** Durable: a signature reported while billing was down makes the customer when it comes back. */
export const BILLING_SCHOOL_STATUS_CONSUMER = 'billing-school-status';

/** A school becomes a billing customer when identity reports its data processing terms signed. */
@Injectable()
export class SchoolStatusConsumer implements OnApplicationBootstrap {
  constructor(private readonly consumers: EventConsumers) {}

  async onApplicationBootstrap(): Promise<void> {
    const routes = eventRoutes().on(SCHOOL_STATUS_CHANGED, async ({ data, occurredAt }, em) => {
      if (data.dataProcessingAllowed === true) {
        await new BillingCustomerRepository(em).becomeCustomer(data.schoolId, new Date(occurredAt));
      }
    });
    await this.consumers.start({
      durable: BILLING_SCHOOL_STATUS_CONSUMER,
      subjects: routes.subjects,
      handle: routes.handle,
    });
  }
}
