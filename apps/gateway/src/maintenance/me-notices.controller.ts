import { Controller, Get, Query, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { LIST_NOTICES, MaintenanceNotice, MeNoticePage, MessageContext, NoticeView } from '@pt/contracts';
import { Clock, BusClient } from '@pt/platform';
import { FastifyRequest } from 'fastify';
import { PageQueryDto } from '../http/pagination.dto';
import { RequestCtx } from '../http/request-context';
import { MaintenanceCalendar } from './maintenance-calendar';
import { ApiView, viewSchema } from '../openapi/api-reply.decorator';

type SchoolNotice = NoticeView & { kind: 'school' };

/**
 * What the signed-in user should know: maintenance in their scope (P13, from its first
 * lead time, answered from the gateway's cache) first, then their school's notices (P23;
 * staff only: platform staff have no school).
 */
@ApiTags('notices')
@ApiBearerAuth()
@Controller()
export class MeNoticesController {
  constructor(
    private readonly bus: BusClient,
    private readonly calendar: MaintenanceCalendar,
    private readonly clock: Clock,
  ) {}

  @Get('api/v1/me/notices')
  @ApiOperation({ summary: 'Maintenance warnings in your scope, then your school notices (paged by cursor)' })
  @ApiView(viewSchema('MeNoticePage'))
  async list(
    @RequestCtx() ctx: MessageContext,
    @Req() request: FastifyRequest,
    @Query() query: PageQueryDto,
  ): Promise<MeNoticePage> {
    const now = this.clock.nowMs();
    // The maintenance warnings lead the first page only; later pages are the school's notices.
    const maintenance: MaintenanceNotice[] = query.cursor
      ? []
      : this.calendar.standing(request.principal, now).warnings.map((window) => {
          const startsAt = new Date(window.startsAt).toISOString();
          const endsAt = new Date(window.endsAt).toISOString();
          const what = window.mode === 'read-only' ? 'read-only (changes are refused)' : 'unavailable';
          return {
            kind: 'maintenance',
            windowId: window.id,
            title: 'Planned maintenance',
            body: `The service will be ${what} from ${startsAt} to ${endsAt}: ${window.reason}`,
            reason: window.reason,
            startsAt,
            endsAt,
            mode: window.mode,
            inProgress: now >= window.startsAt,
          };
        });
    if (!ctx.tenantId || ctx.actor.kind !== 'staff') return { items: maintenance, nextCursor: null };
    const page = await this.bus.request(LIST_NOTICES, ctx, { limit: query.limit, cursor: query.cursor });
    return {
      items: [...maintenance, ...page.items.map((notice) => ({ kind: 'school' as const, ...notice }))],
      nextCursor: page.nextCursor,
    };
  }
}
