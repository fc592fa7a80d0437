import { Controller } from '@nestjs/common';
import {
  ADD_HEALTH_NOTE,
  AddHealthNoteRequest,
  DELETE_HEALTH_NOTE,
  HealthNotesView,
  HealthNoteView,
  LIST_HEALTH_NOTES,
  MessageContext,
} from '@pt/contracts';
import { Handles, MsgCtx, MsgData } from '@pt/platform';
import { HealthNotesService } from './health-notes.service';

@Controller()
export class HealthNotesController {
  constructor(private readonly notes: HealthNotesService) {}

  @Handles(LIST_HEALTH_NOTES)
  list(@MsgCtx() ctx: MessageContext, @MsgData() data: { pupilId: string }): Promise<HealthNotesView> {
    return this.notes.list(ctx, data.pupilId);
  }

  @Handles(ADD_HEALTH_NOTE)
  add(@MsgCtx() ctx: MessageContext, @MsgData() data: AddHealthNoteRequest): Promise<HealthNoteView> {
    return this.notes.add(ctx, data);
  }

  @Handles(DELETE_HEALTH_NOTE)
  remove(
    @MsgCtx() ctx: MessageContext,
    @MsgData() data: { pupilId: string; noteId: string },
  ): Promise<{ deleted: true }> {
    return this.notes.remove(ctx, data);
  }
}
