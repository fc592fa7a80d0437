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
import { Access, Allow, Handles, MsgCtx, MsgData, SchoolContext, SchoolCtx } from '@pt/platform';
import { NoticesService } from './notices.service';

@Controller()
export class NoticesController {
  constructor(private readonly notices: NoticesService) {}

  @Handles(NOTIFY_SCHOOL_ADMINS)
  @Access(Allow.anyOf(Allow.platform('ops:breaches'), Allow.system()))
  notify(@MsgCtx() ctx: MessageContext, @MsgData() data: NotifySchoolAdminsRequest): Promise<NotifySchoolAdminsReply> {
    return this.notices.notify(ctx, data);
  }

  @Handles(NOTIFY_RIGHTS_MANAGERS)
  @Access(Allow.system())
  remindRightsManagers(
    @SchoolCtx() ctx: SchoolContext,
    @MsgData() data: NotifyRightsManagersRequest,
  ): Promise<SchoolNotified> {
    return this.notices.remindRightsManagers(ctx, data);
  }

  @Handles(LIST_NOTICES)
  @Access(Allow.school())
  list(@SchoolCtx() ctx: SchoolContext, @MsgData() data: { limit: number; cursor?: string }): Promise<NoticePage> {
    return this.notices.list(ctx, data);
  }
}
