import { Controller } from '@nestjs/common';
import {
  CREATE_SUPPORT_GRANT,
  CreateSupportGrantRequest,
  ENTER_WITH_SUPPORT_GRANT,
  GET_SUPPORT_GRANT,
  LIST_SUPPORT_GRANTS,
  MessageContext,
  REVOKE_SUPPORT_GRANT,
  SupportAccess,
  SupportGrantView,
} from '@pt/contracts';
import { Access, Allow, Handles, MsgCtx, MsgData, SchoolContext, SchoolCtx } from '@pt/platform';
import { SupportGrantsService } from './support-grants.service';

@Controller()
export class SupportGrantsController {
  constructor(private readonly grants: SupportGrantsService) {}

  @Handles(CREATE_SUPPORT_GRANT)
  @Access(Allow.school('support:grant'))
  create(@SchoolCtx() ctx: SchoolContext, @MsgData() data: CreateSupportGrantRequest): Promise<SupportGrantView> {
    return this.grants.create(ctx, data);
  }

  @Handles(LIST_SUPPORT_GRANTS)
  @Access(Allow.anyOf(Allow.school('support:grant'), Allow.platform('support:enter')))
  async list(@MsgCtx() ctx: MessageContext, @MsgData() data: { activeOnly?: boolean }) {
    return { items: await this.grants.list(ctx, data.activeOnly ?? false) };
  }

  @Handles(GET_SUPPORT_GRANT)
  @Access(Allow.school('support:grant'))
  get(@SchoolCtx() ctx: SchoolContext, @MsgData() data: { grantId: string }): Promise<SupportGrantView> {
    return this.grants.get(ctx, data.grantId);
  }

  @Handles(REVOKE_SUPPORT_GRANT)
  @Access(Allow.school('support:grant'))
  revoke(@SchoolCtx() ctx: SchoolContext, @MsgData() data: { grantId: string }): Promise<SupportGrantView> {
    return this.grants.revoke(ctx, data.grantId);
  }

  @Handles(ENTER_WITH_SUPPORT_GRANT)
  @Access(Allow.platform('support:enter'))
  enter(@MsgCtx() ctx: MessageContext, @MsgData() data: { grantId: string }): Promise<SupportAccess> {
    return this.grants.enter(ctx, data.grantId);
  }
}
