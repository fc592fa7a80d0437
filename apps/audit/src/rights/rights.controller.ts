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
  RECORD_IDENTITY_CHECK,
  RECORD_RIGHTS_REQUEST,
  RecordIdentityCheck,
  RightsReminderRun,
  RightsRequestDetail,
  RUN_RIGHTS_ACTION,
  RUN_RIGHTS_REMINDERS,
  RunRightsAction,
  RecordRightsRequest,
  RightsRequestPage,
  RightsRequestView,
} from '@pt/contracts';
import { Handles, MsgCtx, MsgData } from '@pt/platform';
import { RightsActionsService } from './rights-actions.service';
import { RightsRemindersService } from './rights-reminders.service';
import { RightsService } from './rights.service';

@Controller()
export class RightsController {
  constructor(
    private readonly rights: RightsService,
    private readonly actions: RightsActionsService,
    private readonly reminders: RightsRemindersService,
  ) {}

  @Handles(RECORD_RIGHTS_REQUEST)
  record(@MsgCtx() ctx: MessageContext, @MsgData() data: RecordRightsRequest): Promise<RightsRequestView> {
    return this.rights.record(ctx, data);
  }

  @Handles(LIST_RIGHTS_REQUESTS)
  list(@MsgCtx() ctx: MessageContext, @MsgData() data: ListRightsRequests): Promise<RightsRequestPage> {
    return this.rights.list(ctx, data);
  }

  @Handles(GET_RIGHTS_REQUEST)
  get(@MsgCtx() ctx: MessageContext, @MsgData() data: { requestId: string }): Promise<RightsRequestDetail> {
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

  @Handles(RECORD_IDENTITY_CHECK)
  recordIdentityCheck(
    @MsgCtx() ctx: MessageContext,
    @MsgData() data: RecordIdentityCheck,
  ): Promise<RightsRequestDetail> {
    return this.rights.recordIdentityCheck(ctx, data);
  }

  @Handles(RUN_RIGHTS_ACTION)
  runAction(@MsgCtx() ctx: MessageContext, @MsgData() data: RunRightsAction): Promise<RightsRequestDetail> {
    return this.actions.run(ctx, data);
  }

  @Handles(RUN_RIGHTS_REMINDERS)
  remind(@MsgCtx() ctx: MessageContext): Promise<RightsReminderRun> {
    return this.reminders.runFor(ctx);
  }
}
