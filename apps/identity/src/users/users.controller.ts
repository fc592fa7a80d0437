import { Controller } from '@nestjs/common';
import {
  CREATE_SCHOOL_ADMIN,
  CreateSchoolAdminRequest,
  DEACTIVATE_USER,
  GET_USER,
  INVITE_USER,
  InviteUserRequest,
  LIST_USERS,
  ListUsersRequest,
  MessageContext,
  REMOVE_USER,
  RESEND_INVITATION,
  UPDATE_USER,
  UpdateUserRequest,
  UserIdRequest,
  UserPage,
  UserView,
} from '@pt/contracts';
import { Handles, MsgCtx, MsgData } from '@pt/platform';
import { UsersService } from './users.service';

/** A school's staff accounts (P1, P8); the rules live in UsersService. */
@Controller()
export class UsersController {
  constructor(private readonly users: UsersService) {}

  @Handles(INVITE_USER)
  invite(@MsgCtx() ctx: MessageContext, @MsgData() data: InviteUserRequest): Promise<UserView> {
    return this.users.invite(ctx, data);
  }

  @Handles(LIST_USERS)
  list(@MsgCtx() ctx: MessageContext, @MsgData() data: ListUsersRequest): Promise<UserPage> {
    return this.users.list(ctx, data);
  }

  @Handles(GET_USER)
  get(@MsgCtx() ctx: MessageContext, @MsgData() data: UserIdRequest): Promise<UserView> {
    return this.users.get(ctx, data);
  }

  @Handles(UPDATE_USER)
  update(@MsgCtx() ctx: MessageContext, @MsgData() data: UpdateUserRequest): Promise<UserView> {
    return this.users.update(ctx, data);
  }

  @Handles(DEACTIVATE_USER)
  deactivate(@MsgCtx() ctx: MessageContext, @MsgData() data: UserIdRequest): Promise<UserView> {
    return this.users.deactivate(ctx, data);
  }

  @Handles(REMOVE_USER)
  remove(@MsgCtx() ctx: MessageContext, @MsgData() data: UserIdRequest): Promise<{ removed: true }> {
    return this.users.remove(ctx, data);
  }

  @Handles(RESEND_INVITATION)
  resendInvitation(@MsgCtx() ctx: MessageContext, @MsgData() data: UserIdRequest): Promise<UserView> {
    return this.users.resendInvitation(ctx, data);
  }

  @Handles(CREATE_SCHOOL_ADMIN)
  createSchoolAdmin(@MsgCtx() ctx: MessageContext, @MsgData() data: CreateSchoolAdminRequest): Promise<UserView> {
    return this.users.createSchoolAdmin(ctx, data);
  }
}
