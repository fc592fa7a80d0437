import { Controller } from '@nestjs/common';
import {
  CREATE_ROLE,
  CreateRoleRequest,
  DELETE_ROLE,
  GET_ROLE,
  LIST_ROLES,
  MessageContext,
  RoleIdRequest,
  RoleList,
  RoleView,
  UPDATE_ROLE,
  UpdateRoleRequest,
} from '@pt/contracts';
import { Handles, MsgCtx, MsgData } from '@pt/platform';
import { RolesService } from './roles.service';

/** A school's roles (P19): the built-in ones and its own. */
@Controller()
export class RolesController {
  constructor(private readonly roles: RolesService) {}

  @Handles(LIST_ROLES)
  list(@MsgCtx() ctx: MessageContext): Promise<RoleList> {
    return this.roles.list(ctx);
  }

  @Handles(GET_ROLE)
  get(@MsgCtx() ctx: MessageContext, @MsgData() data: RoleIdRequest): Promise<RoleView> {
    return this.roles.get(ctx, data);
  }

  @Handles(CREATE_ROLE)
  create(@MsgCtx() ctx: MessageContext, @MsgData() data: CreateRoleRequest): Promise<RoleView> {
    return this.roles.create(ctx, data);
  }

  @Handles(UPDATE_ROLE)
  update(@MsgCtx() ctx: MessageContext, @MsgData() data: UpdateRoleRequest): Promise<RoleView> {
    return this.roles.update(ctx, data);
  }

  @Handles(DELETE_ROLE)
  delete(@MsgCtx() ctx: MessageContext, @MsgData() data: RoleIdRequest): Promise<{ deleted: true }> {
    return this.roles.delete(ctx, data);
  }
}
