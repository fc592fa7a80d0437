import { Controller } from '@nestjs/common';
import { MessageContext, subjectExportPattern, SubjectExportRequest, SubjectExportSection } from '@pt/contracts';
import { Handles, MsgCtx, MsgData } from '@pt/platform';
import { AuditSubjectExportService } from './audit-subject-export.service';

@Controller()
export class AuditSubjectExportController {
  constructor(private readonly subjectExport: AuditSubjectExportService) {}

  @Handles(subjectExportPattern('audit'))
  export(@MsgCtx() ctx: MessageContext, @MsgData() data: SubjectExportRequest): Promise<SubjectExportSection> {
    return this.subjectExport.export(ctx, data);
  }
}
