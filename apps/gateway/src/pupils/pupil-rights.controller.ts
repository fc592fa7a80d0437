import { Body, Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import {
  ERASE_PUPIL,
  ErasureView,
  LIFT_PUPIL_RESTRICTION,
  LIST_PUPIL_RESTRICTIONS,
  MessageContext,
  RESTRICT_PUPIL,
  RestrictionView,
} from '@pt/contracts';
import { BusClient } from '@pt/platform';
import { RequirePermissions } from '../auth/require-permissions.decorator';
import { RequestCtx } from '../http/request-context';
import { UuidParamPipe } from '../http/uuid-param.pipe';
import { ErasePupilDto, LiftRestrictionDto, RestrictPupilDto } from './pupils.dto';
import { ApiReply } from '../openapi/api-reply.decorator';

/**
 * Data-subject rights on a pupil's record: restriction of and objection to processing
 * (P18) and erasure (P17). Restricting and lifting are rights decisions (rights:manage,
 * the school's data protection lead); erasure has its own permission (pupils:erase).
 */
@ApiTags('pupils')
@ApiBearerAuth()
@Controller()
export class PupilRightsController {
  constructor(private readonly bus: BusClient) {}

  @Post('api/v1/pupils/:id/restrictions')
  @RequirePermissions('rights:manage')
  @ApiOperation({
    summary: 'P18: restrict (or record an objection to) processing: the pupil becomes read-only and leaves analysis',
  })
  @ApiReply(RESTRICT_PUPIL, 201)
  restrict(
    @RequestCtx() ctx: MessageContext,
    @Param('id', UuidParamPipe) id: string,
    @Body() body: RestrictPupilDto,
  ): Promise<RestrictionView> {
    return this.bus.request(RESTRICT_PUPIL, ctx, { pupilId: id, ...body });
  }

  @Post('api/v1/pupils/:id/restrictions/lift')
  @HttpCode(200)
  @RequirePermissions('rights:manage')
  @ApiOperation({ summary: 'P18: lift the restriction in force; who, when and why are recorded' })
  @ApiReply(LIFT_PUPIL_RESTRICTION)
  lift(
    @RequestCtx() ctx: MessageContext,
    @Param('id', UuidParamPipe) id: string,
    @Body() body: LiftRestrictionDto,
  ): Promise<RestrictionView> {
    return this.bus.request(LIFT_PUPIL_RESTRICTION, ctx, { pupilId: id, ...body });
  }

  @Get('api/v1/pupils/:id/restrictions')
  @RequirePermissions('pupils:read')
  @ApiOperation({ summary: "P18: the pupil's restrictions and lifts, newest first" })
  @ApiReply(LIST_PUPIL_RESTRICTIONS)
  restrictions(
    @RequestCtx() ctx: MessageContext,
    @Param('id', UuidParamPipe) id: string,
  ): Promise<{ items: RestrictionView[] }> {
    return this.bus.request(LIST_PUPIL_RESTRICTIONS, ctx, { pupilId: id });
  }

  @Post('api/v1/pupils/:id/erasure')
  @HttpCode(200)
  @RequirePermissions('pupils:erase')
  @ApiOperation({
    summary:
      'P17: erase the pupil: the record and what hangs off it are deleted here and every other service deletes what it holds; only ids, who asked and why are kept',
  })
  @ApiReply(ERASE_PUPIL)
  erase(
    @RequestCtx() ctx: MessageContext,
    @Param('id', UuidParamPipe) id: string,
    @Body() body: ErasePupilDto,
  ): Promise<ErasureView> {
    return this.bus.request(ERASE_PUPIL, ctx, { pupilId: id, ...body });
  }
}
