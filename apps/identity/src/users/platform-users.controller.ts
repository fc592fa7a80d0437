import { Controller } from '@nestjs/common';
import {
  CREATE_PLATFORM_USER,
  CreatePlatformUserRequest,
  DEACTIVATE_PLATFORM_USER,
  GET_PLATFORM_USER,
  LIST_PLATFORM_USERS,
  ListPlatformUsersRequest,
  MessageContext,
  RECORD_SECURITY_TRAINING,
  RecordSecurityTrainingRequest,
  RESEND_PLATFORM_INVITATION,
  UserIdRequest,
  UserPage,
  UserView,
} from '@pt/contracts';
import { Access, Allow, Handles, MsgCtx, MsgData } from '@pt/platform';
import { PlatformUsersService } from './platform-users.service';

/** Platform staff accounts and their security training (P10). */
@Controller()
export class PlatformUsersController {
  constructor(private readonly users: PlatformUsersService) {}

  @Handles(CREATE_PLATFORM_USER)
  @Access(Allow.platform('platform:users'))
  create(@MsgCtx() ctx: MessageContext, @MsgData() data: CreatePlatformUserRequest): Promise<UserView> {
    return this.users.create(ctx, data);
  }

  @Handles(LIST_PLATFORM_USERS)
  @Access(Allow.platform('platform:users'))
  list(@MsgCtx() ctx: MessageContext, @MsgData() data: ListPlatformUsersRequest): Promise<UserPage> {
    return this.users.list(ctx, data);
  }

  @Handles(GET_PLATFORM_USER)
  @Access(Allow.platform('platform:users'))
  get(@MsgCtx() ctx: MessageContext, @MsgData() data: UserIdRequest): Promise<UserView> {
    return this.users.get(ctx, data);
  }

  @Handles(RECORD_SECURITY_TRAINING)
  @Access(Allow.platform('platform:users'))
  recordTraining(@MsgCtx() ctx: MessageContext, @MsgData() data: RecordSecurityTrainingRequest): Promise<UserView> {
    return this.users.recordTraining(ctx, data);
  }

  @Handles(DEACTIVATE_PLATFORM_USER)
  @Access(Allow.platform('platform:users'))
  deactivate(@MsgCtx() ctx: MessageContext, @MsgData() data: UserIdRequest): Promise<UserView> {
    return this.users.deactivate(ctx, data);
  }

  @Handles(RESEND_PLATFORM_INVITATION)
  @Access(Allow.platform('platform:users'))
  resendInvitation(@MsgCtx() ctx: MessageContext, @MsgData() data: UserIdRequest): Promise<UserView> {
    return this.users.resendInvitation(ctx, data);
  }
}
