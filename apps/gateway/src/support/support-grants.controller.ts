import { Body, Controller, Delete, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import {
  CREATE_SUPPORT_GRANT,
  ENTER_WITH_SUPPORT_GRANT,
  LIST_SUPPORT_GRANTS,
  MessageContext,
  REVOKE_SUPPORT_GRANT,
  SupportAccess,
  SupportGrantView,
} from '@pt/contracts';
import { BusClient } from '@pt/platform';
import { RequirePermissions } from '../auth/require-permissions.decorator';
import { RequestCtx } from '../http/request-context';
import { UuidParamPipe } from '../http/uuid-param.pipe';
import { CreateSupportGrantDto, SupportGrantListQueryDto } from './support-grants.dto';
import { ApiReply } from '../openapi/api-reply.decorator';

@ApiTags('support access')
@ApiBearerAuth()
@Controller()
export class SupportGrantsController {
  constructor(private readonly bus: BusClient) {}

  @Post('api/v1/support-grants')
  @RequirePermissions('support:grant')
  @ApiOperation({ summary: 'Let platform support into this school for a while (P12)' })
  @ApiReply(CREATE_SUPPORT_GRANT, 201)
  create(@RequestCtx() ctx: MessageContext, @Body() body: CreateSupportGrantDto): Promise<SupportGrantView> {
    return this.bus.request(CREATE_SUPPORT_GRANT, ctx, body);
  }

  @Get('api/v1/support-grants')
  @ApiOperation({ summary: "The school's support grants, current and past" })
  @RequirePermissions('support:grant')
  @ApiReply(LIST_SUPPORT_GRANTS)
  async list(
    @RequestCtx() ctx: MessageContext,
    @Query() query: SupportGrantListQueryDto,
  ): Promise<{ items: SupportGrantView[] }> {
    return this.bus.request(LIST_SUPPORT_GRANTS, ctx, { activeOnly: query.active ?? false });
  }

  @Delete('api/v1/support-grants/:grantId')
  @RequirePermissions('support:grant')
  @ApiOperation({ summary: 'End the grant now; support sessions under it end at once' })
  @ApiReply(REVOKE_SUPPORT_GRANT)
  revoke(
    @RequestCtx() ctx: MessageContext,
    @Param('grantId', UuidParamPipe) grantId: string,
  ): Promise<SupportGrantView> {
    return this.bus.request(REVOKE_SUPPORT_GRANT, ctx, { grantId });
  }

  @Get('api/v1/platform/support-grants')
  @RequirePermissions('support:enter')
  @ApiOperation({ summary: 'Schools that currently let support in' })
  @ApiReply(LIST_SUPPORT_GRANTS)
  active(@RequestCtx() ctx: MessageContext): Promise<{ items: SupportGrantView[] }> {
    return this.bus.request(LIST_SUPPORT_GRANTS, ctx, { activeOnly: true });
  }

  @Post('api/v1/platform/support-grants/:grantId/sessions')
  @HttpCode(201)
  @RequirePermissions('support:enter')
  @ApiOperation({ summary: 'Enter the school under its grant: an access token limited to the grant' })
  @ApiReply(ENTER_WITH_SUPPORT_GRANT, 201)
  enter(@RequestCtx() ctx: MessageContext, @Param('grantId', UuidParamPipe) grantId: string): Promise<SupportAccess> {
    return this.bus.request(ENTER_WITH_SUPPORT_GRANT, ctx, { grantId });
  }
}
