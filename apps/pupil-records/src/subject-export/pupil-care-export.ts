import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { SubjectExportFile } from '@pt/contracts';
import { FileStore, uuid7 } from '@pt/platform';
import { toGuardianView } from '../guardians/guardian-fields';
import { GuardianRepository } from '../guardians/guardian.repository';
import { toHealthNoteView } from '../health/health-note-view';
import { HealthNoteRepository } from '../health/health-note.repository';
import { PupilPhotoRepository } from '../photos/pupil-photo.repository';
import { toConsentView } from '../consents/consent-requests';
import { ConsentRepository } from '../pupils/consent.repository';
import { CaredPupilRepository } from '../pupils/pupil-care-access';

export interface PupilCareRecords {
  records: Record<string, unknown[]>;
  files: SubjectExportFile[];
}

/**
 * P21: what the guardian, consent, health-note and photograph modules hold, for the
 * pupil-records section of a subject-access bundle. Called inside the exporting unit of
 * work (so the tenant walls apply); the photograph goes through the file store, as it
 * would not fit a bus message.
 */
@Injectable()
export class PupilCareExport {
  constructor(private readonly files: FileStore) {}

  /** About a pupil: guardians, every consent record, health notes (only while consent stands) and the photograph. */
  async ofPupil(em: EntityManager, tenantId: string, pupilId: string): Promise<PupilCareRecords> {
    const pupil = await new CaredPupilRepository(em).find(pupilId);
    if (!pupil) return { records: {}, files: [] };
    const guardians = await new GuardianRepository(em).listOf(pupilId);
    const consents = await new ConsentRepository(em).historyOf(pupilId);
    const notes = pupil.specialCategoryConsent ? await new HealthNoteRepository(em).listOf(pupilId) : [];
    const files: SubjectExportFile[] = [];
    const photo =
      pupil.photoConsent && pupil.hasPhoto ? await new PupilPhotoRepository(em).findWithContent(pupilId) : null;
    if (photo) {
      const storeName = `subject-export.pupil-photo.${tenantId}.${uuid7()}`;
      await this.files.put(storeName, photo.content, {
        metadata: { contentType: photo.contentType, tenantId, purpose: 'subject-export' },
      });
      const extension = photo.contentType === 'image/png' ? 'png' : 'jpg';
      files.push({ storeName, fileName: `pupil-photo.${extension}`, contentType: photo.contentType });
    }
    return {
      records: {
        guardians: guardians.map(toGuardianView),
        consents: consents.map(toConsentView),
        healthNotes: notes.map(toHealthNoteView),
      },
      files,
    };
  }

  /** About a parent or carer (subject type `parent`, id = guardian id): their guardian record and the consents they gave or withdrew. */
  async ofGuardian(em: EntityManager, guardianId: string): Promise<PupilCareRecords> {
    const guardian = await new GuardianRepository(em).findById(guardianId);
    const consents = await new ConsentRepository(em).byGuardian(guardianId);
    if (!guardian && !consents.length) return { records: {}, files: [] };
    return {
      records: { guardians: guardian ? [toGuardianView(guardian)] : [], consents: consents.map(toConsentView) },
      files: [],
    };
  }
}
