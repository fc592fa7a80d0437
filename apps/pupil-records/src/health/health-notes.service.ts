import { Injectable } from '@nestjs/common';
import {
  AddHealthNoteRequest,
  FieldError,
  HEALTH_NOTE_ADDED,
  HEALTH_NOTE_CATEGORIES,
  HEALTH_NOTE_DELETED,
  HealthNotesView,
  HealthNoteView,
  isUuid,
} from '@pt/contracts';
import { UnitOfWork } from '@pt/persistence';
import { BusException, stageEvent, uuid7, SchoolContext } from '@pt/platform';
import { PupilCareAccess } from '../pupils/pupil-care-access';
import { toHealthNoteView } from './health-note-view';
import { HealthNote } from './health-note.entity';
import { HealthNoteRepository } from './health-note.repository';

const MAX_NOTE = 4000;

const noteNotFound = () => BusException.notFound('health_note.not_found', 'The health note does not exist');
const consentRequired = () =>
  BusException.conflict(
    'consent.special_category_required',
    'Health details can only be recorded while a special-category consent stands for the pupil',
  );

/**
 * Health notes are special-category data (P16): written only while the pupil's
 * special-category consent stands (409 otherwise), shown only while it stands (an empty
 * list otherwise), and deleted when it is withdrawn. Their text is never logged and never
 * leaves this service in events.
 */
@Injectable()
export class HealthNotesService {
  constructor(
    private readonly unitOfWork: UnitOfWork,
    private readonly access: PupilCareAccess,
  ) {}

  list(ctx: SchoolContext, pupilId: string): Promise<HealthNotesView> {
    return this.unitOfWork.forContext(ctx, async (em) => {
      const pupil = await this.access.forReading(em, ctx, pupilId);
      if (!pupil.specialCategoryConsent) return { pupilId, specialCategoryConsent: false, items: [] };
      const rows = await new HealthNoteRepository(em).listOf(pupilId);
      return { pupilId, specialCategoryConsent: true, items: rows.map(toHealthNoteView) };
    });
  }

  add(ctx: SchoolContext, request: AddHealthNoteRequest): Promise<HealthNoteView> {
    const { tenantId } = ctx;
    const errors: FieldError[] = [];
    if (!HEALTH_NOTE_CATEGORIES.includes(request.category)) {
      errors.push({ field: 'category', message: `must be one of ${HEALTH_NOTE_CATEGORIES.join(', ')}` });
    }
    if (typeof request.note !== 'string' || request.note.trim() === '' || request.note.length > MAX_NOTE) {
      errors.push({ field: 'note', message: `must be a non-empty text of at most ${MAX_NOTE} characters` });
    }
    if (errors.length) throw BusException.validation(errors);
    return this.unitOfWork.forContext(ctx, async (em) => {
      const pupil = await this.access.forWriting(em, ctx, request.pupilId);
      if (!pupil.specialCategoryConsent) throw consentRequired();
      const row = Object.assign(new HealthNote(), {
        id: uuid7(),
        tenantId,
        pupilId: pupil.id,
        category: request.category,
        note: request.note.trim(),
        recordedBy: ctx.actor.id ?? null,
        recordedAt: new Date(),
      });
      new HealthNoteRepository(em).add(row);
      stageEvent(em, HEALTH_NOTE_ADDED, ctx, { pupilId: pupil.id, noteId: row.id });
      return toHealthNoteView(row);
    });
  }

  remove(ctx: SchoolContext, request: { pupilId: string; noteId: string }): Promise<{ deleted: true }> {
    return this.unitOfWork.forContext(ctx, async (em) => {
      const pupil = await this.access.forWriting(em, ctx, request.pupilId);
      if (!isUuid(request.noteId)) throw noteNotFound();
      const notes = new HealthNoteRepository(em);
      const row = await notes.findOf(pupil.id, request.noteId);
      if (!row) throw noteNotFound();
      notes.remove(row);
      stageEvent(em, HEALTH_NOTE_DELETED, ctx, { pupilId: pupil.id, noteId: row.id });
      return { deleted: true as const };
    });
  }
}
