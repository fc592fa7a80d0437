import { Body, Controller, Delete, Get, Headers, HttpCode, Param, Patch, Post, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiHeader, ApiOperation, ApiTags } from '@nestjs/swagger';
import {
  ACCESS_REVIEW_REPORT,
  AccessReviewList,
  AccessReviewRecord,
  AccessReviewReport,
  DEACTIVATE_USER,
  GET_USER,
  INVITE_USER,
  LIST_ACCESS_REVIEWS,
  LIST_USERS,
  MessageContext,
  REACTIVATE_USER,
  RECORD_ACCESS_REVIEW,
  REMOVE_USER,
  RESEND_INVITATION,
  UPDATE_USER,
  UserPage,
  UserView,
} from '@pt/contracts';
import { BusClient } from '@pt/platform';
import { FastifyReply } from 'fastify';
import { RequirePermissions } from '../auth/require-permissions.decorator';
import { PageQueryDto } from '../http/pagination.dto';
import { RequestCtx } from '../http/request-context';
import { UuidParamPipe } from '../http/uuid-param.pipe';
import { expectedVersion, setETag } from './etag';
import { InviteUserDto, RecordAccessReviewDto, UpdateUserDto, UserListQueryDto } from './users.dto';
import { ApiNoContent, ApiProblems, ApiReply, ETAG, LOCATION_AND_ETAG } from '../openapi/api-reply.decorator';

/**
 * A school's staff accounts (P1) and their termly access review (P8), for its admins
 * (users:manage). The school is the one in the token; another school's user id answers
 * 404, exactly like an id that does not exist.
 */
@ApiTags('users')
@ApiBearerAuth()
@RequirePermissions('users:manage')
@Controller()
export class UsersController {
  constructor(private readonly bus: BusClient) {}

  @Post('api/v1/users')
  @ApiProblems(404)
  @ApiOperation({
    summary: 'Invite a staff member: creates an invited account and emails a single-use set-password link',
  })
  @ApiReply(INVITE_USER, 201, 'Created', LOCATION_AND_ETAG)
  async invite(
    @RequestCtx() ctx: MessageContext,
    @Body() body: InviteUserDto,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<UserView> {
    const user = await this.bus.request(INVITE_USER, ctx, body);
    void reply.header('Location', `/api/v1/users/${user.id}`);
    setETag(reply, user.version);
    return user;
  }

  @Get('api/v1/users')
  @ApiOperation({ summary: "The school's staff accounts, oldest first, filtered by role and status" })
  @ApiReply(LIST_USERS)
  list(@RequestCtx() ctx: MessageContext, @Query() query: UserListQueryDto): Promise<UserPage> {
    return this.bus.request(LIST_USERS, ctx, {
      limit: query.limit,
      cursor: query.cursor,
      role: query.role,
      status: query.status,
    });
  }

  @Get('api/v1/users/access-review')
  @ApiOperation({
    summary: 'P8: every account with its roles, status and last sign-in, flagging accounts not used for a while',
  })
  @ApiReply(ACCESS_REVIEW_REPORT)
  accessReview(@RequestCtx() ctx: MessageContext, @Query() query: PageQueryDto): Promise<AccessReviewReport> {
    return this.bus.request(ACCESS_REVIEW_REPORT, ctx, { limit: query.limit, cursor: query.cursor });
  }

  @Post('api/v1/users/access-reviews')
  @ApiOperation({ summary: 'P8: record that the termly access review was done (who and when)' })
  @ApiReply(RECORD_ACCESS_REVIEW, 201)
  recordAccessReview(
    @RequestCtx() ctx: MessageContext,
    @Body() body: RecordAccessReviewDto,
  ): Promise<AccessReviewRecord> {
    return this.bus.request(RECORD_ACCESS_REVIEW, ctx, { notes: body.notes ?? null });
  }

  @Get('api/v1/users/access-reviews')
  @ApiOperation({ summary: 'P8: the recorded reviews, newest first; `overdue` once a term has passed without one' })
  @ApiReply(LIST_ACCESS_REVIEWS)
  accessReviews(@RequestCtx() ctx: MessageContext, @Query() query: PageQueryDto): Promise<AccessReviewList> {
    return this.bus.request(LIST_ACCESS_REVIEWS, ctx, { limit: query.limit, cursor: query.cursor });
  }

  @Get('api/v1/users/:id')
  @ApiOperation({ summary: 'One staff account; its ETag is the version to send back in If-Match' })
  @ApiReply(GET_USER, 200, 'OK', ETAG)
  async get(
    @RequestCtx() ctx: MessageContext,
    @Param('id', UuidParamPipe) id: string,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<UserView> {
    const user = await this.bus.request(GET_USER, ctx, { userId: id });
    setETag(reply, user.version);
    return user;
  }

  @Patch('api/v1/users/:id')
  @ApiHeader({ name: 'If-Match', required: true, description: 'The ETag of the version being changed' })
  @ApiOperation({
    summary:
      "Change a staff account (412 if it changed meanwhile). New roles and class groups apply at the user's next " +
      'token refresh, within one access-token lifetime; their sessions are not ended.',
  })
  @ApiReply(UPDATE_USER, 200, 'OK', ETAG)
  async update(
    @RequestCtx() ctx: MessageContext,
    @Param('id', UuidParamPipe) id: string,
    @Body() body: UpdateUserDto,
    @Headers('if-match') ifMatch: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<UserView> {
    const version = expectedVersion(ifMatch, true);
    const user = await this.bus.request(UPDATE_USER, ctx, { userId: id, expectedVersion: version, changes: body });
    setETag(reply, user.version);
    return user;
  }

  @Post('api/v1/users/:id/deactivate')
  @HttpCode(200)
  @ApiHeader({ name: 'If-Match', required: false })
  @ApiOperation({ summary: 'Deactivate an account: it can no longer sign in and all its sessions end at once' })
  @ApiReply(DEACTIVATE_USER, 200, 'OK', ETAG)
  async deactivate(
    @RequestCtx() ctx: MessageContext,
    @Param('id', UuidParamPipe) id: string,
    @Headers('if-match') ifMatch: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<UserView> {
    const user = await this.bus.request(DEACTIVATE_USER, ctx, {
      userId: id,
      expectedVersion: expectedVersion(ifMatch, false),
    });
    setETag(reply, user.version);
    return user;
  }

  @Post('api/v1/users/:id/reactivate')
  @HttpCode(200)
  @ApiHeader({ name: 'If-Match', required: false })
  @ApiOperation({
    summary:
      'Let a deactivated account sign in again: active if it had set its password, else invited ' +
      '(send it a new set-password link with the invitation route)',
  })
  @ApiReply(REACTIVATE_USER, 200, 'OK', ETAG)
  async reactivate(
    @RequestCtx() ctx: MessageContext,
    @Param('id', UuidParamPipe) id: string,
    @Headers('if-match') ifMatch: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<UserView> {
    const user = await this.bus.request(REACTIVATE_USER, ctx, {
      userId: id,
      expectedVersion: expectedVersion(ifMatch, false),
    });
    setETag(reply, user.version);
    return user;
  }

  @Post('api/v1/users/:id/invitation')
  @HttpCode(200)
  @ApiOperation({ summary: 'Send an invited user a new set-password link (the previous one stops working)' })
  @ApiReply(RESEND_INVITATION)
  resendInvitation(@RequestCtx() ctx: MessageContext, @Param('id', UuidParamPipe) id: string): Promise<UserView> {
    return this.bus.request(RESEND_INVITATION, ctx, { userId: id });
  }

  @Delete('api/v1/users/:id')
  @HttpCode(204)
  @ApiHeader({ name: 'If-Match', required: false })
  @ApiOperation({ summary: 'Remove a staff account (its sessions end at once)' })
  @ApiNoContent()
  async remove(
    @RequestCtx() ctx: MessageContext,
    @Param('id', UuidParamPipe) id: string,
    @Headers('if-match') ifMatch: string | undefined,
  ): Promise<void> {
    await this.bus.request(REMOVE_USER, ctx, { userId: id, expectedVersion: expectedVersion(ifMatch, false) });
  }
}
