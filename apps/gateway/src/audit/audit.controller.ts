import { Body, Controller, Get, HttpCode, Param, Post, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiProduces, ApiResponse, ApiTags } from '@nestjs/swagger';
import {
  AUDIT_EXPORT_MAX_ROWS,
  AuditCheckpointResult,
  AuditEntryFilter,
  AuditEntryPage,
  AuditEntryView,
  AuditVerification,
  CREATE_AUDIT_CHECKPOINTS,
  GET_SUPPORT_GRANT,
  LIST_AUDIT_ENTRIES,
  MessageContext,
  VERIFY_AUDIT_LOG,
} from '@pt/contracts';
import { BusClient, BusException } from '@pt/platform';
import { FastifyReply } from 'fastify';
import { RequirePermissions } from '../auth/require-permissions.decorator';
import { PageQueryDto } from '../http/pagination.dto';
import { RequestCtx } from '../http/request-context';
import { UuidParamPipe } from '../http/uuid-param.pipe';
import { auditEntriesCsv } from './audit-csv';
import {
  AuditEntryQueryDto,
  AuditExportQueryDto,
  AuditFilterDto,
  AuditVerificationDto,
  PlatformAuditEntryQueryDto,
} from './audit.dto';
import { ApiReply, viewSchema } from '../openapi/api-reply.decorator';

/** An export is read page by page over the bus (each reply stays well under NATS's size limit). */
const EXPORT_PAGE = 500;
/** Walking every chain takes longer than an ordinary request. */
const VERIFY_TIMEOUT_MS = 120_000;

const schoolRequired = () => BusException.forbidden('school_required', 'This route works inside a school');

function filterOf(query: AuditFilterDto): AuditEntryFilter {
  const { from, to, actorId, action, subjectType, subjectId } = query;
  return { from, to, actorId, action, subjectType, subjectId };
}

/**
 * The audit trail (P24): a school reads and exports its own log, and sees what support
 * did under each grant (P12); platform auditors read any school's log and verify chains.
 */
@ApiTags('audit')
@ApiBearerAuth()
@Controller()
export class AuditController {
  constructor(private readonly bus: BusClient) {}

  @Get('api/v1/audit-entries')
  @RequirePermissions('audit:read')
  @ApiOperation({ summary: "The school's audit log, newest first (P24)" })
  @ApiReply(LIST_AUDIT_ENTRIES)
  list(@RequestCtx() ctx: MessageContext, @Query() query: AuditEntryQueryDto): Promise<AuditEntryPage> {
    if (!ctx.tenantId) throw schoolRequired();
    return this.bus.request(LIST_AUDIT_ENTRIES, ctx, { ...filterOf(query), limit: query.limit, cursor: query.cursor });
  }

  @Get('api/v1/audit-entries/export')
  @RequirePermissions('audit:read')
  @ApiProduces('text/csv', 'application/json')
  @ApiResponse({
    status: 200,
    description: 'CSV by default; JSON when asked',
    content: {
      'text/csv': { schema: { type: 'string' } },
      'application/json': {
        schema: {
          type: 'object',
          properties: { items: { type: 'array', items: viewSchema('AuditEntryView') }, truncated: { type: 'boolean' } },
          required: ['items', 'truncated'],
          additionalProperties: false,
        },
      },
    },
  })
  @ApiOperation({ summary: "Export the school's audit log as CSV (spreadsheet-safe) or JSON" })
  async export(
    @RequestCtx() ctx: MessageContext,
    @Query() query: AuditExportQueryDto,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<string | { items: AuditEntryView[]; truncated: boolean }> {
    if (!ctx.tenantId) throw schoolRequired();
    const items: AuditEntryView[] = [];
    let cursor: string | undefined;
    let truncated = false;
    for (;;) {
      const page = await this.bus.request(LIST_AUDIT_ENTRIES, ctx, { ...filterOf(query), limit: EXPORT_PAGE, cursor });
      items.push(...page.items);
      if (!page.nextCursor) break;
      if (items.length >= AUDIT_EXPORT_MAX_ROWS) {
        truncated = true;
        break;
      }
      cursor = page.nextCursor;
    }
    const name = `audit-entries-${new Date().toISOString().slice(0, 10)}`;
    if (truncated) void reply.header('X-Export-Truncated', 'true');
    if (query.format === 'json') {
      void reply.header('Content-Disposition', `attachment; filename="${name}.json"`);
      return { items, truncated };
    }
    void reply.header('Content-Type', 'text/csv; charset=utf-8');
    void reply.header('Content-Disposition', `attachment; filename="${name}.csv"`);
    return auditEntriesCsv(items);
  }

  @Get('api/v1/support-grants/:grantId/actions')
  @RequirePermissions('support:grant')
  @ApiOperation({
    summary: 'What support did in this school under the grant, newest first (P12)',
    description: "Another school's grant answers 404 `support_grant.not_found`, as one that does not exist.",
  })
  @ApiReply(LIST_AUDIT_ENTRIES)
  async supportActions(
    @RequestCtx() ctx: MessageContext,
    @Param('grantId', UuidParamPipe) grantId: string,
    @Query() query: PageQueryDto,
  ): Promise<AuditEntryPage> {
    if (!ctx.tenantId) throw schoolRequired();
    // The grant is identity's and the log audit's: the log alone cannot tell another
    // school's grant from one of this school's that nobody has used yet.
    await this.bus.request(GET_SUPPORT_GRANT, ctx, { grantId });
    return this.bus.request(LIST_AUDIT_ENTRIES, ctx, {
      supportGrantId: grantId,
      limit: query.limit,
      cursor: query.cursor,
    });
  }

  @Get('api/v1/platform/audit-entries')
  @RequirePermissions('audit:platform')
  @ApiOperation({ summary: "Any school's audit log (schoolId), or the platform's own, newest first" })
  @ApiReply(LIST_AUDIT_ENTRIES)
  platformList(@RequestCtx() ctx: MessageContext, @Query() query: PlatformAuditEntryQueryDto): Promise<AuditEntryPage> {
    return this.bus.request(LIST_AUDIT_ENTRIES, ctx, {
      ...filterOf(query),
      schoolId: query.schoolId,
      limit: query.limit,
      cursor: query.cursor,
    });
  }

  @Post('api/v1/platform/audit-verifications')
  @HttpCode(200)
  @RequirePermissions('audit:platform')
  @ApiOperation({ summary: "Walk one school's chain, or every chain, and report the first broken link (P24)" })
  @ApiReply(VERIFY_AUDIT_LOG)
  verify(@RequestCtx() ctx: MessageContext, @Body() body: AuditVerificationDto): Promise<AuditVerification> {
    return this.bus.request(VERIFY_AUDIT_LOG, ctx, { schoolId: body.schoolId }, { timeoutMs: VERIFY_TIMEOUT_MS });
  }

  @Post('api/v1/platform/audit-checkpoints')
  @RequirePermissions('audit:platform')
  @ApiOperation({ summary: "Sign every chain's head now (it is also done periodically)" })
  @ApiReply(CREATE_AUDIT_CHECKPOINTS, 201)
  checkpoint(@RequestCtx() ctx: MessageContext): Promise<AuditCheckpointResult> {
    return this.bus.request(CREATE_AUDIT_CHECKPOINTS, ctx, {});
  }
}
