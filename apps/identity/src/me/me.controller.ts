import { Controller } from '@nestjs/common';
import { GET_ME, Me, MessageContext } from '@pt/contracts';
import { UnitOfWork } from '@pt/persistence';
import { BusException, Handles, MsgCtx } from '@pt/platform';
import { UserRepository } from '../users/user.repository';

@Controller()
export class MeController {
  constructor(private readonly unitOfWork: UnitOfWork) {}

  @Handles(GET_ME)
  async me(@MsgCtx() ctx: MessageContext): Promise<Me> {
    if (!ctx.actor.id) throw BusException.unauthenticated('unauthenticated', 'Sign in first');
    const user = await this.unitOfWork.forContext(ctx, (em) => new UserRepository(em).findById(ctx.actor.id!));
    if (!user) throw BusException.notFound('user.not_found', 'The user does not exist');
    return {
      userId: user.id,
      tenantId: user.tenantId,
      kind: user.kind,
      username: user.username,
      roles: user.roles,
      pendingPolicyDocuments: [],
    };
  }
}
