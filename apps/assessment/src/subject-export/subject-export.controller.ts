import { Controller } from '@nestjs/common';
import { subjectExportPattern, SubjectExportRequest, SubjectExportSection } from '@pt/contracts';
import { Access, Allow, Handles, MsgData } from '@pt/platform';

/**
 * The assessment service's part of a subject-access bundle (P21). Its database holds no record
 * about any person yet (only its event outbox and consumer bookkeeping), so for every
 * subject it answers found:false. When it starts keeping data about a person, this answer
 * must return it.
 */
@Controller()
export class SubjectExportController {
  @Handles(subjectExportPattern('assessment'))
  @Access(Allow.school('rights:manage'))
  export(@MsgData() _data: SubjectExportRequest): SubjectExportSection {
    return { service: 'assessment', found: false, records: {}, files: [] };
  }
}
