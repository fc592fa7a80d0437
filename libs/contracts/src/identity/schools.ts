import { defineEvent } from '../events';
import { definePattern } from '../pattern';

export interface PostalAddressData {
  line1: string;
  line2?: string | null;
  town: string;
  county?: string | null;
  postcode: string;
}

export interface SchoolContactData {
  name: string;
  email: string;
  telephone?: string | null;
}

export interface CreateSchoolRequest {
  name: string;
  /** DfE local authority code, 3 digits. */
  laCode: string;
  /** DfE establishment number, 4 digits. */
  establishmentNumber: string;
  address: PostalAddressData;
  contact: SchoolContactData;
}

export type SchoolStatusValue = 'onboarding' | 'active' | 'suspended';

export interface SchoolView {
  id: string;
  name: string;
  laCode: string;
  establishmentNumber: string;
  /** "123/4567" */
  dfeNumber: string;
  address: PostalAddressData;
  contact: SchoolContactData;
  status: SchoolStatusValue;
  dataProcessingAllowed: boolean;
  dataProcessingSignature: {
    signedByName: string;
    signedByRole: string;
    termsVersion: string;
    signedAt: string;
    recordedBy: string;
  } | null;
  concurrentSessions: 'allow' | 'replace' | 'refuse';
  createdAt: string;
  version: number;
}

export interface RecordSignatureRequest {
  schoolId: string;
  signedByName: string;
  signedByRole: string;
  termsVersion: string;
  signedAt: string;
}

export interface SchoolPage {
  items: SchoolView[];
  nextCursor: string | null;
}

export interface SchoolStatus {
  schoolId: string;
  status: SchoolStatusValue;
  /** P11: pupil data may be processed only when true. */
  dataProcessingAllowed: boolean;
}

export const CREATE_SCHOOL = definePattern<CreateSchoolRequest, SchoolView>('identity.school.create');
export interface ListSchoolsRequest {
  limit: number;
  cursor?: string;
  status?: SchoolStatusValue;
}

export const LIST_SCHOOLS = definePattern<ListSchoolsRequest, SchoolPage>('identity.school.list');
export const GET_SCHOOL = definePattern<{ schoolId: string }, SchoolView>('identity.school.get');
export const RECORD_DATA_PROCESSING_SIGNATURE = definePattern<RecordSignatureRequest, SchoolView>(
  'identity.school.record-signature',
);
/** Asked by services that must refuse pupil data before the terms are signed (P11). */
export const GET_SCHOOL_STATUS = definePattern<{ schoolId: string }, SchoolStatus>('identity.school.get-status');

export const SCHOOL_CREATED = defineEvent<{ schoolId: string }>('evt.identity.school.created');
/** Published whenever a school's status or data-processing permission changes (P11). */
export const SCHOOL_STATUS_CHANGED = defineEvent<SchoolStatus>('evt.identity.school.status-changed');
