import { Controller } from '@nestjs/common';
import {
  ACTIVE_SESSION_SUMMARY,
  ActiveSessionPage,
  ActiveSessionSummary,
  END_SESSION,
  EndedSessionView,
  EndSessionRequest,
  LIST_ACTIVE_SESSIONS,
  MessageContext,
  REPORT_SESSION_ACTIVITY,
  SessionActivityReport,
} from '@pt/contracts';
import { Handles, MsgCtx, MsgData } from '@pt/platform';
import { ActiveSessionsService } from './active-sessions.service';

@Controller()
export class ActiveSessionsController {
  constructor(private readonly sessions: ActiveSessionsService) {}

  @Handles(REPORT_SESSION_ACTIVITY)
  reportActivity(@MsgData() data: SessionActivityReport): Promise<{ updated: number }> {
    return this.sessions.recordActivity(data);
  }

  @Handles(LIST_ACTIVE_SESSIONS)
  list(
    @MsgCtx() ctx: MessageContext,
    @MsgData() data: { schoolId?: string; limit: number; cursor?: string },
  ): Promise<ActiveSessionPage> {
    return this.sessions.list(ctx, data);
  }

  @Handles(ACTIVE_SESSION_SUMMARY)
  summary(@MsgCtx() ctx: MessageContext): Promise<ActiveSessionSummary> {
    return this.sessions.summary(ctx);
  }

  @Handles(END_SESSION)
  end(@MsgCtx() ctx: MessageContext, @MsgData() data: EndSessionRequest): Promise<EndedSessionView> {
    return this.sessions.end(ctx, data);
  }
}
