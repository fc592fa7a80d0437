import { Controller } from '@nestjs/common';
import {
  CREATE_GUARDIAN,
  CreateGuardianRequest,
  DELETE_GUARDIAN,
  GET_GUARDIAN,
  GuardianRef,
  GuardianView,
  LIST_GUARDIANS,
  MessageContext,
  UPDATE_GUARDIAN,
  UpdateGuardianRequest,
} from '@pt/contracts';
import { Handles, MsgCtx, MsgData } from '@pt/platform';
import { GuardiansService } from './guardians.service';

@Controller()
export class GuardiansController {
  constructor(private readonly guardians: GuardiansService) {}

  @Handles(LIST_GUARDIANS)
  list(@MsgCtx() ctx: MessageContext, @MsgData() data: { pupilId: string }): Promise<{ items: GuardianView[] }> {
    return this.guardians.list(ctx, data.pupilId);
  }

  @Handles(GET_GUARDIAN)
  get(@MsgCtx() ctx: MessageContext, @MsgData() data: GuardianRef): Promise<GuardianView> {
    return this.guardians.get(ctx, data);
  }

  @Handles(CREATE_GUARDIAN)
  create(@MsgCtx() ctx: MessageContext, @MsgData() data: CreateGuardianRequest): Promise<GuardianView> {
    return this.guardians.create(ctx, data);
  }

  @Handles(UPDATE_GUARDIAN)
  update(@MsgCtx() ctx: MessageContext, @MsgData() data: UpdateGuardianRequest): Promise<GuardianView> {
    return this.guardians.update(ctx, data);
  }

  @Handles(DELETE_GUARDIAN)
  remove(
    @MsgCtx() ctx: MessageContext,
    @MsgData() data: GuardianRef & { expectedVersion: number | null },
  ): Promise<{ deleted: true }> {
    return this.guardians.remove(ctx, data);
  }
}
