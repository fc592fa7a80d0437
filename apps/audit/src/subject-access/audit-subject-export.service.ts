import { Injectable } from '@nestjs/common';
import { isUuid, SubjectExportRequest, SubjectExportSection } from '@pt/contracts';
import { UnitOfWork } from '@pt/persistence';
import { BusException, FileStore, uuid7, SchoolContext } from '@pt/platform';
import { AuditSubjectExportRepository } from './audit-subject-export.repository';

/** More entries than this go into a file: a bus reply must stay well under NATS's 1 MB. */
const INLINE_ENTRIES = 2_000;

/**
 * Audit's own part of a subject-access bundle (P21): the school's audit entries in which
 * the subject acted or was acted on, by id, action and time. A long history is handed over
 * as a JSON file in the file store instead of inline.
 */
@Injectable()
export class AuditSubjectExportService {
  constructor(
    private readonly unitOfWork: UnitOfWork,
    private readonly files: FileStore,
  ) {}

  async export(ctx: SchoolContext, request: SubjectExportRequest): Promise<SubjectExportSection> {
    const { tenantId } = ctx;
    if (!request.subject || !isUuid(request.subject.id)) {
      throw BusException.validation([{ field: 'subject.id', message: 'must be a UUID' }]);
    }
    const entries = await this.unitOfWork.forContext(ctx, (em) =>
      new AuditSubjectExportRepository(em).entriesConcerning(request.subject.id),
    );
    if (!entries.length) return { service: 'audit', found: false, records: {}, files: [] };
    if (entries.length <= INLINE_ENTRIES) return { service: 'audit', found: true, records: { entries }, files: [] };
    const storeName = `subject-export.audit.${tenantId}.${uuid7()}.json`;
    await this.files.put(storeName, Buffer.from(JSON.stringify(entries)), {
      metadata: { contentType: 'application/json', tenantId, purpose: 'subject-export' },
    });
    return {
      service: 'audit',
      found: true,
      records: {},
      files: [{ storeName, fileName: 'audit-entries.json', contentType: 'application/json' }],
    };
  }
}
