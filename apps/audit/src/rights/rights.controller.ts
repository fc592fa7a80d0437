import { Controller } from '@nestjs/common';
import {
  COMPLETE_RIGHTS_REQUEST,
  CompleteRightsRequest,
  EXTEND_RIGHTS_REQUEST,
  ExtendRightsRequest,
  GET_RIGHTS_REQUEST,
  LIST_RIGHTS_REQUESTS,
  ListRightsRequests,
  MessageContext,
  RECORD_RIGHTS_REQUEST,
  RecordRightsRequest,
  RightsRequestPage,
  RightsRequestView,
} from '@pt/contracts';
import { Handles, MsgCtx, MsgData } from '@pt/platform';
import { RightsService } from './rights.service';

@Controller()
export class RightsController {
  constructor(private readonly rights: RightsService) {}

  @Handles(RECORD_RIGHTS_REQUEST)
  record(@MsgCtx() ctx: MessageContext, @MsgData() data: RecordRightsRequest): Promise<RightsRequestView> {
    return this.rights.record(ctx, data);
  }

  @Handles(LIST_RIGHTS_REQUESTS)
  list(@MsgCtx() ctx: MessageContext, @MsgData() data: ListRightsRequests): Promise<RightsRequestPage> {
    return this.rights.list(ctx, data);
  }

  @Handles(GET_RIGHTS_REQUEST)
  get(@MsgCtx() ctx: MessageContext, @MsgData() data: { requestId: string }): Promise<RightsRequestView> {
    return this.rights.get(ctx, data.requestId);
  }

  @Handles(EXTEND_RIGHTS_REQUEST)
  extend(@MsgCtx() ctx: MessageContext, @MsgData() data: ExtendRightsRequest): Promise<RightsRequestView> {
    return this.rights.extend(ctx, data);
  }

  @Handles(COMPLETE_RIGHTS_REQUEST)
  complete(@MsgCtx() ctx: MessageContext, @MsgData() data: CompleteRightsRequest): Promise<RightsRequestView> {
    return this.rights.complete(ctx, data);
  }
}
