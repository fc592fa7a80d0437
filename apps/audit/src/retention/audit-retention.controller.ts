import { Controller } from '@nestjs/common';
import { AuditRetentionRun, MessageContext, RUN_AUDIT_RETENTION } from '@pt/contracts';
import { Handles, MsgCtx } from '@pt/platform';
import { AuditRetentionService } from './audit-retention.service';

@Controller()
export class AuditRetentionController {
  constructor(private readonly retention: AuditRetentionService) {}

  @Handles(RUN_AUDIT_RETENTION)
  run(@MsgCtx() ctx: MessageContext): Promise<AuditRetentionRun> {
    return this.retention.runFor(ctx);
  }
}
