import { Controller } from '@nestjs/common';
import { subjectExportPattern, SubjectExportRequest, SubjectExportSection } from '@pt/contracts';
import { Access, Allow, Handles, MsgData, SchoolContext, SchoolCtx } from '@pt/platform';
import { AuditSubjectExportService } from './audit-subject-export.service';

@Controller()
export class AuditSubjectExportController {
  constructor(private readonly subjectExport: AuditSubjectExportService) {}

  @Handles(subjectExportPattern('audit'))
  @Access(Allow.school('rights:manage'))
  export(@SchoolCtx() ctx: SchoolContext, @MsgData() data: SubjectExportRequest): Promise<SubjectExportSection> {
    return this.subjectExport.export(ctx, data);
  }
}
