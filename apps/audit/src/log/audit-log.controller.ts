import { Controller } from '@nestjs/common';
import {
  AuditCheckpointResult,
  AuditEntryPage,
  AuditVerification,
  CREATE_AUDIT_CHECKPOINTS,
  LIST_AUDIT_ENTRIES,
  ListAuditEntriesRequest,
  MessageContext,
  VERIFY_AUDIT_LOG,
} from '@pt/contracts';
import { Handles, MsgCtx, MsgData } from '@pt/platform';
import { AuditLogService } from './audit-log.service';

@Controller()
export class AuditLogController {
  constructor(private readonly log: AuditLogService) {}

  @Handles(LIST_AUDIT_ENTRIES)
  list(@MsgCtx() ctx: MessageContext, @MsgData() data: ListAuditEntriesRequest): Promise<AuditEntryPage> {
    return this.log.list(ctx, data);
  }

  @Handles(VERIFY_AUDIT_LOG)
  verify(@MsgCtx() ctx: MessageContext, @MsgData() data: { schoolId?: string }): Promise<AuditVerification> {
    return this.log.verify(ctx, data.schoolId);
  }

  @Handles(CREATE_AUDIT_CHECKPOINTS)
  checkpoint(@MsgCtx() ctx: MessageContext): Promise<AuditCheckpointResult> {
    return this.log.checkpointFor(ctx);
  }
}
