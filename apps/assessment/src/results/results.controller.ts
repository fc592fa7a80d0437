import { Controller } from '@nestjs/common';
import {
  GET_RESULT_HISTORY,
  LIST_MISSING_RESULTS,
  LIST_RESULTS,
  ListResultsRequest,
  MissingResultsRequest,
  MissingResultsView,
  RECORD_RESULT,
  RecordResultRequest,
  ResultGridSaveView,
  ResultHistoryEntryView,
  ResultHistoryRequest,
  ResultView,
  SAVE_RESULT_GRID,
  SaveResultGridRequest,
} from '@pt/contracts';
import { Access, Allow, Handles, MsgData, SchoolContext, SchoolCtx } from '@pt/platform';
import { ResultsService } from './results.service';

@Controller()
export class ResultsController {
  constructor(private readonly results: ResultsService) {}

  @Handles(RECORD_RESULT)
  @Access(Allow.school('assessments:write'))
  record(@SchoolCtx() ctx: SchoolContext, @MsgData() data: RecordResultRequest): Promise<ResultView> {
    return this.results.record(ctx, data);
  }

  @Handles(SAVE_RESULT_GRID)
  @Access(Allow.school('assessments:write'))
  saveGrid(@SchoolCtx() ctx: SchoolContext, @MsgData() data: SaveResultGridRequest): Promise<ResultGridSaveView> {
    return this.results.saveGrid(ctx, data);
  }

  @Handles(LIST_RESULTS)
  @Access(Allow.school('assessments:read'))
  list(@SchoolCtx() ctx: SchoolContext, @MsgData() data: ListResultsRequest): Promise<ResultView[]> {
    return this.results.list(ctx, data);
  }

  @Handles(LIST_MISSING_RESULTS)
  @Access(Allow.school('assessments:read'))
  missing(@SchoolCtx() ctx: SchoolContext, @MsgData() data: MissingResultsRequest): Promise<MissingResultsView> {
    return this.results.missing(ctx, data);
  }

  @Handles(GET_RESULT_HISTORY)
  @Access(Allow.school('assessments:read'))
  history(@SchoolCtx() ctx: SchoolContext, @MsgData() data: ResultHistoryRequest): Promise<ResultHistoryEntryView[]> {
    return this.results.history(ctx, data);
  }
}
