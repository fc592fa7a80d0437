import { defineEvent } from '../events';
import { FindIdsRequest, FoundIds } from '../ids';
import { definePattern } from '../pattern';

/** National curriculum year groups: nursery, reception, years 1 to 14 (CTF NCyearActual: E1/E2/N1/N2 → N). */
export const YEAR_GROUPS = [
  'N',
  'R',
  '1',
  '2',
  '3',
  '4',
  '5',
  '6',
  '7',
  '8',
  '9',
  '10',
  '11',
  '12',
  '13',
  '14',
] as const;
export type YearGroup = (typeof YEAR_GROUPS)[number];

/** Census sex codes: male, female, unknown. */
export const GENDERS = ['M', 'F', 'U'] as const;
export type Gender = (typeof GENDERS)[number];

/** DfE main ethnicity codes (extended codes are rolled up to these on import). */
export const ETHNICITY_CODES = [
  'WBRI',
  'WIRI',
  'WOTH',
  'WIRT',
  'WROM',
  'MWBC',
  'MWBA',
  'MWAS',
  'MOTH',
  'AIND',
  'APKN',
  'ABAN',
  'AOTH',
  'BCRB',
  'BAFR',
  'BOTH',
  'CHNE',
  'OOTH',
  'REFU',
  'NOBT',
] as const;
export type EthnicityCode = (typeof ETHNICITY_CODES)[number];

/** SEN provision: CTF N (none), K (SEN support), E (EHC plan). */
export const SEN_STATUSES = ['none', 'sen-support', 'ehc-plan'] as const;
export type SenStatus = (typeof SEN_STATUSES)[number];

/** SEN primary/secondary need types (CTF SENtype). Special-category data (P16). */
export const SEN_NEED_TYPES = [
  'SPLD',
  'MLD',
  'SLD',
  'PMLD',
  'SEMH',
  'SLCN',
  'HI',
  'VI',
  'MSI',
  'PD',
  'ASD',
  'OTH',
  'NSA',
] as const;
export type SenNeedType = (typeof SEN_NEED_TYPES)[number];

/** Yes/no characteristics a list can be filtered by. */
export const PUPIL_FLAGS = [
  'fsm',
  'fsm6',
  'pupilPremium',
  'eal',
  'inLaCare',
  'everInCare',
  'giftedAndTalented',
] as const;
export type PupilFlag = (typeof PUPIL_FLAGS)[number];

/** Sessions as a school records them (P14: attended ≤ possible). */
export interface AttendanceFields {
  possibleSessions: number;
  attendedSessions: number;
}

export interface AttendanceSummary extends AttendanceFields {
  /** attended / possible × 100, one decimal place; null when no sessions were possible. */
  percentage: number | null;
}

/** The fields a school writes about a pupil (P14). Absent = unchanged on update and import (P15). */
export interface PupilFields {
  upn: string;
  legalForename: string;
  legalSurname: string;
  middleNames: string | null;
  preferredForename: string | null;
  preferredSurname: string | null;
  /** YYYY-MM-DD */
  dateOfBirth: string;
  gender: Gender;
  ethnicity: EthnicityCode | null;
  yearGroup: YearGroup;
  classGroupId: string | null;
  attendance: AttendanceFields | null;
  senStatus: SenStatus;
  /** Special category (P16): accepted and shown only while special-category consent stands. */
  senNeeds: SenNeedType[] | null;
  fsm: boolean;
  fsm6: boolean;
  pupilPremium: boolean;
  eal: boolean;
  inLaCare: boolean;
  everInCare: boolean;
  giftedAndTalented: boolean;
  /** YYYY-MM-DD */
  entryDate: string | null;
  /** YYYY-MM-DD */
  leavingDate: string | null;
}

export type CreatePupilRequest = Pick<
  PupilFields,
  'upn' | 'legalForename' | 'legalSurname' | 'dateOfBirth' | 'yearGroup'
> &
  Partial<PupilFields>;

export interface UpdatePupilRequest {
  pupilId: string;
  /** The version the writer last read (If-Match); a stale one answers 412. Null: `If-Match: *`. */
  expectedVersion: number | null;
  changes: Partial<PupilFields>;
}

export interface PupilView extends Omit<PupilFields, 'attendance'> {
  id: string;
  attendance: AttendanceSummary | null;
  hasPhoto: boolean;
  /** P18: a restricted pupil is read-only and left out of analysis and exports. */
  restricted: boolean;
  createdAt: string;
  updatedAt: string;
  /** Optimistic concurrency: the gateway's ETag. */
  version: number;
}

export interface ListPupilsRequest {
  limit: number;
  cursor?: string;
  yearGroup?: YearGroup;
  classGroupId?: string;
  /** Text search over legal and preferred names and UPN. */
  q?: string;
  /** Filter by each yes/no characteristic. */
  flags?: Partial<Record<PupilFlag, boolean>>;
  senStatus?: SenStatus;
  restricted?: boolean;
}

export interface PupilPage {
  items: PupilView[];
  nextCursor: string | null;
}

export const CREATE_PUPIL = definePattern<CreatePupilRequest, PupilView>('pupil-records.pupil.create');
/** Which of these pupils the school in ctx has (asked by audit, as the system, before recording a rights request). */
export const FIND_PUPILS = definePattern<FindIdsRequest, FoundIds>('pupil-records.pupil.find');
export const GET_PUPIL = definePattern<{ pupilId: string }, PupilView>('pupil-records.pupil.get');
export const UPDATE_PUPIL = definePattern<UpdatePupilRequest, PupilView>('pupil-records.pupil.update');
export const LIST_PUPILS = definePattern<ListPupilsRequest, PupilPage>('pupil-records.pupil.list');

/**
 * The characteristics another service groups pupils by (assessment's read model), as they
 * stand now, with the version and time of the change that made them so: events carry ids
 * only, so a consumer asks for these with the ids an event names. Special-category detail
 * (SEN need, health) is never among them; SEN status is.
 */
export interface PupilAttributes {
  pupilId: string;
  /** The pupil's version (bumped by every change): a reader keeps the highest it has seen. */
  version: number;
  /** When the pupil last changed (ISO instant). */
  changedAt: string;
  yearGroup: YearGroup;
  classGroupId: string | null;
  gender: Gender;
  ethnicity: EthnicityCode | null;
  senStatus: SenStatus;
  fsm: boolean;
  fsm6: boolean;
  pupilPremium: boolean;
  eal: boolean;
  inLaCare: boolean;
  everInCare: boolean;
  giftedAndTalented: boolean;
  /** YYYY-MM-DD */
  entryDate: string | null;
  /** YYYY-MM-DD */
  leavingDate: string | null;
  /** P18: restricted pupils are left out of analysis. */
  restricted: boolean;
}
/** The pupil fields PupilAttributes carries: an update that changed none of them changes no read model. */
export const PUPIL_ATTRIBUTE_FIELDS: readonly string[] = [
  'yearGroup',
  'classGroupId',
  'gender',
  'ethnicity',
  'senStatus',
  ...PUPIL_FLAGS,
  'entryDate',
  'leavingDate',
];
export interface PupilAttributesReply {
  /** The school's pupils among the ids asked for (at most MAX_FIND_IDS); erased and another school's are absent. */
  pupils: PupilAttributes[];
}
/** Asked as the system, in the school's scope (assessment keeping its read model up to date). */
export const GET_PUPIL_ATTRIBUTES = definePattern<FindIdsRequest, PupilAttributesReply>(
  'pupil-records.pupil.attributes',
);

/** Events carry ids only (no names, no dates of birth). */
export const PUPIL_CREATED = defineEvent<{ pupilId: string }>('evt.pupil-records.pupil.created');
export const PUPIL_UPDATED = defineEvent<{ pupilId: string; fields: string[] }>('evt.pupil-records.pupil.updated');
/**
 * One import batch's pupils in one event, instead of a PUPIL_CREATED or PUPIL_UPDATED for each
 * (issue 15: 20,000 events per import were a large share of its cost, in the outbox, the relay,
 * JetStream and every consumer). Ids only, as those: each id of `created` means what a
 * PUPIL_CREATED of it means, each item of `updated` what a PUPIL_UPDATED with those fields
 * means; consumers of the single events handle this one too. At most one batch
 * (IMPORT_BATCH_SIZE, 2,000 pupils) an event: 0.67 MB with every field of each changed.
 */
export const PUPILS_IMPORTED = defineEvent<{
  importId: string;
  created: string[];
  updated: { pupilId: string; fields: string[] }[];
}>('evt.pupil-records.pupil.imported');
/** Who looked at which pupil (the actor is in the envelope). */
export const PUPIL_VIEWED = defineEvent<{ pupilId: string }>('evt.pupil-records.pupil.viewed');
