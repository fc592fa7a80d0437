import { Controller } from '@nestjs/common';
import { subjectExportPattern, SubjectExportRequest, SubjectExportSection } from '@pt/contracts';
import { Access, Allow, Handles, MsgData, SchoolContext, SchoolCtx } from '@pt/platform';
import { SubjectExportService } from './subject-export.service';

/**
 * The assessment service's part of a subject-access bundle (P21, P22). Its database now
 * holds data about people: pupils' results, their history and targets, and the staff ids
 * that recorded them or created and closed frameworks and points. SubjectExportService
 * returns them for the subject in the request's school; found:false when it holds nothing.
 */
@Controller()
export class SubjectExportController {
  constructor(private readonly subjectExport: SubjectExportService) {}

  @Handles(subjectExportPattern('assessment'))
  @Access(Allow.school('rights:manage'))
  export(@SchoolCtx() ctx: SchoolContext, @MsgData() data: SubjectExportRequest): Promise<SubjectExportSection> {
    return this.subjectExport.export(ctx, data);
  }
}
