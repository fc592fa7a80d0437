import { Controller } from '@nestjs/common';
import {
  ADD_BREACH_SCHOOLS,
  ADD_BREACH_UPDATE,
  AddBreachSchoolsRequest,
  AddBreachUpdateRequest,
  BreachIncidentPage,
  BreachIncidentView,
  GET_BREACH,
  LIST_BREACHES,
  MessageContext,
  RECORD_BREACH,
  RecordBreachRequest,
} from '@pt/contracts';
import { Handles, MsgCtx, MsgData } from '@pt/platform';
import { BreachesService } from './breaches.service';

@Controller()
export class BreachesController {
  constructor(private readonly breaches: BreachesService) {}

  @Handles(RECORD_BREACH)
  record(@MsgCtx() ctx: MessageContext, @MsgData() data: RecordBreachRequest): Promise<BreachIncidentView> {
    return this.breaches.record(ctx, data);
  }

  @Handles(LIST_BREACHES)
  list(
    @MsgCtx() ctx: MessageContext,
    @MsgData() data: { limit: number; cursor?: string },
  ): Promise<BreachIncidentPage> {
    return this.breaches.list(ctx, data);
  }

  @Handles(GET_BREACH)
  get(@MsgCtx() ctx: MessageContext, @MsgData() data: { incidentId: string }): Promise<BreachIncidentView> {
    return this.breaches.get(ctx, data.incidentId);
  }

  @Handles(ADD_BREACH_UPDATE)
  addUpdate(@MsgCtx() ctx: MessageContext, @MsgData() data: AddBreachUpdateRequest): Promise<BreachIncidentView> {
    return this.breaches.addUpdate(ctx, data);
  }

  @Handles(ADD_BREACH_SCHOOLS)
  addSchools(@MsgCtx() ctx: MessageContext, @MsgData() data: AddBreachSchoolsRequest): Promise<BreachIncidentView> {
    return this.breaches.addSchools(ctx, data);
  }
}
