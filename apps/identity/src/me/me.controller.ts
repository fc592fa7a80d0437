import { Controller } from '@nestjs/common';
import { GET_ME, Me, MessageContext } from '@pt/contracts';
import { Access, Allow, BusException, Handles, MsgCtx } from '@pt/platform';
import { MeRepository } from './me.repository';

@Controller()
export class MeController {
  constructor(private readonly me: MeRepository) {}

  @Handles(GET_ME)
  @Access(Allow.signedIn())
  async read(@MsgCtx() ctx: MessageContext): Promise<Me> {
    const user = await this.me.read(ctx);
    if (!user) throw BusException.notFound('user.not_found', 'The user does not exist');
    return {
      userId: user.id,
      tenantId: user.tenantId,
      kind: user.kind,
      username: user.username,
      roles: user.roles,
      // The token's own set: what the API applies to this session, not what a fresh
      // resolution of the roles would give (that applies from the next refresh).
      permissions: [...(ctx.actor.permissions ?? [])].sort(),
      pendingPolicyDocuments: user.pendingPolicyDocuments,
    };
  }
}
