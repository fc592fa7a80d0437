import { defineEvent } from '../events';
import { definePattern } from '../pattern';

export const HEALTH_NOTE_CATEGORIES = ['medical-condition', 'allergy', 'medication', 'dietary', 'other'] as const;
export type HealthNoteCategory = (typeof HEALTH_NOTE_CATEGORIES)[number];

/** Special-category data (P16): stored and shown only while special-category consent stands. */
export interface HealthNoteView {
  id: string;
  pupilId: string;
  category: HealthNoteCategory;
  note: string;
  recordedBy: string | null;
  recordedAt: string;
}

export interface AddHealthNoteRequest {
  pupilId: string;
  category: HealthNoteCategory;
  note: string;
}

/** Without standing consent `items` is empty and `specialCategoryConsent` false. */
export interface HealthNotesView {
  pupilId: string;
  specialCategoryConsent: boolean;
  items: HealthNoteView[];
}

export const ADD_HEALTH_NOTE = definePattern<AddHealthNoteRequest, HealthNoteView>('pupil-records.health-note.add');
export const LIST_HEALTH_NOTES = definePattern<{ pupilId: string }, HealthNotesView>('pupil-records.health-note.list');
export const DELETE_HEALTH_NOTE = definePattern<{ pupilId: string; noteId: string }, { deleted: true }>(
  'pupil-records.health-note.delete',
);

/** Ids only: the note's text never leaves pupil-records, nor is it logged. */
export const HEALTH_NOTE_ADDED = defineEvent<{ pupilId: string; noteId: string }>(
  'evt.pupil-records.health-note.added',
);
export const HEALTH_NOTE_DELETED = defineEvent<{ pupilId: string; noteId: string }>(
  'evt.pupil-records.health-note.deleted',
);
