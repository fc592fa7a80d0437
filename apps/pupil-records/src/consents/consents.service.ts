import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import {
  CONSENT_GIVEN,
  CONSENT_WITHDRAWN,
  ConsentKind,
  ConsentView,
  GiveConsentRequest,
  isUuid,
  PupilConsentsView,
  WithdrawConsentRequest,
} from '@pt/contracts';
import { UnitOfWork } from '@pt/persistence';
import { BusException, stageEvent, uuid7, SchoolContext } from '@pt/platform';
import { GuardianRepository } from '../guardians/guardian.repository';
import { HealthNoteRepository } from '../health/health-note.repository';
import { PupilPhotoRepository } from '../photos/pupil-photo.repository';
import { Pupil } from '../pupils/pupil.entity';
import { checkGive, checkWithdraw, toConsentView, toPupilConsents, utcToday } from './consent-requests';
import { Consent } from '../pupils/consent.entity';
import { ConsentRepository } from '../pupils/consent.repository';
import { PupilCareAccess, touchPupil } from '../pupils/pupil-care-access';

const consentNotFound = () => BusException.notFound('consent.not_found', 'The consent record does not exist');

/**
 * P16: consents per pupil, given and withdrawn with who and when, kept as history. The
 * pupil row's `specialCategoryConsent` / `photoConsent` flags follow the standing records
 * in the same transaction, so every read and write of special-category data and photos
 * can rely on them. Withdrawal removes what the consent covered, at once.
 */
@Injectable()
export class ConsentsService {
  constructor(
    private readonly unitOfWork: UnitOfWork,
    private readonly access: PupilCareAccess,
  ) {}

  list(ctx: SchoolContext, pupilId: string): Promise<PupilConsentsView> {
    return this.unitOfWork.forContext(ctx, async (em) => {
      await this.access.forReading(em, ctx, pupilId);
      return toPupilConsents(pupilId, await new ConsentRepository(em).historyOf(pupilId));
    });
  }

  give(ctx: SchoolContext, request: GiveConsentRequest): Promise<ConsentView> {
    const { tenantId } = ctx;
    const today = utcToday();
    const errors = checkGive(request, today);
    if (errors.length) throw BusException.validation(errors);
    return this.unitOfWork.forContext(ctx, async (em) => {
      const pupil = await this.access.forWriting(em, ctx, request.pupilId);
      const guardianId = request.givenBy.type === 'guardian' ? request.givenBy.guardianId : null;
      await checkGuardianOf(em, pupil.id, guardianId, 'givenBy.guardianId');
      const consents = new ConsentRepository(em);
      const standing = await consents.standing(pupil.id, request.kind);
      if (standing) {
        throw BusException.conflict('consent.already_given', 'A consent of this kind already stands for the pupil', {
          consentId: standing.id,
        });
      }
      const row = Object.assign(new Consent(), {
        id: uuid7(),
        tenantId,
        pupilId: pupil.id,
        kind: request.kind,
        givenByType: request.givenBy.type,
        givenByGuardianId: guardianId,
        givenOn: request.givenOn ?? today,
        recordedBy: ctx.actor.id ?? null,
        recordedAt: new Date(),
      });
      consents.add(row);
      setConsentFlag(pupil, request.kind, true);
      touchPupil(pupil);
      stageEvent(em, CONSENT_GIVEN, ctx, { pupilId: pupil.id, consentId: row.id, kind: request.kind });
      return toConsentView(row);
    });
  }

  /**
   * Allowed on a restricted pupil too: consent can be withdrawn at any time (UK GDPR
   * art. 7(3)), and withdrawing only stops processing. What the consent covered goes with
   * it: special-category clears the SEN needs and deletes the health notes; photo-use
   * deletes the photograph.
   */
  withdraw(ctx: SchoolContext, request: WithdrawConsentRequest): Promise<ConsentView> {
    const today = utcToday();
    const errors = checkWithdraw(request, today);
    if (errors.length) throw BusException.validation(errors);
    return this.unitOfWork.forContext(ctx, async (em) => {
      const pupil = await this.access.forWriting(em, ctx, request.pupilId, { allowRestricted: true });
      if (!isUuid(request.consentId)) throw consentNotFound();
      const row = await new ConsentRepository(em).findOf(pupil.id, request.consentId);
      if (!row) throw consentNotFound();
      if (row.withdrawalRecordedAt) {
        throw BusException.conflict('consent.already_withdrawn', 'The consent has already been withdrawn');
      }
      const withdrawnOn = request.withdrawnOn ?? today;
      if (withdrawnOn < row.givenOn) {
        throw BusException.validation([{ field: 'withdrawnOn', message: 'must not be before the consent was given' }]);
      }
      const guardianId = request.withdrawnBy.type === 'guardian' ? request.withdrawnBy.guardianId : null;
      await checkGuardianOf(em, pupil.id, guardianId, 'withdrawnBy.guardianId');
      Object.assign(row, {
        withdrawnByType: request.withdrawnBy.type,
        withdrawnByGuardianId: guardianId,
        withdrawnOn,
        withdrawalReason: request.reason?.trim() || null,
        withdrawalRecordedBy: ctx.actor.id ?? null,
        withdrawalRecordedAt: new Date(),
      });
      const cleared = await clearCoveredData(em, pupil, row.kind as ConsentKind);
      setConsentFlag(pupil, row.kind as ConsentKind, false);
      touchPupil(pupil);
      stageEvent(em, CONSENT_WITHDRAWN, ctx, {
        pupilId: pupil.id,
        consentId: row.id,
        kind: row.kind as ConsentKind,
        cleared,
      });
      return toConsentView(row);
    });
  }
}

/** The guardian named as giving or withdrawing must be one of this pupil's. */
async function checkGuardianOf(em: EntityManager, pupilId: string, guardianId: string | null, field: string) {
  if (guardianId === null) return;
  if (!(await new GuardianRepository(em).findOf(pupilId, guardianId))) {
    throw BusException.validation([{ field, message: 'is not one of the pupil’s guardians' }]);
  }
}

function setConsentFlag(pupil: Pupil, kind: ConsentKind, standing: boolean): void {
  if (kind === 'special-category') pupil.specialCategoryConsent = standing;
  else pupil.photoConsent = standing;
}

/** P16 "withdrawal removes them": deletes what the consent covered; returns what was cleared. */
async function clearCoveredData(em: EntityManager, pupil: Pupil, kind: ConsentKind): Promise<string[]> {
  if (kind === 'special-category') {
    pupil.senNeeds = null;
    await new HealthNoteRepository(em).deleteAllOf(pupil.id);
    return ['senNeeds', 'healthNotes'];
  }
  await new PupilPhotoRepository(em).deleteOf(pupil.id);
  pupil.hasPhoto = false;
  return ['photo'];
}
