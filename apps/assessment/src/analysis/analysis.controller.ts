import { Controller } from '@nestjs/common';
import {
  ANALYSE_MEASURE,
  ANALYSE_SCHOOLS,
  AnalyseMeasureRequest,
  AnalyseSchoolsRequest,
  AnalysisView,
  MessageContext,
} from '@pt/contracts';
import { Access, Allow, Handles, MsgCtx, MsgData, SchoolContext, SchoolCtx } from '@pt/platform';
import { AnalysisService } from './analysis.service';

@Controller()
export class AnalysisController {
  constructor(private readonly analysis: AnalysisService) {}

  @Handles(ANALYSE_MEASURE)
  @Access(Allow.school('assessments:read'))
  measure(@SchoolCtx() ctx: SchoolContext, @MsgData() data: AnalyseMeasureRequest): Promise<AnalysisView> {
    return this.analysis.analyseMeasure(ctx, data);
  }

  /** Platform staff who may enter schools under their grants (support:enter) pool those schools. */
  @Handles(ANALYSE_SCHOOLS)
  @Access(Allow.platform('support:enter'))
  schools(@MsgCtx() ctx: MessageContext, @MsgData() data: AnalyseSchoolsRequest): Promise<AnalysisView> {
    return this.analysis.analyseSchools(ctx, data);
  }
}
