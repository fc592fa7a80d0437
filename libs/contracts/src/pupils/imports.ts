import { FieldError } from '../bus-error';
import { defineEvent } from '../events';
import { definePattern } from '../pattern';

/** A Common Transfer File (XML) or a spreadsheet export (CSV) with a column mapping (P15). */
export const PUPIL_IMPORT_FORMATS = ['ctf', 'csv'] as const;
export type PupilImportFormat = (typeof PUPIL_IMPORT_FORMATS)[number];

export const PUPIL_IMPORT_STATUSES = ['queued', 'running', 'completed', 'failed'] as const;
export type PupilImportStatus = (typeof PUPIL_IMPORT_STATUSES)[number];

/**
 * What a CTF whose DestSchool is another school does: `warn` imports it with a warning in
 * the report (files are often re-addressed by hand), `refuse` fails the job before any row.
 */
export const DESTINATION_MISMATCH_POLICIES = ['warn', 'refuse'] as const;
export type DestinationMismatchPolicy = (typeof DESTINATION_MISMATCH_POLICIES)[number];

/** Fields a CSV column can be mapped to (values as in `PupilFields`; booleans as true/false/yes/no/1/0). */
export const CSV_IMPORT_FIELDS = [
  'upn',
  'legalForename',
  'legalSurname',
  'middleNames',
  'preferredForename',
  'preferredSurname',
  'dateOfBirth',
  'gender',
  'ethnicity',
  'yearGroup',
  'attendancePossible',
  'attendanceAttended',
  'senStatus',
  'senNeeds',
  'fsm',
  'fsm6',
  'pupilPremium',
  'eal',
  'inLaCare',
  'everInCare',
  'giftedAndTalented',
  'entryDate',
  'leavingDate',
] as const;
export type CsvImportField = (typeof CSV_IMPORT_FIELDS)[number];

/** CSV column header → field; columns not mapped are ignored, `upn` must be mapped. */
export type CsvColumnMapping = Record<string, CsvImportField>;

/** A mapping's problems, each naming `mapping` or `mapping.<column>` (checked by the gateway and the service). */
export function csvMappingErrors(mapping: unknown): FieldError[] {
  if (typeof mapping !== 'object' || mapping === null || Array.isArray(mapping)) {
    return [{ field: 'mapping', message: 'must be an object of CSV column name to field' }];
  }
  const entries = Object.entries(mapping as Record<string, unknown>);
  const known = new Set<string>(CSV_IMPORT_FIELDS);
  const used = new Set<string>();
  const errors: FieldError[] = [];
  if (entries.length > CSV_IMPORT_FIELDS.length) return [{ field: 'mapping', message: 'has too many columns' }];
  for (const [column, field] of entries) {
    if (typeof field !== 'string' || !known.has(field)) {
      errors.push({ field: `mapping.${column}`, message: `must be one of ${CSV_IMPORT_FIELDS.join(', ')}` });
    } else if (used.has(field)) {
      errors.push({ field: `mapping.${column}`, message: `maps ${field} a second time` });
    } else used.add(field);
  }
  if (!used.has('upn')) errors.push({ field: 'mapping', message: 'must map a column to upn' });
  return errors;
}

/** Sent by the gateway once the upload is in the file store (only its name crosses the bus). */
export interface StartPupilImportRequest {
  format: PupilImportFormat;
  fileName: string;
  /** Bytes uploaded. */
  size: number;
  mapping?: CsvColumnMapping;
  destinationMismatch?: DestinationMismatchPolicy;
}

export interface ImportRejection {
  /** As in the file (normalised), or null when the row has none. */
  upn: string | null;
  /** 1-based pupil (CTF) or data row (CSV) number. */
  position: number;
  /** The pupil field the refusal is about, named as the API names it (`legalSurname`), when it is about one. */
  field?: string;
  /** The rule that was not met; never the value (no personal data in the report). */
  reason: string;
}

export interface ImportWarning {
  code: string;
  message: string;
  /** How many rows it concerned (0 for a file-level warning). */
  count: number;
  /** The first few UPNs concerned. */
  upns: string[];
}

export interface ImportReport {
  created: number;
  updated: number;
  unchanged: number;
  rejected: number;
  /** The first REPORT_MAX_REJECTIONS rejections; `rejected` is the total. */
  rejections: ImportRejection[];
  warnings: ImportWarning[];
}

export interface PupilImportView {
  id: string;
  format: PupilImportFormat;
  status: PupilImportStatus;
  progress: { pupilsRead: number; bytesRead: number; totalBytes: number };
  report: ImportReport;
  /** Why a failed job failed (never personal data): e.g. malformed XML at line 12, column 3. */
  error: { code: string; message: string; line?: number; column?: number } | null;
  requestedBy: string | null;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
}

export const REPORT_MAX_REJECTIONS = 1000;

/** Asked before the upload: refuses (P11, permission) before any byte of pupil data is stored. */
export const PREPARE_PUPIL_IMPORT = definePattern<{ format: PupilImportFormat }, { allowed: true }>(
  'pupil-records.import.prepare',
);
export const START_PUPIL_IMPORT = definePattern<StartPupilImportRequest, PupilImportView>('pupil-records.import.start');
export const GET_PUPIL_IMPORT = definePattern<{ importId: string }, PupilImportView>('pupil-records.import.get');

/** Ids and counts only. */
export const PUPIL_IMPORT_COMPLETED = defineEvent<{
  importId: string;
  format: PupilImportFormat;
  created: number;
  updated: number;
  unchanged: number;
  rejected: number;
}>('evt.pupil-records.import.completed');
