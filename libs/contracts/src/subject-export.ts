import { definePattern, MessagePattern } from './pattern';
import { SERVICE_NAMES, ServiceName } from './services';

/** Whose data is asked for: a data subject referenced by kind and id only (P21). */
export interface DataSubjectRef {
  type: 'pupil' | 'parent' | 'staff';
  id: string;
}

export interface SubjectExportRequest {
  subject: DataSubjectRef;
}

/**
 * One service's part of a subject-access or portability bundle. `records` holds plain
 * JSON (arrays per kind of record, named by the service: `pupil`, `guardians`, …), so the
 * bundle is machine-readable as a whole. Larger or non-JSON parts (a CTF, a photograph)
 * travel through the file store and are named in `files`.
 */
export interface SubjectExportSection {
  service: ServiceName;
  /** False when the service holds nothing about the subject (its section is then empty). */
  found: boolean;
  records: Record<string, unknown[]>;
  files: SubjectExportFile[];
}

export interface SubjectExportFile {
  /** Name in the file store (FileStore in @pt/platform); the gatherer copies it into the bundle. */
  storeName: string;
  /** Name inside the bundle, e.g. `pupil.ctf.xml`. */
  fileName: string;
  contentType: string;
}

// Defined for every service at once, so the pattern registry lists each service's part.
const SUBJECT_EXPORT_PATTERNS = new Map(
  SERVICE_NAMES.map((service) => [
    service,
    definePattern<SubjectExportRequest, SubjectExportSection>(`${service}.subject.export`),
  ]),
);

/**
 * Every service answers `<service>.subject.export` for the tenant in `ctx`; the audit
 * service's rights register asks each service in SERVICE_NAMES, so a service added later
 * joins by answering it.
 */
export function subjectExportPattern(service: ServiceName): MessagePattern<SubjectExportRequest, SubjectExportSection> {
  return SUBJECT_EXPORT_PATTERNS.get(service)!;
}
