import { Controller } from '@nestjs/common';
import { AuditRetentionRun, MessageContext, RUN_AUDIT_RETENTION } from '@pt/contracts';
import { Access, Handles, MsgCtx } from '@pt/platform';
import { AuditRetentionService } from './audit-retention.service';
import { PLATFORM_AUDITORS } from '../platform-auditors';

@Controller()
export class AuditRetentionController {
  constructor(private readonly retention: AuditRetentionService) {}

  @Handles(RUN_AUDIT_RETENTION)
  @Access(PLATFORM_AUDITORS)
  run(@MsgCtx() ctx: MessageContext): Promise<AuditRetentionRun> {
    return this.retention.run(ctx);
  }
}
