import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { GuardianView, SubjectExportFile } from '@pt/contracts';
import { FileStore, uuid7 } from '@pt/platform';
import { toGuardianView } from '../guardians/guardian-fields';
import { GuardianRepository } from '../guardians/guardian.repository';
import { toHealthNoteView } from '../health/health-note-view';
import { HealthNoteRepository } from '../health/health-note.repository';
import { PupilPhotoRepository } from '../photos/pupil-photo.repository';
import { toConsentView } from '../consents/consent-requests';
import { ConsentRepository } from '../pupils/consent.repository';
import { CaredPupilRepository } from '../pupils/pupil-care-access';

/** Why a guardian's contact details in a pupil's bundle wait for the school's review. */
export const GUARDIAN_CONTACT_REVIEW =
  "Third-party data: a parent's or carer's own contact details, not the pupil's. Review before release: " +
  'release them only to that guardian, with their consent, or where it is reasonable to without it; otherwise redact them.';

/** A guardian's contact details, set apart in a pupil's bundle for the school to review before it is released. */
export interface GuardianContactForReview {
  kind: 'guardian-contact';
  guardianId: string;
  reviewBeforeRelease: true;
  reason: string;
  email: string | null;
  telephone: string | null;
  address: GuardianView['address'];
}

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

  /**
   * About a pupil: guardians (who they are and their relationship, with their contact details set apart
   * under thirdPartyDataForReview for the school to review before release), every consent record, health notes (only while consent stands) and the photograph. */
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
    const { withoutContacts, forReview } = setContactsApart(guardians.map(toGuardianView));
    return {
      records: {
        guardians: withoutContacts,
        // A subject's right of access does not extend to others' data (UK GDPR art. 15(4)): set apart, marked.
        thirdPartyDataForReview: forReview,
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

/** Each guardian without email, telephone and address, and those details, where there are any, marked for review. */
function setContactsApart(guardians: GuardianView[]): {
  withoutContacts: Omit<GuardianView, 'email' | 'telephone' | 'address'>[];
  forReview: GuardianContactForReview[];
} {
  const withoutContacts: Omit<GuardianView, 'email' | 'telephone' | 'address'>[] = [];
  const forReview: GuardianContactForReview[] = [];
  for (const { email, telephone, address, ...guardian } of guardians) {
    withoutContacts.push(guardian);
    if (email === null && telephone === null && address === null) continue;
    forReview.push({
      kind: 'guardian-contact',
      guardianId: guardian.id,
      reviewBeforeRelease: true,
      reason: GUARDIAN_CONTACT_REVIEW,
      email,
      telephone,
      address,
    });
  }
  return { withoutContacts, forReview };
}
