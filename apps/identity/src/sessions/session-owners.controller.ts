import { Controller } from '@nestjs/common';
import { isUuid, SESSION_OWNER, SessionOwner } from '@pt/contracts';
import { PLATFORM_SCOPE, UnitOfWork } from '@pt/persistence';
import { Access, Allow, Handles, MsgData } from '@pt/platform';
import { SessionRepository } from './session.repository';

@Controller()
export class SessionOwnersController {
  constructor(private readonly unitOfWork: UnitOfWork) {}

  /** For the gateway's token check: the school and user a session belongs to (once per session per replica). */
  @Handles(SESSION_OWNER)
  @Access(Allow.system())
  async owner(@MsgData() data: { sessionId: string }): Promise<SessionOwner> {
    if (!isUuid(data.sessionId)) return { found: false, tenantId: null, userId: null };
    const owner = await this.unitOfWork.run(PLATFORM_SCOPE, (em) => new SessionRepository(em).ownerOf(data.sessionId));
    return owner ? { found: true, ...owner } : { found: false, tenantId: null, userId: null };
  }
}
