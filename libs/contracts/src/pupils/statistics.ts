import { defineEvent } from '../events';
import { definePattern } from '../pattern';

/** A count that is either shown or suppressed because the group is small (P20). */
export interface SuppressedCount {
  key: string;
  /** null when suppressed. */
  count: number | null;
  suppressed: boolean;
}

export interface PupilStatistics {
  /** Pupils on roll, not restricted (P18 keeps restricted pupils out of analysis). */
  total: number | null;
  byYearGroup: SuppressedCount[];
  byClassGroup: SuppressedCount[];
  /** Counts per yes/no characteristic (fsm, eal, …) and per SEN status. */
  byCharacteristic: SuppressedCount[];
  /** Groups under this size are suppressed. */
  threshold: number;
}

export const GET_PUPIL_STATISTICS = definePattern<Record<string, never>, PupilStatistics>(
  'pupil-records.statistics.get',
);

/** Published when the number of pupils on roll changes (billing prices by it). */
export const PUPIL_COUNT_CHANGED = defineEvent<{ schoolId: string; pupilsOnRoll: number }>(
  'evt.pupil-records.school.pupil-count-changed',
);
