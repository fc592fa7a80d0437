import { Controller, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AuditRetentionRun, MessageContext, RUN_AUDIT_RETENTION } from '@pt/contracts';
import { BusClient } from '@pt/platform';
import { RequirePermissions } from '../auth/require-permissions.decorator';
import { RequestCtx } from '../http/request-context';
import { ApiReply } from '../openapi/api-reply.decorator';

/** Removing a long-expired stretch of every chain can take longer than an ordinary request. */
const RETENTION_TIMEOUT_MS = 120_000;

/** Audit retention (P24): platform auditors run the job on demand; it also runs on a schedule. */
@ApiTags('audit')
@ApiBearerAuth()
@Controller()
export class AuditRetentionController {
  constructor(private readonly bus: BusClient) {}

  @Post('api/v1/platform/audit-retention-runs')
  @RequirePermissions('audit:platform')
  @ApiOperation({
    summary: 'Remove audit entries older than the retention period, after checkpointing each chain at the cut (P24)',
  })
  @ApiReply(RUN_AUDIT_RETENTION, 201)
  run(@RequestCtx() ctx: MessageContext): Promise<AuditRetentionRun> {
    return this.bus.request(RUN_AUDIT_RETENTION, ctx, {}, { timeoutMs: RETENTION_TIMEOUT_MS });
  }
}
