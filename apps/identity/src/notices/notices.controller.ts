import { Controller } from '@nestjs/common';
import {
  LIST_NOTICES,
  MessageContext,
  NoticePage,
  NOTIFY_RIGHTS_MANAGERS,
  NOTIFY_SCHOOL_ADMINS,
  NotifyRightsManagersRequest,
  SchoolNotified,
  NotifySchoolAdminsReply,
  NotifySchoolAdminsRequest,
} from '@pt/contracts';
import { Handles, MsgCtx, MsgData } from '@pt/platform';
import { NoticesService } from './notices.service';

@Controller()
export class NoticesController {
  constructor(private readonly notices: NoticesService) {}

  @Handles(NOTIFY_SCHOOL_ADMINS)
  notify(@MsgCtx() ctx: MessageContext, @MsgData() data: NotifySchoolAdminsRequest): Promise<NotifySchoolAdminsReply> {
    return this.notices.notify(ctx, data);
  }

  @Handles(NOTIFY_RIGHTS_MANAGERS)
  remindRightsManagers(
    @MsgCtx() ctx: MessageContext,
    @MsgData() data: NotifyRightsManagersRequest,
  ): Promise<SchoolNotified> {
    return this.notices.remindRightsManagers(ctx, data);
  }

  @Handles(LIST_NOTICES)
  list(@MsgCtx() ctx: MessageContext, @MsgData() data: { limit: number; cursor?: string }): Promise<NoticePage> {
    return this.notices.list(ctx, data);
  }
}
