// The rights register's codes in words, shared by the register and a request's page.
import type {
  IdentityCheckMethod,
  RightsActionOutcome,
  RightsRequesterType,
  RightsRequestKind,
  RightsRequestOutcome,
  RightsSubjectType,
} from '@pt/contracts/audit/rights';
import type { RightsClockTone } from './rights-clock';

/** The register's queries (every page of every filter), refreshed after any change. */
export const RIGHTS_KEYS = ['rights-requests'] as const;

export const KIND_LABELS: Record<RightsRequestKind, string> = {
  access: 'Access (subject access request)',
  rectification: 'Rectification',
  erasure: 'Erasure',
  restriction: 'Restriction of processing',
  objection: 'Objection',
  portability: 'Data portability',
  'consent-withdrawal': 'Withdrawal of consent',
};

export const SUBJECT_LABELS: Record<RightsSubjectType, string> = {
  pupil: 'Pupil',
  parent: 'Parent or carer',
  staff: 'Member of staff',
};

export const REQUESTER_LABELS: Record<RightsRequesterType, string> = {
  ...SUBJECT_LABELS,
  other: 'Someone else (acting for them)',
};

export const OUTCOME_LABELS: Record<RightsRequestOutcome, string> = {
  done: 'Done',
  'partly-done': 'Partly done',
  refused: 'Refused',
};

export const ACTION_OUTCOME_LABELS: Record<RightsActionOutcome, string> = {
  done: 'Done',
  refused: 'Refused by the service',
  recorded: 'Recorded',
};

export const IDENTITY_METHOD_LABELS: Record<IdentityCheckMethod, string> = {
  'photo-id-in-person': 'Photo ID seen in person',
  'known-to-staff': 'Known to staff',
  'documents-checked': 'Documents checked',
  'contact-details-on-record': 'Contact details on record',
  other: 'Another way (say how)',
};

/** The clock's tag class: colour beside the words, never instead of them. */
export const CLOCK_CLASS: Record<RightsClockTone, string> = {
  running: 'tag clock-running',
  'due-soon': 'tag clock-due-soon',
  overdue: 'tag clock-overdue',
  completed: 'tag clock-completed',
};

/** Kinds carried out through the owning service (or recorded as done) from the request's page. */
export const ACTION_KINDS: readonly RightsRequestKind[] = [
  'erasure',
  'restriction',
  'objection',
  'rectification',
  'consent-withdrawal',
];

/** Kinds answered with a bundle of the subject's data. */
export const EXPORT_KINDS: readonly RightsRequestKind[] = ['access', 'portability'];

export const optionsOf = <T extends string>(labels: Record<T, string>) =>
  (Object.entries(labels) as [T, string][]).map(([value, label]) => ({ value, label }));
