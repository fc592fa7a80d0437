import { Body, Controller, Delete, Get, Headers, HttpCode, Param, Patch, Post, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiHeader, ApiOperation, ApiTags } from '@nestjs/swagger';
import {
  CREATE_GUARDIAN,
  DELETE_GUARDIAN,
  GET_GUARDIAN,
  GuardianView,
  LIST_GUARDIANS,
  MessageContext,
  UPDATE_GUARDIAN,
} from '@pt/contracts';
import { BusClient } from '@pt/platform';
import { FastifyReply } from 'fastify';
import { RequirePermissions } from '../auth/require-permissions.decorator';
import { RequestCtx } from '../http/request-context';
import { UuidParamPipe } from '../http/uuid-param.pipe';
import { expectedVersion, setETag } from '../users/etag';
import { CreateGuardianDto, UpdateGuardianDto } from './pupil-care.dto';
import { ApiNoContent, ApiReply, ETAG, LOCATION_AND_ETAG } from '../openapi/api-reply.decorator';

/**
 * A pupil's parents and carers (the people whose consent is recorded, P16). Another
 * school's pupil, or one outside a teacher's class groups, answers 404.
 */
@ApiTags('guardians')
@ApiBearerAuth()
@Controller()
export class GuardiansController {
  constructor(private readonly bus: BusClient) {}

  @Get('api/v1/pupils/:pupilId/guardians')
  @RequirePermissions('pupils:read')
  @ApiOperation({ summary: "The pupil's guardians in contact order" })
  @ApiReply(LIST_GUARDIANS)
  list(
    @RequestCtx() ctx: MessageContext,
    @Param('pupilId', UuidParamPipe) pupilId: string,
  ): Promise<{ items: GuardianView[] }> {
    return this.bus.request(LIST_GUARDIANS, ctx, { pupilId });
  }

  @Post('api/v1/pupils/:pupilId/guardians')
  @RequirePermissions('pupils:write')
  @ApiOperation({ summary: 'Add a guardian: name, relationship, parental responsibility, contact, priority' })
  @ApiReply(CREATE_GUARDIAN, 201, 'Created', LOCATION_AND_ETAG)
  async create(
    @RequestCtx() ctx: MessageContext,
    @Param('pupilId', UuidParamPipe) pupilId: string,
    @Body() body: CreateGuardianDto,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<GuardianView> {
    const guardian = await this.bus.request(CREATE_GUARDIAN, ctx, { ...body, pupilId });
    void reply.header('Location', `/api/v1/pupils/${pupilId}/guardians/${guardian.id}`);
    setETag(reply, guardian.version);
    return guardian;
  }

  @Get('api/v1/pupils/:pupilId/guardians/:guardianId')
  @RequirePermissions('pupils:read')
  @ApiOperation({ summary: 'One guardian; its ETag is the version to send back in If-Match' })
  @ApiReply(GET_GUARDIAN, 200, 'OK', ETAG)
  async get(
    @RequestCtx() ctx: MessageContext,
    @Param('pupilId', UuidParamPipe) pupilId: string,
    @Param('guardianId', UuidParamPipe) guardianId: string,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<GuardianView> {
    const guardian = await this.bus.request(GET_GUARDIAN, ctx, { pupilId, guardianId });
    setETag(reply, guardian.version);
    return guardian;
  }

  @Patch('api/v1/pupils/:pupilId/guardians/:guardianId')
  @RequirePermissions('pupils:write')
  @ApiHeader({ name: 'If-Match', required: true, description: 'The ETag of the version being changed' })
  @ApiOperation({ summary: 'Change a guardian (412 if it changed meanwhile)' })
  @ApiReply(UPDATE_GUARDIAN, 200, 'OK', ETAG)
  async update(
    @RequestCtx() ctx: MessageContext,
    @Param('pupilId', UuidParamPipe) pupilId: string,
    @Param('guardianId', UuidParamPipe) guardianId: string,
    @Body() body: UpdateGuardianDto,
    @Headers('if-match') ifMatch: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<GuardianView> {
    const version = expectedVersion(ifMatch, true);
    const guardian = await this.bus.request(UPDATE_GUARDIAN, ctx, {
      pupilId,
      guardianId,
      expectedVersion: version,
      changes: body,
    });
    setETag(reply, guardian.version);
    return guardian;
  }

  @Delete('api/v1/pupils/:pupilId/guardians/:guardianId')
  @HttpCode(204)
  @RequirePermissions('pupils:write')
  @ApiHeader({ name: 'If-Match', required: false })
  @ApiOperation({ summary: 'Remove a guardian (409 while a consent they gave stands)' })
  @ApiNoContent()
  async remove(
    @RequestCtx() ctx: MessageContext,
    @Param('pupilId', UuidParamPipe) pupilId: string,
    @Param('guardianId', UuidParamPipe) guardianId: string,
    @Headers('if-match') ifMatch: string | undefined,
  ): Promise<void> {
    await this.bus.request(DELETE_GUARDIAN, ctx, {
      pupilId,
      guardianId,
      expectedVersion: expectedVersion(ifMatch, false),
    });
  }
}
