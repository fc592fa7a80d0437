import { Controller } from '@nestjs/common';
import { MessageContext, subjectExportPattern, SubjectExportRequest, SubjectExportSection } from '@pt/contracts';
import { Handles, MsgCtx, MsgData } from '@pt/platform';
import { SubjectExportService } from './subject-export.service';

@Controller()
export class SubjectExportController {
  constructor(private readonly subjectExport: SubjectExportService) {}

  @Handles(subjectExportPattern('identity'))
  export(@MsgCtx() ctx: MessageContext, @MsgData() data: SubjectExportRequest): Promise<SubjectExportSection> {
    return this.subjectExport.export(ctx, data);
  }
}
