import { Controller } from '@nestjs/common';
import { CtfExportFile, EXPORT_PUPILS_CTF, ExportPupilsCtfRequest, MessageContext } from '@pt/contracts';
import { Handles, MsgCtx, MsgData } from '@pt/platform';
import { PupilExportsService } from './pupil-exports.service';

@Controller()
export class PupilExportsController {
  constructor(private readonly exports: PupilExportsService) {}

  @Handles(EXPORT_PUPILS_CTF)
  exportCtf(@MsgCtx() ctx: MessageContext, @MsgData() data: ExportPupilsCtfRequest): Promise<CtfExportFile> {
    return this.exports.exportCtf(ctx, data);
  }
}
