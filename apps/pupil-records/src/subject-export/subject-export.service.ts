import { Injectable } from '@nestjs/common';
import { isUuid, SubjectExportFile, SubjectExportRequest, SubjectExportSection } from '@pt/contracts';
import { UnitOfWork } from '@pt/persistence';
import { BusException, FileStore, uuid7, SchoolContext } from '@pt/platform';
import { PupilCareExport } from './pupil-care-export';
import { PupilExportsService } from '../exports/pupil-exports.service';
import { toPupilView } from '../pupils/pupil-view';
import { PupilRepository } from '../pupils/pupil.repository';
import { RestrictionRepository } from '../restriction/restriction.repository';
import { toRestrictionView } from '../restriction/restriction.service';

/**
 * Pupil-records' part of a subject-access or portability bundle (P21, P22).
 * - A pupil: the register entry (special-category data only while consent stands, as
 *   every reader sees it), restrictions and their lifting, guardians, consents, health
 *   notes and the photograph, and the pupil's CTF: the common machine-readable format
 *   schools exchange, so the bundle can go straight to another school.
 * - A parent (the id of a guardian record): that record and the consents they gave.
 * - Staff: pupil-records keeps staff ids only as "recorded by" on pupils' records, which
 *   are the pupils' data, not the staff member's; it answers found:false.
 * Restricted pupils are included: restriction stops processing, not the subject's access.
 */
@Injectable()
export class SubjectExportService {
  constructor(
    private readonly unitOfWork: UnitOfWork,
    private readonly care: PupilCareExport,
    private readonly exports: PupilExportsService,
    private readonly files: FileStore,
  ) {}

  async export(ctx: SchoolContext, request: SubjectExportRequest): Promise<SubjectExportSection> {
    const { tenantId } = ctx;
    const subject = request?.subject;
    if (!subject || !isUuid(subject.id)) {
      throw BusException.validation([{ field: 'subject.id', message: 'must be a UUID' }]);
    }
    const empty: SubjectExportSection = { service: 'pupil-records', found: false, records: {}, files: [] };
    if (subject.type === 'parent') {
      const held = await this.unitOfWork.forContext(ctx, (em) => this.care.ofGuardian(em, subject.id));
      return Object.keys(held.records).length ? { ...empty, found: true, ...held } : empty;
    }
    if (subject.type !== 'pupil') return empty;

    const held = await this.unitOfWork.forContext(ctx, async (em) => {
      // The whole school's register: a rights manager acts for the school, not one class.
      const pupil = await new PupilRepository(em).findVisible(subject.id, null);
      if (!pupil) return null;
      const restrictions = await new RestrictionRepository(em).listOf(pupil.id);
      const care = await this.care.ofPupil(em, tenantId, pupil.id);
      return {
        records: { pupil: [toPupilView(pupil)], restrictions: restrictions.map(toRestrictionView), ...care.records },
        files: care.files,
      };
    });
    if (!held) return empty;
    const files: SubjectExportFile[] = [...held.files];
    const ctf = await this.exports.pupilCtf(ctx, subject.id);
    if (ctf) {
      const storeName = `subject-export.pupil-ctf.${tenantId}.${uuid7()}`;
      await this.files.put(storeName, ctf, {
        metadata: { contentType: 'application/xml', tenantId, purpose: 'subject-export' },
      });
      files.push({ storeName, fileName: 'pupil.ctf.xml', contentType: 'application/xml' });
    }
    return { service: 'pupil-records', found: true, records: held.records, files };
  }
}
