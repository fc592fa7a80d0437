import { defineEvent } from '../events';
import { definePattern } from '../pattern';

/** Why processing stopped (P18): a restriction of processing or an objection to it. */
export const RESTRICTION_KINDS = ['restriction', 'objection'] as const;
export type RestrictionKind = (typeof RESTRICTION_KINDS)[number];

/** Who asked for a restriction or an erasure. */
export const PUPIL_REQUESTERS = ['school', 'pupil', 'parent'] as const;
export type PupilRequester = (typeof PUPIL_REQUESTERS)[number];

export interface RestrictPupilRequest {
  pupilId: string;
  kind: RestrictionKind;
  requestedBy: PupilRequester;
  reason: string;
  /** The rights-register request this carries out, when there is one. */
  rightsRequestId?: string;
}

export interface LiftRestrictionRequest {
  pupilId: string;
  reason: string;
  rightsRequestId?: string;
}

export interface RestrictionView {
  id: string;
  pupilId: string;
  kind: RestrictionKind;
  requestedBy: PupilRequester;
  reason: string;
  rightsRequestId: string | null;
  startedAt: string;
  startedBy: string;
  liftedAt: string | null;
  liftedBy: string | null;
  liftReason: string | null;
}

export interface ErasePupilRequest {
  pupilId: string;
  requestedBy: PupilRequester;
  reason: string;
  rightsRequestId?: string;
}

/** What is kept after an erasure: ids and the fact, never the pupil's data (P17). */
export interface ErasureView {
  id: string;
  pupilId: string;
  requestedBy: PupilRequester;
  reason: string;
  rightsRequestId: string | null;
  erasedAt: string;
  erasedBy: string;
}

export const RESTRICT_PUPIL = definePattern<RestrictPupilRequest, RestrictionView>('pupil-records.pupil.restrict');
export const LIFT_PUPIL_RESTRICTION = definePattern<LiftRestrictionRequest, RestrictionView>(
  'pupil-records.pupil.lift-restriction',
);
export const LIST_PUPIL_RESTRICTIONS = definePattern<{ pupilId: string }, { items: RestrictionView[] }>(
  'pupil-records.pupil.list-restrictions',
);
export const ERASE_PUPIL = definePattern<ErasePupilRequest, ErasureView>('pupil-records.pupil.erase');

export const PUPIL_RESTRICTED = defineEvent<{ pupilId: string; restrictionId: string; kind: RestrictionKind }>(
  'evt.pupil-records.pupil.restricted',
);
export const PUPIL_RESTRICTION_LIFTED = defineEvent<{ pupilId: string; restrictionId: string }>(
  'evt.pupil-records.pupil.restriction-lifted',
);
/** Every service deletes what it holds about the pupil when it sees this (P17). */
export const PUPIL_ERASED = defineEvent<{ pupilId: string; erasureId: string; requestedBy: PupilRequester }>(
  'evt.pupil-records.pupil.erased',
);
