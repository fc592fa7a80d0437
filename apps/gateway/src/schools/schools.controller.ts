import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import {
  CREATE_SCHOOL,
  GET_SCHOOL,
  LIST_SCHOOLS,
  MessageContext,
  RECORD_DATA_PROCESSING_SIGNATURE,
  SchoolPage,
  SchoolView,
} from '@pt/contracts';
import { BusClient, BusException } from '@pt/platform';
import { RequirePermissions } from '../auth/require-permissions.decorator';
import { RequestCtx } from '../http/request-context';
import { UuidParamPipe } from '../http/uuid-param.pipe';
import { CreateSchoolDto, RecordSignatureDto, SchoolListQueryDto } from './school.dto';
import { ApiReply } from '../openapi/api-reply.decorator';

@ApiTags('schools')
@ApiBearerAuth()
@Controller()
export class SchoolsController {
  constructor(private readonly bus: BusClient) {}

  @Post('api/v1/platform/schools')
  @RequirePermissions('platform:schools')
  @ApiOperation({ summary: 'Create a school (tenant); it cannot process pupil data until the terms are signed (P11)' })
  @ApiReply(CREATE_SCHOOL, 201)
  create(@RequestCtx() ctx: MessageContext, @Body() body: CreateSchoolDto): Promise<SchoolView> {
    return this.bus.request(CREATE_SCHOOL, ctx, body);
  }

  @Get('api/v1/platform/schools')
  @RequirePermissions('platform:schools')
  @ApiOperation({ summary: 'List schools, oldest first' })
  @ApiReply(LIST_SCHOOLS)
  list(@RequestCtx() ctx: MessageContext, @Query() query: SchoolListQueryDto): Promise<SchoolPage> {
    return this.bus.request(LIST_SCHOOLS, ctx, { limit: query.limit, cursor: query.cursor, status: query.status });
  }

  @Get('api/v1/platform/schools/:schoolId')
  @ApiOperation({ summary: 'A school, with its data processing signature' })
  @RequirePermissions('platform:schools')
  @ApiReply(GET_SCHOOL)
  get(@RequestCtx() ctx: MessageContext, @Param('schoolId', UuidParamPipe) schoolId: string): Promise<SchoolView> {
    return this.bus.request(GET_SCHOOL, ctx, { schoolId });
  }

  @Post('api/v1/platform/schools/:schoolId/data-processing-signature')
  @HttpCode(200)
  @RequirePermissions('platform:schools')
  @ApiOperation({ summary: "Record the school's signature of the data processing terms (P11)" })
  @ApiReply(RECORD_DATA_PROCESSING_SIGNATURE)
  recordSignature(
    @RequestCtx() ctx: MessageContext,
    @Param('schoolId', UuidParamPipe) schoolId: string,
    @Body() body: RecordSignatureDto,
  ): Promise<SchoolView> {
    return this.bus.request(RECORD_DATA_PROCESSING_SIGNATURE, ctx, { schoolId, ...body });
  }

  @Get('api/v1/school')
  @ApiOperation({ summary: "The signed-in staff member's own school" })
  @ApiReply(GET_SCHOOL)
  own(@RequestCtx() ctx: MessageContext): Promise<SchoolView> {
    if (!ctx.tenantId) throw BusException.forbidden('school_required', 'This route works inside a school');
    return this.bus.request(GET_SCHOOL, ctx, { schoolId: ctx.tenantId });
  }
}
