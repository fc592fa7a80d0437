import { BusException } from '@pt/platform';
import { Pupil } from './pupil.entity';

/**
 * P18: processing of a restricted pupil's data stops. Every write to a pupil or to what
 * hangs off it (guardians, consents, photographs, imports) calls this first; only lifting
 * the restriction and erasure are exempt.
 */
export function assertPupilWritable(pupil: Pick<Pupil, 'restricted'>): void {
  if (pupil.restricted) {
    throw BusException.conflict(
      'pupil.restricted',
      'Processing of this pupil is restricted: the record is read-only until the restriction is lifted',
    );
  }
}
