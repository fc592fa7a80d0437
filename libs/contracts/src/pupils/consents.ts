import { defineEvent } from '../events';
import { definePattern } from '../pattern';

/**
 * What a consent covers (P16): `special-category` is the processing of health and SEN-need
 * data (health notes, SEN needs); `photo-use` is keeping and showing the pupil's photograph.
 */
export const CONSENT_KINDS = ['special-category', 'photo-use'] as const;
export type ConsentKind = (typeof CONSENT_KINDS)[number];

/** Who gave a consent: one of the pupil's recorded guardians, or the pupil when competent to. */
export type ConsentGiver = { type: 'guardian'; guardianId: string } | { type: 'pupil' };
/** Who withdrew it: as above, or the school itself (it stops the processing). */
export type ConsentWithdrawer = ConsentGiver | { type: 'school' };

export interface GiveConsentRequest {
  pupilId: string;
  kind: ConsentKind;
  givenBy: ConsentGiver;
  /** YYYY-MM-DD, not in the future; today (UTC) when absent. */
  givenOn?: string;
}

export interface WithdrawConsentRequest {
  pupilId: string;
  consentId: string;
  withdrawnBy: ConsentWithdrawer;
  /** YYYY-MM-DD, not in the future nor before it was given; today (UTC) when absent. */
  withdrawnOn?: string;
  reason?: string;
}

export interface ConsentWithdrawalView {
  withdrawnBy: { type: ConsentWithdrawer['type']; guardianId: string | null };
  withdrawnOn: string;
  reason: string | null;
  recordedBy: string | null;
  recordedAt: string;
}

export interface ConsentView {
  id: string;
  pupilId: string;
  kind: ConsentKind;
  givenBy: { type: ConsentGiver['type']; guardianId: string | null };
  givenOn: string;
  /** The staff member who recorded it. */
  recordedBy: string | null;
  recordedAt: string;
  /** Null while the consent stands. */
  withdrawal: ConsentWithdrawalView | null;
  standing: boolean;
}

/** The pupil's consents: the one standing of each kind (or null) and every record, newest first. */
export interface PupilConsentsView {
  pupilId: string;
  current: Record<ConsentKind, ConsentView | null>;
  history: ConsentView[];
}

export const GIVE_CONSENT = definePattern<GiveConsentRequest, ConsentView>('pupil-records.consent.give');
export const WITHDRAW_CONSENT = definePattern<WithdrawConsentRequest, ConsentView>('pupil-records.consent.withdraw');
export const LIST_CONSENTS = definePattern<{ pupilId: string }, PupilConsentsView>('pupil-records.consent.list');

/**
 * Ids and codes only. `cleared` names what a withdrawal removed with it (P16): `senNeeds`
 * and `healthNotes` for special-category, `photo` for photo-use.
 */
export const CONSENT_GIVEN = defineEvent<{ pupilId: string; consentId: string; kind: ConsentKind }>(
  'evt.pupil-records.consent.given',
);
export const CONSENT_WITHDRAWN = defineEvent<{
  pupilId: string;
  consentId: string;
  kind: ConsentKind;
  cleared: string[];
}>('evt.pupil-records.consent.withdrawn');
