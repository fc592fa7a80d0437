import { SchoolPurgeConsumer } from './school-purge/school-purge.consumer';
import { DynamicModule, Module } from '@nestjs/common';
import { dataServiceFoundation } from '@pt/platform';
import { Logger } from 'pino';
import { AuditConfig } from './audit.config';
import { BreachesController } from './breaches/breaches.controller';
import { BreachesService } from './breaches/breaches.service';
import { AUDIT_DATABASE } from './database';
import { AuditIngestion } from './log/audit-ingestion';
import { EntryHashers } from './log/entry-hashers';
import { AuditLogController } from './log/audit-log.controller';
import { AuditLogService } from './log/audit-log.service';
import { AuditRetentionController } from './retention/audit-retention.controller';
import { AuditRetentionService } from './retention/audit-retention.service';
import { RightsController } from './rights/rights.controller';
import { RightsService } from './rights/rights.service';
import { RightsActionsService } from './rights/rights-actions.service';
import { RightsRemindersService } from './rights/rights-reminders.service';
import { AuditSubjectExportController } from './subject-access/audit-subject-export.controller';
import { AuditSubjectExportService } from './subject-access/audit-subject-export.service';
import { SubjectAccessController } from './subject-access/subject-access.controller';
import { SubjectAccessService } from './subject-access/subject-access.service';
import { SubjectExportGatherer } from './subject-access/subject-export-gatherer';

/**
 * P24: the runtime role may only insert and read the log and its checkpoints; the
 * append-only trigger of the migration is the second guard.
 */
export function auditGrants(role: string): string[] {
  return [
    `revoke update, delete, truncate on audit_entry from ${role}`,
    `revoke update, delete, truncate on audit_checkpoint from ${role}`,
    `grant execute on function audit_purge_before(timestamptz) to ${role}`,
  ];
}

/** The audit service: the append-only, tamper-evident audit log, the subject-access register and the breach register. */
@Module({})
export class AuditModule {
  static register(config: AuditConfig, logger: Logger): DynamicModule {
    return {
      module: AuditModule,
      imports: dataServiceFoundation({ service: 'audit', config, logger, ...AUDIT_DATABASE, extraGrants: auditGrants }),
      controllers: [
        AuditLogController,
        AuditRetentionController,
        BreachesController,
        RightsController,
        SubjectAccessController,
        AuditSubjectExportController,
      ],
      providers: [
        AuditLogService,
        EntryHashers,
        AuditIngestion,
        AuditRetentionService,
        BreachesService,
        RightsService,
        RightsActionsService,
        RightsRemindersService,
        SubjectAccessService,
        SubjectExportGatherer,
        AuditSubjectExportService,
        SchoolPurgeConsumer,
      ],
    };
  }
}
