import { defineEvent } from '../events';
import { definePattern } from '../pattern';

/** How a guardian is related to the pupil (CTF contact relationship, simplified). */
export const GUARDIAN_RELATIONSHIPS = [
  'mother',
  'father',
  'step-parent',
  'grandparent',
  'other-relative',
  'carer',
  'foster-carer',
  'social-worker',
  'other',
] as const;
export type GuardianRelationship = (typeof GUARDIAN_RELATIONSHIPS)[number];

export interface GuardianAddress {
  line1: string;
  line2?: string | null;
  town: string;
  postcode: string;
}

/** What a school records about a pupil's parent or carer (the people who may give consent, P16). */
export interface GuardianFields {
  title: string | null;
  forename: string;
  surname: string;
  relationship: GuardianRelationship;
  parentalResponsibility: boolean;
  email: string | null;
  telephone: string | null;
  address: GuardianAddress | null;
  /** Contact order: lower is called first (1 when only one); defaults to after the others. */
  priority: number;
}

export interface GuardianView extends GuardianFields {
  id: string;
  pupilId: string;
  createdAt: string;
  updatedAt: string;
  /** Optimistic concurrency: the gateway's ETag. */
  version: number;
}

export type CreateGuardianRequest = { pupilId: string } & Pick<
  GuardianFields,
  'forename' | 'surname' | 'relationship' | 'parentalResponsibility'
> &
  Partial<GuardianFields>;

export interface UpdateGuardianRequest {
  pupilId: string;
  guardianId: string;
  /** The version the writer last read (If-Match); a stale one answers 412; null for `*`. */
  expectedVersion: number | null;
  changes: Partial<GuardianFields>;
}

export interface GuardianRef {
  pupilId: string;
  guardianId: string;
}

export const CREATE_GUARDIAN = definePattern<CreateGuardianRequest, GuardianView>('pupil-records.guardian.create');
export const LIST_GUARDIANS = definePattern<{ pupilId: string }, { items: GuardianView[] }>(
  'pupil-records.guardian.list',
);
export const GET_GUARDIAN = definePattern<GuardianRef, GuardianView>('pupil-records.guardian.get');
export const UPDATE_GUARDIAN = definePattern<UpdateGuardianRequest, GuardianView>('pupil-records.guardian.update');
export const DELETE_GUARDIAN = definePattern<GuardianRef & { expectedVersion: number | null }, { deleted: true }>(
  'pupil-records.guardian.delete',
);

/** Ids only: names and contact details never leave pupil-records. */
export const GUARDIAN_CREATED = defineEvent<GuardianRef>('evt.pupil-records.guardian.created');
export const GUARDIAN_UPDATED = defineEvent<GuardianRef & { fields: string[] }>('evt.pupil-records.guardian.updated');
export const GUARDIAN_DELETED = defineEvent<GuardianRef>('evt.pupil-records.guardian.deleted');
