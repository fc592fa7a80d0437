import { Controller } from '@nestjs/common';
import {
  CREATE_SCHOOL_ADMIN,
  CreateSchoolAdminRequest,
  DEACTIVATE_USER,
  FIND_STAFF,
  FindIdsRequest,
  FoundIds,
  GET_USER,
  INVITE_USER,
  InviteUserRequest,
  LIST_USERS,
  ListUsersRequest,
  MessageContext,
  REACTIVATE_USER,
  REMOVE_USER,
  RESEND_INVITATION,
  UPDATE_USER,
  UpdateUserRequest,
  UserIdRequest,
  UserPage,
  UserView,
} from '@pt/contracts';
import { Access, Allow, Handles, MsgCtx, MsgData, SchoolContext, SchoolCtx } from '@pt/platform';
import { UsersService } from './users.service';

/** A school's staff accounts (P1, P8); the rules live in UsersService. */
@Controller()
export class UsersController {
  constructor(private readonly users: UsersService) {}

  @Handles(INVITE_USER)
  @Access(Allow.school('users:manage'))
  invite(@SchoolCtx() ctx: SchoolContext, @MsgData() data: InviteUserRequest): Promise<UserView> {
    return this.users.invite(ctx, data);
  }

  @Handles(LIST_USERS)
  @Access(Allow.school('users:manage'))
  list(@SchoolCtx() ctx: SchoolContext, @MsgData() data: ListUsersRequest): Promise<UserPage> {
    return this.users.list(ctx, data);
  }

  @Handles(FIND_STAFF)
  @Access(Allow.system())
  find(@MsgCtx() ctx: MessageContext, @MsgData() data: FindIdsRequest): Promise<FoundIds> {
    return this.users.find(ctx, data);
  }

  @Handles(GET_USER)
  @Access(Allow.school('users:manage'))
  get(@SchoolCtx() ctx: SchoolContext, @MsgData() data: UserIdRequest): Promise<UserView> {
    return this.users.get(ctx, data);
  }

  @Handles(UPDATE_USER)
  @Access(Allow.school('users:manage'))
  update(@SchoolCtx() ctx: SchoolContext, @MsgData() data: UpdateUserRequest): Promise<UserView> {
    return this.users.update(ctx, data);
  }

  @Handles(DEACTIVATE_USER)
  @Access(Allow.school('users:manage'))
  deactivate(@SchoolCtx() ctx: SchoolContext, @MsgData() data: UserIdRequest): Promise<UserView> {
    return this.users.deactivate(ctx, data);
  }

  @Handles(REACTIVATE_USER)
  @Access(Allow.school('users:manage'))
  reactivate(@SchoolCtx() ctx: SchoolContext, @MsgData() data: UserIdRequest): Promise<UserView> {
    return this.users.reactivate(ctx, data);
  }

  @Handles(REMOVE_USER)
  @Access(Allow.school('users:manage'))
  remove(@SchoolCtx() ctx: SchoolContext, @MsgData() data: UserIdRequest): Promise<{ removed: true }> {
    return this.users.remove(ctx, data);
  }

  @Handles(RESEND_INVITATION)
  @Access(Allow.school('users:manage'))
  resendInvitation(@SchoolCtx() ctx: SchoolContext, @MsgData() data: UserIdRequest): Promise<UserView> {
    return this.users.resendInvitation(ctx, data);
  }

  @Handles(CREATE_SCHOOL_ADMIN)
  @Access(Allow.platform('platform:schools'))
  createSchoolAdmin(@MsgCtx() ctx: MessageContext, @MsgData() data: CreateSchoolAdminRequest): Promise<UserView> {
    return this.users.createSchoolAdmin(ctx, data);
  }
}
