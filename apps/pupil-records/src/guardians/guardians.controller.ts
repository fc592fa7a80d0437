import { Controller } from '@nestjs/common';
import {
  CREATE_GUARDIAN,
  CreateGuardianRequest,
  DELETE_GUARDIAN,
  GET_GUARDIAN,
  GuardianRef,
  GuardianView,
  LIST_GUARDIANS,
  UPDATE_GUARDIAN,
  UpdateGuardianRequest,
} from '@pt/contracts';
import { Access, Allow, Handles, MsgData, SchoolContext, SchoolCtx } from '@pt/platform';
import { GuardiansService } from './guardians.service';

@Controller()
export class GuardiansController {
  constructor(private readonly guardians: GuardiansService) {}

  @Handles(LIST_GUARDIANS)
  @Access(Allow.school('pupils:read'))
  list(@SchoolCtx() ctx: SchoolContext, @MsgData() data: { pupilId: string }): Promise<{ items: GuardianView[] }> {
    return this.guardians.list(ctx, data.pupilId);
  }

  @Handles(GET_GUARDIAN)
  @Access(Allow.school('pupils:read'))
  get(@SchoolCtx() ctx: SchoolContext, @MsgData() data: GuardianRef): Promise<GuardianView> {
    return this.guardians.get(ctx, data);
  }

  @Handles(CREATE_GUARDIAN)
  @Access(Allow.school('pupils:write'))
  create(@SchoolCtx() ctx: SchoolContext, @MsgData() data: CreateGuardianRequest): Promise<GuardianView> {
    return this.guardians.create(ctx, data);
  }

  @Handles(UPDATE_GUARDIAN)
  @Access(Allow.school('pupils:write'))
  update(@SchoolCtx() ctx: SchoolContext, @MsgData() data: UpdateGuardianRequest): Promise<GuardianView> {
    return this.guardians.update(ctx, data);
  }

  @Handles(DELETE_GUARDIAN)
  @Access(Allow.school('pupils:write'))
  remove(
    @SchoolCtx() ctx: SchoolContext,
    @MsgData() data: GuardianRef & { expectedVersion: number | null },
  ): Promise<{ deleted: true }> {
    return this.guardians.remove(ctx, data);
  }
}
