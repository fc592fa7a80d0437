import { Controller } from '@nestjs/common';
import {
  LIST_NOTICES,
  MessageContext,
  NoticePage,
  NOTIFY_BILLING_CONTACT,
  NOTIFY_RIGHTS_MANAGERS,
  NotifyBillingContactRequest,
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

  /** Billing's lifecycle job (system actor) for the school in ctx (P25). */
  @Handles(NOTIFY_BILLING_CONTACT)
  @Access(Allow.system())
  notifyBillingContact(
    @SchoolCtx() ctx: SchoolContext,
    @MsgData() data: NotifyBillingContactRequest,
  ): Promise<SchoolNotified> {
    return this.notices.notifyBillingContact(ctx, data);
  }

  @Handles(LIST_NOTICES)
  @Access(Allow.school())
  list(@SchoolCtx() ctx: SchoolContext, @MsgData() data: { limit: number; cursor?: string }): Promise<NoticePage> {
    return this.notices.list(ctx, data);
  }
}
