import { definePattern } from '../pattern';

/** Where a CTF is going (DestSchool); unknown destinations are written as LEA "MMM", Estab "XXXX". */
export interface CtfDestination {
  laCode: string;
  establishmentNumber: string;
}

export interface ExportPupilsCtfRequest {
  /** One or more pupils; omitted = every unrestricted pupil of the school. */
  pupilIds?: string[];
  destination?: CtfDestination;
  /** Single-pupil export: a restricted pupil is refused (409 pupil.restricted) instead of left out. */
  single?: boolean;
}

export interface CtfExportFile {
  /** In the file store; the reader deletes it once served. */
  fileName: string;
  size: number;
  pupils: number;
  /** Asked for but left out: restricted (P18). */
  excludedRestricted: number;
  suggestedName: string;
}

export const EXPORT_PUPILS_CTF = definePattern<ExportPupilsCtfRequest, CtfExportFile>('pupil-records.export.ctf');
