import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { GET_SCHOOL_STATUS, MessageContext, SYSTEM_ACTOR } from '@pt/contracts';
import { BusClient, BusException, logContext, uuid7 } from '@pt/platform';
import { SchoolStatusRepository } from './school-status.repository';

const notSigned = () =>
  BusException.conflict(
    'school.data_processing_not_signed',
    "No pupil data can be processed until the school's data processing terms are signed",
  );

/**
 * P11: no pupil data is processed until the school has signed the data processing terms.
 * Every creation or import of pupil data calls `assertAllowed` inside its unit of work.
 * The answer comes from the local `school_status` table (kept by SchoolStatusConsumer);
 * only a school never heard of is asked of identity, once, and remembered.
 */
@Injectable()
export class SchoolProcessing {
  constructor(private readonly bus: BusClient) {}

  async assertAllowed(em: EntityManager, tenantId: string): Promise<void> {
    const statuses = new SchoolStatusRepository(em);
    const known = await statuses.find(tenantId);
    if (known) {
      if (!known.dataProcessingAllowed) throw notSigned();
      return;
    }
    const asOf = new Date();
    const status = await this.askIdentity(tenantId);
    if (!status) throw notSigned();
    await statuses.record({
      tenantId,
      status: status.status,
      dataProcessingAllowed: status.dataProcessingAllowed,
      asOf,
    });
    if (!status.dataProcessingAllowed) throw notSigned();
  }

  private async askIdentity(tenantId: string) {
    const ctx: MessageContext = {
      tenantId,
      actor: SYSTEM_ACTOR,
      requestId: logContext.get()?.requestId ?? uuid7(),
      ip: null,
    };
    try {
      return await this.bus.request(GET_SCHOOL_STATUS, ctx, { schoolId: tenantId });
    } catch (error) {
      // A school identity does not know cannot have signed anything.
      if (error instanceof BusException && error.kind === 'not_found') return null;
      throw error;
    }
  }
}
