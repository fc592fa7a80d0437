import { defineEvent } from '../events';
import { definePattern } from '../pattern';

/** The longest teacher comment a report may carry. */
export const MAX_REPORT_COMMENT = 2000;
/** The most pupils a class batch may cover (pupil-records' largest page). */
export const MAX_REPORT_BATCH = 200;

/** Issues one pupil's report for a point: rendered, archived as issued, and never changed afterwards. */
export interface IssueParentReportRequest {
  pointId: string;
  pupilId: string;
  /** The teacher's comment, in their words; absent or empty for none. */
  teacherComment?: string | null;
}

export interface TeacherCommentInput {
  pupilId: string;
  comment: string;
}

/** Issues a report for every pupil of a class group (now) at a point. */
export interface IssueClassReportsRequest {
  pointId: string;
  classGroupId: string;
  /** Comments per pupil; a pupil without one gets none. */
  teacherComments?: TeacherCommentInput[];
}

/** An issued report, as archived (the PDF is fetched on its own). */
export interface ParentReportView {
  id: string;
  pupilId: string;
  pointId: string;
  /** The batch it was issued in; null for a report issued on its own. */
  batchId: string | null;
  issuedBy: string | null;
  issuedAt: string;
  /** Bytes of the stored PDF. */
  size: number;
  /** SHA-256 of the stored PDF, hex: every download is these bytes. */
  sha256: string;
}

export interface ClassReportsView {
  batchId: string;
  pointId: string;
  classGroupId: string;
  reports: ParentReportView[];
  /** Pupils of the class left out, and why (restricted: read-only, P18). */
  skipped: Array<{ pupilId: string; reason: 'restricted' }>;
}

export interface ListParentReportsRequest {
  pupilId?: string;
  pointId?: string;
}

export interface ParentReportRef {
  reportId: string;
}

/** The stored PDF, handed over through the file store under `fileName` (a one-off copy). */
export interface ParentReportDownload {
  fileName: string;
  /** What the download should be called: the report's id only, no personal data. */
  downloadName: string;
  contentType: 'application/pdf';
  size: number;
  sha256: string;
}

export const ISSUE_PARENT_REPORT = definePattern<IssueParentReportRequest, ParentReportView>(
  'assessment.parent-report.issue',
);
export const ISSUE_CLASS_REPORTS = definePattern<IssueClassReportsRequest, ClassReportsView>(
  'assessment.parent-report.issue-class',
);
export const LIST_PARENT_REPORTS = definePattern<ListParentReportsRequest, ParentReportView[]>(
  'assessment.parent-report.list',
);
export const GET_PARENT_REPORT_PDF = definePattern<ParentReportRef, ParentReportDownload>(
  'assessment.parent-report.pdf',
);

/** A parent report was issued and archived (one event per report). */
export const PARENT_REPORT_ISSUED = defineEvent<{ reportId: string; pupilId: string; pointId: string }>(
  'evt.assessment.parent-report.issued',
);
