import { Controller } from '@nestjs/common';
import {
  COMPLETE_RIGHTS_REQUEST,
  CompleteRightsRequest,
  EXTEND_RIGHTS_REQUEST,
  ExtendRightsRequest,
  GET_RIGHTS_REQUEST,
  LIST_RIGHTS_REQUESTS,
  ListRightsRequests,
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
import { Access, Allow, Handles, MsgData, SchoolContext, SchoolCtx } from '@pt/platform';
import { RightsActionsService } from './rights-actions.service';
import { RightsRemindersService } from './rights-reminders.service';
import { RightsService } from './rights.service';
import { PLATFORM_AUDITORS } from '../platform-auditors';

@Controller()
export class RightsController {
  constructor(
    private readonly rights: RightsService,
    private readonly actions: RightsActionsService,
    private readonly reminders: RightsRemindersService,
  ) {}

  @Handles(RECORD_RIGHTS_REQUEST)
  @Access(Allow.school('rights:manage'))
  record(@SchoolCtx() ctx: SchoolContext, @MsgData() data: RecordRightsRequest): Promise<RightsRequestView> {
    return this.rights.record(ctx, data);
  }

  @Handles(LIST_RIGHTS_REQUESTS)
  @Access(Allow.school('rights:manage'))
  list(@SchoolCtx() ctx: SchoolContext, @MsgData() data: ListRightsRequests): Promise<RightsRequestPage> {
    return this.rights.list(ctx, data);
  }

  @Handles(GET_RIGHTS_REQUEST)
  @Access(Allow.school('rights:manage'))
  get(@SchoolCtx() ctx: SchoolContext, @MsgData() data: { requestId: string }): Promise<RightsRequestDetail> {
    return this.rights.get(ctx, data.requestId);
  }

  @Handles(EXTEND_RIGHTS_REQUEST)
  @Access(Allow.school('rights:manage'))
  extend(@SchoolCtx() ctx: SchoolContext, @MsgData() data: ExtendRightsRequest): Promise<RightsRequestView> {
    return this.rights.extend(ctx, data);
  }

  @Handles(COMPLETE_RIGHTS_REQUEST)
  @Access(Allow.school('rights:manage'))
  complete(@SchoolCtx() ctx: SchoolContext, @MsgData() data: CompleteRightsRequest): Promise<RightsRequestView> {
    return this.rights.complete(ctx, data);
  }

  @Handles(RECORD_IDENTITY_CHECK)
  @Access(Allow.school('rights:manage'))
  recordIdentityCheck(
    @SchoolCtx() ctx: SchoolContext,
    @MsgData() data: RecordIdentityCheck,
  ): Promise<RightsRequestDetail> {
    return this.rights.recordIdentityCheck(ctx, data);
  }

  @Handles(RUN_RIGHTS_ACTION)
  @Access(Allow.school('rights:manage'))
  runAction(@SchoolCtx() ctx: SchoolContext, @MsgData() data: RunRightsAction): Promise<RightsRequestDetail> {
    return this.actions.run(ctx, data);
  }

  @Handles(RUN_RIGHTS_REMINDERS)
  @Access(PLATFORM_AUDITORS)
  remind(): Promise<RightsReminderRun> {
    return this.reminders.run();
  }
}
