import { Body, Controller, Get, Headers, HttpCode, Param, Post, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import {
  CREATE_PLATFORM_USER,
  CREATE_SCHOOL_ADMIN,
  DEACTIVATE_PLATFORM_USER,
  GET_PLATFORM_USER,
  LIST_PLATFORM_USERS,
  MessageContext,
  RECORD_SECURITY_TRAINING,
  RESEND_PLATFORM_INVITATION,
  UserPage,
  UserView,
} from '@pt/contracts';
import { BusClient } from '@pt/platform';
import { FastifyReply } from 'fastify';
import { RequirePermissions } from '../auth/require-permissions.decorator';
import { RequestCtx } from '../http/request-context';
import { UuidParamPipe } from '../http/uuid-param.pipe';
import { expectedVersion, setETag } from './etag';
import {
  CreatePlatformUserDto,
  CreateSchoolAdminDto,
  PlatformUserListQueryDto,
  SecurityTrainingDto,
} from './users.dto';
import { ApiReply, ETAG, LOCATION_AND_ETAG } from '../openapi/api-reply.decorator';

/**
 * Platform staff accounts (no school) and schools' first admins, for platform admins.
 * P10: a platform account cannot set its password, so cannot sign in, until its security
 * training is recorded here.
 */
@ApiTags('platform users')
@ApiBearerAuth()
@Controller()
export class PlatformUsersController {
  constructor(private readonly bus: BusClient) {}

  @Post('api/v1/platform/schools/:schoolId/admins')
  @RequirePermissions('platform:schools')
  @ApiOperation({ summary: "Invite a school's first admin (refused once the school has an active admin)" })
  @ApiReply(CREATE_SCHOOL_ADMIN, 201, 'Created', ETAG)
  async createSchoolAdmin(
    @RequestCtx() ctx: MessageContext,
    @Param('schoolId', UuidParamPipe) schoolId: string,
    @Body() body: CreateSchoolAdminDto,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<UserView> {
    const user = await this.bus.request(CREATE_SCHOOL_ADMIN, ctx, { ...body, schoolId });
    setETag(reply, user.version);
    return user;
  }

  @Post('api/v1/platform/users')
  @RequirePermissions('platform:users')
  @ApiOperation({ summary: 'Invite a platform staff member (platform-admin, ops, support, finance)' })
  @ApiReply(CREATE_PLATFORM_USER, 201, 'Created', LOCATION_AND_ETAG)
  async create(
    @RequestCtx() ctx: MessageContext,
    @Body() body: CreatePlatformUserDto,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<UserView> {
    const user = await this.bus.request(CREATE_PLATFORM_USER, ctx, body);
    void reply.header('Location', `/api/v1/platform/users/${user.id}`);
    setETag(reply, user.version);
    return user;
  }

  @Get('api/v1/platform/users')
  @RequirePermissions('platform:users')
  @ApiOperation({ summary: 'Platform staff accounts, oldest first' })
  @ApiReply(LIST_PLATFORM_USERS)
  list(@RequestCtx() ctx: MessageContext, @Query() query: PlatformUserListQueryDto): Promise<UserPage> {
    return this.bus.request(LIST_PLATFORM_USERS, ctx, {
      limit: query.limit,
      cursor: query.cursor,
      status: query.status,
    });
  }

  @Get('api/v1/platform/users/:id')
  @ApiOperation({ summary: 'A platform user' })
  @RequirePermissions('platform:users')
  @ApiReply(GET_PLATFORM_USER, 200, 'OK', ETAG)
  async get(
    @RequestCtx() ctx: MessageContext,
    @Param('id', UuidParamPipe) id: string,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<UserView> {
    const user = await this.bus.request(GET_PLATFORM_USER, ctx, { userId: id });
    setETag(reply, user.version);
    return user;
  }

  @Post('api/v1/platform/users/:id/security-training')
  @HttpCode(200)
  @RequirePermissions('platform:users')
  @ApiOperation({ summary: 'P10: record the security training that allows the account to be activated' })
  @ApiReply(RECORD_SECURITY_TRAINING)
  recordTraining(
    @RequestCtx() ctx: MessageContext,
    @Param('id', UuidParamPipe) id: string,
    @Body() body: SecurityTrainingDto,
  ): Promise<UserView> {
    return this.bus.request(RECORD_SECURITY_TRAINING, ctx, { userId: id, ...body });
  }

  @Post('api/v1/platform/users/:id/deactivate')
  @HttpCode(200)
  @RequirePermissions('platform:users')
  @ApiOperation({ summary: 'Deactivate a platform account: all its sessions end at once' })
  @ApiReply(DEACTIVATE_PLATFORM_USER)
  deactivate(
    @RequestCtx() ctx: MessageContext,
    @Param('id', UuidParamPipe) id: string,
    @Headers('if-match') ifMatch: string | undefined,
  ): Promise<UserView> {
    return this.bus.request(DEACTIVATE_PLATFORM_USER, ctx, {
      userId: id,
      expectedVersion: expectedVersion(ifMatch, false),
    });
  }

  @Post('api/v1/platform/users/:id/invitation')
  @HttpCode(200)
  @RequirePermissions('platform:users')
  @ApiOperation({ summary: 'Send an invited platform user a new set-password link' })
  @ApiReply(RESEND_PLATFORM_INVITATION)
  resendInvitation(@RequestCtx() ctx: MessageContext, @Param('id', UuidParamPipe) id: string): Promise<UserView> {
    return this.bus.request(RESEND_PLATFORM_INVITATION, ctx, { userId: id });
  }
}
