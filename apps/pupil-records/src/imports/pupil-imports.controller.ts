import { Controller } from '@nestjs/common';
import {
  GET_PUPIL_IMPORT,
  MessageContext,
  PREPARE_PUPIL_IMPORT,
  PupilImportFormat,
  PupilImportView,
  START_PUPIL_IMPORT,
  StartPupilImportRequest,
} from '@pt/contracts';
import { Handles, MsgCtx, MsgData } from '@pt/platform';
import { PupilImportsService } from './pupil-imports.service';

@Controller()
export class PupilImportsController {
  constructor(private readonly imports: PupilImportsService) {}

  @Handles(PREPARE_PUPIL_IMPORT)
  prepare(@MsgCtx() ctx: MessageContext, @MsgData() data: { format: PupilImportFormat }): Promise<{ allowed: true }> {
    return this.imports.prepare(ctx, data.format);
  }

  @Handles(START_PUPIL_IMPORT)
  start(@MsgCtx() ctx: MessageContext, @MsgData() data: StartPupilImportRequest): Promise<PupilImportView> {
    return this.imports.start(ctx, data);
  }

  @Handles(GET_PUPIL_IMPORT)
  get(@MsgCtx() ctx: MessageContext, @MsgData() data: { importId: string }): Promise<PupilImportView> {
    return this.imports.get(ctx, data.importId);
  }
}
