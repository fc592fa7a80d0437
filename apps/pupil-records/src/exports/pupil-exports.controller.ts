import { Controller } from '@nestjs/common';
import { CtfExportFile, EXPORT_PUPILS_CTF, ExportPupilsCtfRequest } from '@pt/contracts';
import { Access, Allow, Handles, MsgData, SchoolContext, SchoolCtx } from '@pt/platform';
import { PupilExportsService } from './pupil-exports.service';

@Controller()
export class PupilExportsController {
  constructor(private readonly exports: PupilExportsService) {}

  @Handles(EXPORT_PUPILS_CTF)
  @Access(Allow.school('pupils:export'))
  exportCtf(@SchoolCtx() ctx: SchoolContext, @MsgData() data: ExportPupilsCtfRequest): Promise<CtfExportFile> {
    return this.exports.exportCtf(ctx, data);
  }
}
