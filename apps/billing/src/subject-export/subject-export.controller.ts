import { Controller } from '@nestjs/common';
import { subjectExportPattern, SubjectExportRequest, SubjectExportSection } from '@pt/contracts';
import { Access, Allow, Handles, MsgData } from '@pt/platform';

/**
 * The billing service's part of a subject-access bundle (P21). Its database holds no record
 * about any person yet (only its event outbox and consumer bookkeeping), so for every
 * subject it answers found:false. When it starts keeping data about a person, this answer
 * must return it.
 */
@Controller()
export class SubjectExportController {
  @Handles(subjectExportPattern('billing'))
  @Access(Allow.school('rights:manage'))
  export(@MsgData() _data: SubjectExportRequest): SubjectExportSection {
    return { service: 'billing', found: false, records: {}, files: [] };
  }
}
