import { Controller } from '@nestjs/common';
import {
  GET_PUPIL_IMPORT,
  PREPARE_PUPIL_IMPORT,
  PupilImportFormat,
  PupilImportView,
  START_PUPIL_IMPORT,
  StartPupilImportRequest,
} from '@pt/contracts';
import { Access, Allow, Handles, MsgData, SchoolContext, SchoolCtx } from '@pt/platform';
import { PupilImportsService } from './pupil-imports.service';

@Controller()
export class PupilImportsController {
  constructor(private readonly imports: PupilImportsService) {}

  @Handles(PREPARE_PUPIL_IMPORT)
  @Access(Allow.school('pupils:import'))
  prepare(@SchoolCtx() ctx: SchoolContext, @MsgData() data: { format: PupilImportFormat }): Promise<{ allowed: true }> {
    return this.imports.prepare(ctx, data.format);
  }

  @Handles(START_PUPIL_IMPORT)
  @Access(Allow.school('pupils:import'))
  start(@SchoolCtx() ctx: SchoolContext, @MsgData() data: StartPupilImportRequest): Promise<PupilImportView> {
    return this.imports.start(ctx, data);
  }

  @Handles(GET_PUPIL_IMPORT)
  @Access(Allow.school('pupils:import'))
  get(@SchoolCtx() ctx: SchoolContext, @MsgData() data: { importId: string }): Promise<PupilImportView> {
    return this.imports.get(ctx, data.importId);
  }
}
