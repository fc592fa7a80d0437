import { Controller } from '@nestjs/common';
import {
  CREATE_ROLE,
  CreateRoleRequest,
  DELETE_ROLE,
  GET_ROLE,
  LIST_ROLES,
  RoleIdRequest,
  RoleList,
  RoleView,
  UPDATE_ROLE,
  UpdateRoleRequest,
} from '@pt/contracts';
import { Access, Allow, Handles, MsgCtx, MsgData, SchoolContext, SchoolCtx } from '@pt/platform';
import { RolesService } from './roles.service';

/** A school's roles (P19): the built-in ones and its own. */
@Controller()
export class RolesController {
  constructor(private readonly roles: RolesService) {}

  @Handles(LIST_ROLES)
  @Access(Allow.school('roles:manage'))
  list(@SchoolCtx() ctx: SchoolContext): Promise<RoleList> {
    return this.roles.list(ctx);
  }

  @Handles(GET_ROLE)
  @Access(Allow.school('roles:manage'))
  get(@SchoolCtx() ctx: SchoolContext, @MsgData() data: RoleIdRequest): Promise<RoleView> {
    return this.roles.get(ctx, data);
  }

  @Handles(CREATE_ROLE)
  @Access(Allow.school('roles:manage'))
  create(@SchoolCtx() ctx: SchoolContext, @MsgData() data: CreateRoleRequest): Promise<RoleView> {
    return this.roles.create(ctx, data);
  }

  @Handles(UPDATE_ROLE)
  @Access(Allow.school('roles:manage'))
  update(@SchoolCtx() ctx: SchoolContext, @MsgData() data: UpdateRoleRequest): Promise<RoleView> {
    return this.roles.update(ctx, data);
  }

  @Handles(DELETE_ROLE)
  @Access(Allow.school('roles:manage'))
  delete(@SchoolCtx() ctx: SchoolContext, @MsgData() data: RoleIdRequest): Promise<{ deleted: true }> {
    return this.roles.delete(ctx, data);
  }
}
