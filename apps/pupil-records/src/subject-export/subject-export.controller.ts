import { Controller } from '@nestjs/common';
import { subjectExportPattern, SubjectExportRequest, SubjectExportSection } from '@pt/contracts';
import { Access, Allow, Handles, MsgData, SchoolContext, SchoolCtx } from '@pt/platform';
import { SubjectExportService } from './subject-export.service';

@Controller()
export class SubjectExportController {
  constructor(private readonly subjectExport: SubjectExportService) {}

  @Handles(subjectExportPattern('pupil-records'))
  @Access(Allow.school('rights:manage'))
  export(@SchoolCtx() ctx: SchoolContext, @MsgData() data: SubjectExportRequest): Promise<SubjectExportSection> {
    return this.subjectExport.export(ctx, data);
  }
}
