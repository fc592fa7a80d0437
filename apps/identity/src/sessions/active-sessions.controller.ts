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
import { Access, Allow, Handles, MsgCtx, MsgData } from '@pt/platform';
import { ActiveSessionsService } from './active-sessions.service';

@Controller()
export class ActiveSessionsController {
  constructor(private readonly sessions: ActiveSessionsService) {}

  @Handles(REPORT_SESSION_ACTIVITY)
  @Access(Allow.system())
  reportActivity(@MsgData() data: SessionActivityReport): Promise<{ updated: number }> {
    return this.sessions.recordActivity(data);
  }

  @Handles(LIST_ACTIVE_SESSIONS)
  @Access(Allow.anyOf(Allow.school('sessions:manage'), Allow.platform('ops:sessions')))
  list(
    @MsgCtx() ctx: MessageContext,
    @MsgData() data: { schoolId?: string; limit: number; cursor?: string },
  ): Promise<ActiveSessionPage> {
    return this.sessions.list(ctx, data);
  }

  @Handles(ACTIVE_SESSION_SUMMARY)
  @Access(Allow.platform('ops:sessions'))
  summary(): Promise<ActiveSessionSummary> {
    return this.sessions.summary();
  }

  @Handles(END_SESSION)
  @Access(Allow.anyOf(Allow.school('sessions:manage'), Allow.platform('ops:sessions')))
  end(@MsgCtx() ctx: MessageContext, @MsgData() data: EndSessionRequest): Promise<EndedSessionView> {
    return this.sessions.end(ctx, data);
  }
}
