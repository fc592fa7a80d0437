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
import { Access, Allow, Handles, MsgCtx, MsgData } from '@pt/platform';
import { BreachesService } from './breaches.service';

@Controller()
export class BreachesController {
  constructor(private readonly breaches: BreachesService) {}

  @Handles(RECORD_BREACH)
  @Access(Allow.platform('ops:breaches'))
  record(@MsgCtx() ctx: MessageContext, @MsgData() data: RecordBreachRequest): Promise<BreachIncidentView> {
    return this.breaches.record(ctx, data);
  }

  @Handles(LIST_BREACHES)
  @Access(Allow.platform('ops:breaches'))
  list(@MsgData() data: { limit: number; cursor?: string }): Promise<BreachIncidentPage> {
    return this.breaches.list(data);
  }

  @Handles(GET_BREACH)
  @Access(Allow.platform('ops:breaches'))
  get(@MsgData() data: { incidentId: string }): Promise<BreachIncidentView> {
    return this.breaches.get(data.incidentId);
  }

  @Handles(ADD_BREACH_UPDATE)
  @Access(Allow.platform('ops:breaches'))
  addUpdate(@MsgCtx() ctx: MessageContext, @MsgData() data: AddBreachUpdateRequest): Promise<BreachIncidentView> {
    return this.breaches.addUpdate(ctx, data);
  }

  @Handles(ADD_BREACH_SCHOOLS)
  @Access(Allow.platform('ops:breaches'))
  addSchools(@MsgCtx() ctx: MessageContext, @MsgData() data: AddBreachSchoolsRequest): Promise<BreachIncidentView> {
    return this.breaches.addSchools(ctx, data);
  }
}
