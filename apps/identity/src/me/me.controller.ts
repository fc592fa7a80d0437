import { Controller } from '@nestjs/common';
import { GET_ME, Me, MessageContext } from '@pt/contracts';
import { UnitOfWork } from '@pt/persistence';
import { Access, Allow, BusException, Handles, MsgCtx } from '@pt/platform';
import { PoliciesService } from '../policies/policies.service';
import { UserRepository } from '../users/user.repository';

@Controller()
export class MeController {
  constructor(
    private readonly unitOfWork: UnitOfWork,
    private readonly policies: PoliciesService,
  ) {}

  @Handles(GET_ME)
  @Access(Allow.signedIn())
  async me(@MsgCtx() ctx: MessageContext): Promise<Me> {
    const { user, pending } = await this.unitOfWork.forContext(ctx, async (em) => ({
      user: await new UserRepository(em).findById(ctx.actor.id!),
      // The documents bind school staff (P7); platform staff have none to accept.
      pending: ctx.actor.kind === 'staff' ? await this.policies.pendingIn(em, ctx.actor.id!) : [],
    }));
    if (!user) throw BusException.notFound('user.not_found', 'The user does not exist');
    return {
      userId: user.id,
      tenantId: user.tenantId,
      kind: user.kind,
      username: user.username,
      roles: user.roles,
      pendingPolicyDocuments: pending.map((document) => document.kind),
    };
  }
}
