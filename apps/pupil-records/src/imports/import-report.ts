import { ImportRejection, ImportReport, ImportWarning, REPORT_MAX_REJECTIONS } from '@pt/contracts';
import { PupilImport } from './pupil-import.entity';

const UPNS_PER_WARNING = 10;

/**
 * The running report of an import: counts, rejections with UPN and reason (the first
 * thousand kept; the total always), and warnings grouped by message so that one problem
 * repeated across 20,000 rows is one line with a count, not 20,000.
 */
export class ImportReportBuilder {
  created = 0;
  updated = 0;
  unchanged = 0;
  rejected = 0;
  private readonly rejections: ImportRejection[];
  private readonly warnings = new Map<string, ImportWarning>();

  constructor(from?: PupilImport) {
    this.rejections = [...(from?.rejections ?? [])];
    for (const warning of from?.warnings ?? []) this.warnings.set(warning.message, { ...warning });
    if (from) {
      this.created = from.created;
      this.updated = from.updated;
      this.unchanged = from.unchanged;
      this.rejected = from.rejected;
    }
  }

  reject(rejection: ImportRejection): void {
    this.rejected++;
    if (this.rejections.length < REPORT_MAX_REJECTIONS) this.rejections.push(rejection);
  }

  /** A warning about the file (count 0) or about the row of `upn`. */
  warn(code: string, message: string, upn?: string | null): void {
    let warning = this.warnings.get(message);
    if (!warning) {
      warning = { code, message, count: 0, upns: [] };
      this.warnings.set(message, warning);
    }
    if (upn !== undefined) {
      warning.count++;
      if (upn && warning.upns.length < UPNS_PER_WARNING) warning.upns.push(upn);
    }
  }

  report(): ImportReport {
    return {
      created: this.created,
      updated: this.updated,
      unchanged: this.unchanged,
      rejected: this.rejected,
      rejections: this.rejections,
      warnings: [...this.warnings.values()],
    };
  }

  applyTo(job: PupilImport): void {
    const report = this.report();
    job.created = report.created;
    job.updated = report.updated;
    job.unchanged = report.unchanged;
    job.rejected = report.rejected;
    job.rejections = report.rejections;
    job.warnings = report.warnings;
  }
}
