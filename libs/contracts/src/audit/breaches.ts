import { defineEvent } from '../events';
import { definePattern } from '../pattern';

/** The 72-hour clock a school must meet to report a personal data breach (UK GDPR art. 33). */
export const BREACH_NOTIFICATION_HOURS = 72;

export interface RecordBreachRequest {
  /** When the incident was detected (ISO 8601): the 72-hour clock starts here. */
  detectedAt: string;
  nature: string;
  dataCategories: string[];
  approxPeople: number;
  approxRecords: number;
  likelyConsequences: string;
  measuresTaken: string;
  contactPoint: string;
  affectedSchoolIds: string[];
}

export interface AddBreachUpdateRequest {
  incidentId: string;
  note: string;
  /** When given, replaces the incident's current measures taken. */
  measuresTaken?: string;
}

export interface AddBreachSchoolsRequest {
  incidentId: string;
  schoolIds: string[];
}

export interface BreachSchoolView {
  schoolId: string;
  addedAt: string;
  /** When the school's admins were notified (email and in-app notice); null until then. */
  notifiedAt: string | null;
  /** How many of the school's admins were emailed. */
  recipients: number | null;
}

export interface BreachUpdateView {
  id: string;
  note: string;
  measuresTaken: string | null;
  recordedBy: string | null;
  recordedAt: string;
}

export interface BreachIncidentView {
  id: string;
  detectedAt: string;
  nature: string;
  dataCategories: string[];
  approxPeople: number;
  approxRecords: number;
  likelyConsequences: string;
  measuresTaken: string;
  contactPoint: string;
  recordedBy: string | null;
  recordedAt: string;
  /** detectedAt + 72 hours. */
  notificationDeadline: string;
  /** Whole and fractional hours since detection, at the time of the reply. */
  hoursSinceDetection: number;
  /** True once more than 72 hours have passed since detection. */
  deadlinePassed: boolean;
  affectedSchools: BreachSchoolView[];
  updates: BreachUpdateView[];
}

export interface BreachIncidentPage {
  items: BreachIncidentView[];
  nextCursor: string | null;
}

export const RECORD_BREACH = definePattern<RecordBreachRequest, BreachIncidentView>('audit.breach.record');
export const LIST_BREACHES = definePattern<{ limit: number; cursor?: string }, BreachIncidentPage>('audit.breach.list');
export const GET_BREACH = definePattern<{ incidentId: string }, BreachIncidentView>('audit.breach.get');
export const ADD_BREACH_UPDATE = definePattern<AddBreachUpdateRequest, BreachIncidentView>('audit.breach.add-update');
/** Adds affected schools (and notifies every affected school not yet notified). */
export const ADD_BREACH_SCHOOLS = definePattern<AddBreachSchoolsRequest, BreachIncidentView>(
  'audit.breach.add-schools',
);

export const BREACH_RECORDED = defineEvent<{ incidentId: string }>('evt.audit.breach.recorded');
export const BREACH_UPDATED = defineEvent<{ incidentId: string; updateId: string }>('evt.audit.breach.updated');
export const BREACH_SCHOOL_ADDED = defineEvent<{ incidentId: string; schoolId: string }>(
  'evt.audit.breach.school-added',
);
export const BREACH_SCHOOL_NOTIFIED = defineEvent<{ incidentId: string; schoolId: string; recipients: number }>(
  'evt.audit.breach.school-notified',
);
