import { Injectable } from '@nestjs/common';
import { MessageContext } from '@pt/contracts';
import { PLATFORM_SCOPE, UnitOfWork } from '@pt/persistence';
import { SessionRevocation } from '../sessions/session-revocation';
import { SessionRepository } from '../sessions/session.repository';

/** Ending one's own sessions: this one, or all of them on every device, at once on every gateway. */
@Injectable()
export class SignOut {
  constructor(
    private readonly unitOfWork: UnitOfWork,
    private readonly revocation: SessionRevocation,
  ) {}

  async one(ctx: MessageContext, sessionId: string): Promise<{ ended: boolean }> {
    const ended = await this.unitOfWork.run(PLATFORM_SCOPE, async (em) => {
      const session = await new SessionRepository(em).findForUpdate(sessionId);
      // Only the session's own user may end it this way.
      if (!session || session.userId !== ctx.actor.id || session.endedAt) return null;
      this.revocation.endOne(em, session, 'signed_out', ctx);
      return session;
    });
    if (ended) this.revocation.broadcast([ended.id], 'signed_out');
    return { ended: ended !== null };
  }

  /** Every session of the signed-in user, this one included. */
  async everywhere(ctx: MessageContext): Promise<{ ended: number }> {
    // Signed in: the handler's access rule admits nobody without an id.
    const userId = ctx.actor.id!;
    const ended = await this.unitOfWork.forContext(ctx, (em) =>
      this.revocation.endAllForUser(em, userId, 'signed_out_everywhere', { ctx }),
    );
    this.revocation.broadcast(ended, 'signed_out_everywhere');
    return { ended: ended.length };
  }
}
