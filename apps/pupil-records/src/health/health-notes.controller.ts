import { Controller } from '@nestjs/common';
import {
  ADD_HEALTH_NOTE,
  AddHealthNoteRequest,
  DELETE_HEALTH_NOTE,
  HealthNotesView,
  HealthNoteView,
  LIST_HEALTH_NOTES,
} from '@pt/contracts';
import { Access, Allow, Handles, MsgData, SchoolContext, SchoolCtx } from '@pt/platform';
import { HealthNotesService } from './health-notes.service';

@Controller()
export class HealthNotesController {
  constructor(private readonly notes: HealthNotesService) {}

  @Handles(LIST_HEALTH_NOTES)
  @Access(Allow.school('pupils:read'))
  list(@SchoolCtx() ctx: SchoolContext, @MsgData() data: { pupilId: string }): Promise<HealthNotesView> {
    return this.notes.list(ctx, data.pupilId);
  }

  @Handles(ADD_HEALTH_NOTE)
  @Access(Allow.school('pupils:write'))
  add(@SchoolCtx() ctx: SchoolContext, @MsgData() data: AddHealthNoteRequest): Promise<HealthNoteView> {
    return this.notes.add(ctx, data);
  }

  @Handles(DELETE_HEALTH_NOTE)
  @Access(Allow.school('pupils:write'))
  remove(
    @SchoolCtx() ctx: SchoolContext,
    @MsgData() data: { pupilId: string; noteId: string },
  ): Promise<{ deleted: true }> {
    return this.notes.remove(ctx, data);
  }
}
