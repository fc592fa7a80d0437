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
import { Access, Allow, Handles, MsgCtx, MsgData } from '@pt/platform';
import { AuditLogService } from './audit-log.service';
import { PLATFORM_AUDITORS } from '../platform-auditors';

/**
 * A school's staff read their own school's log (audit:read), a support grant's actions
 * (support:grant); platform auditors any chain (audit:platform); the platform's own jobs.
 */
const READ_AUDIT_ENTRIES = Allow.anyOf(
  Allow.school('audit:read'),
  Allow.school('support:grant'),
  Allow.platform('audit:platform'),
  Allow.system(),
);

@Controller()
export class AuditLogController {
  constructor(private readonly log: AuditLogService) {}

  @Handles(LIST_AUDIT_ENTRIES)
  @Access(READ_AUDIT_ENTRIES)
  list(@MsgCtx() ctx: MessageContext, @MsgData() data: ListAuditEntriesRequest): Promise<AuditEntryPage> {
    return this.log.list(ctx, data);
  }

  @Handles(VERIFY_AUDIT_LOG)
  @Access(PLATFORM_AUDITORS)
  verify(@MsgData() data: { schoolId?: string }): Promise<AuditVerification> {
    return this.log.verify(data.schoolId);
  }

  @Handles(CREATE_AUDIT_CHECKPOINTS)
  @Access(PLATFORM_AUDITORS)
  checkpoint(): Promise<AuditCheckpointResult> {
    return this.log.checkpoint();
  }
}
