import { Controller } from '@nestjs/common';
import { MessageContext, subjectExportPattern, SubjectExportRequest, SubjectExportSection } from '@pt/contracts';
import { BusException, Handles, MsgCtx, MsgData } from '@pt/platform';

/**
 * The billing service's part of a subject-access bundle (P21). Its database holds no record
 * about any person yet (only its event outbox and consumer bookkeeping), so for every
 * subject it answers found:false. When it starts keeping data about a person, this answer
 * must return it.
 */
@Controller()
export class SubjectExportController {
  @Handles(subjectExportPattern('billing'))
  export(@MsgCtx() ctx: MessageContext, @MsgData() _data: SubjectExportRequest): SubjectExportSection {
    if (!ctx.tenantId) throw BusException.forbidden('school_required', 'This works inside a school');
    if (!ctx.actor.permissions?.includes('rights:manage')) {
      throw BusException.forbidden('permission_denied', 'You do not have permission to do this', {
        missing: ['rights:manage'],
      });
    }
    return { service: 'billing', found: false, records: {}, files: [] };
  }
}
