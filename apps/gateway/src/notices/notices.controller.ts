import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { LIST_NOTICES, MessageContext, NoticePage } from '@pt/contracts';
import { BusClient, BusException } from '@pt/platform';
import { PageQueryDto } from '../http/pagination.dto';
import { RequestCtx } from '../http/request-context';
import { ApiReply } from '../openapi/api-reply.decorator';

@ApiTags('notices')
@ApiBearerAuth()
@Controller()
export class NoticesController {
  constructor(private readonly bus: BusClient) {}

  @Get('api/v1/notices')
  @ApiOperation({ summary: "Platform notices to the signed-in staff member's school, newest first (P23)" })
  @ApiReply(LIST_NOTICES)
  list(@RequestCtx() ctx: MessageContext, @Query() query: PageQueryDto): Promise<NoticePage> {
    if (!ctx.tenantId) throw BusException.forbidden('school_required', 'This route works inside a school');
    return this.bus.request(LIST_NOTICES, ctx, { limit: query.limit, cursor: query.cursor });
  }
}
