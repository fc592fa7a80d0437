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
      pendingPolicyDocuments: user.pendingPolicyDocuments,
    };
  }
}
