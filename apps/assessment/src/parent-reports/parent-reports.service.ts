import { Injectable } from '@nestjs/common';
import {
  ClassReportsView,
  FieldError,
  GET_PUPIL,
  GET_SCHOOL,
  isUuid,
  IssueClassReportsRequest,
  IssueParentReportRequest,
  LIST_PUPILS,
  ListParentReportsRequest,
  MAX_REPORT_BATCH,
  MAX_REPORT_COMMENT,
  PARENT_REPORT_ISSUED,
  ParentReportDownload,
  ParentReportRef,
  ParentReportView,
  PupilView,
} from '@pt/contracts';
import { UnitOfWork } from '@pt/persistence';
import { BusClient, BusException, FileStore, SchoolContext, stageEvents, uuid7 } from '@pt/platform';
import { createHash } from 'node:crypto';
import { pointNotFound } from '../frameworks/framework-refusals';
import { classGroupScopeOf, inScope } from '../pupils/class-group-scope';
import { PupilPeriodRepository } from '../pupils/pupil-period.repository';
import { PupilRoll } from '../pupils/pupil-roll';
import { ScaleRule } from '../results/result-value';
import { pupilOnTrack, ruleOfRow } from '../targets/targets.service';
import {
  attendanceInWords,
  onTrackInWords,
  ReportContent,
  resultInWords,
  targetsInWords,
} from './parent-report-content';
import { parentReportPdf } from './parent-report-pdf';
import { ParentReport } from './parent-report.entity';
import { ParentReportRepository, ReportMeasureRow, ReportPointRow } from './parent-report.repository';

/** Marks what the file store holds for a report download (a one-off copy the gateway sends and deletes). */
export const REPORT_DOWNLOAD_PURPOSE = 'parent-report-download';

const reportNotFound = () => BusException.notFound('parent_report.not_found', 'The report does not exist');
const classGroupNotFound = () => BusException.notFound('class_group.not_found', 'The class group does not exist');

/** One pupil's report to issue: who, and the teacher's words. */
interface ReportToIssue {
  pupil: PupilView;
  comment: string | null;
}

/**
 * Parent reports (issue 13, item 8): a PDF per pupil for a point, rendered from what the
 * tracker holds and pupil-records knows (name, attendance), issued one at a time or for a
 * whole class, and archived as issued: the bytes are stored with their SHA-256, so every
 * download is byte for byte what was issued, whatever changes afterwards. A class is read
 * in one request to pupil-records, one query for every pupil's results, targets and
 * on-track, and archived in one statement with one event per report (ids only).
 */
@Injectable()
export class ParentReportsService {
  constructor(
    private readonly unitOfWork: UnitOfWork,
    private readonly pupils: PupilRoll,
    private readonly bus: BusClient,
    private readonly files: FileStore,
  ) {}

  async issue(ctx: SchoolContext, request: IssueParentReportRequest): Promise<ParentReportView> {
    if (!isUuid(request?.pointId)) throw pointNotFound();
    const errors: FieldError[] = [];
    if (!isUuid(request.pupilId)) errors.push({ field: 'pupilId', message: 'must be a UUID' });
    const comment = checkComment(request.teacherComment, 'teacherComment', errors);
    if (errors.length) throw BusException.validation(errors);
    const pupilId = request.pupilId.toLowerCase();
    await this.unitOfWork.forContext(ctx, (em) => this.pupils.assertWritable(ctx, em, [{ pupilId, field: 'pupilId' }]));
    const pupil = await this.bus.request(GET_PUPIL, ctx, { pupilId });
    const [view] = await this.issueAll(ctx, request.pointId, null, [{ pupil, comment }]);
    return view;
  }

  /** Every pupil of the class now; restricted pupils are left out (read-only, P18) and listed as skipped. */
  async issueClass(ctx: SchoolContext, request: IssueClassReportsRequest): Promise<ClassReportsView> {
    if (!isUuid(request?.pointId)) throw pointNotFound();
    if (!isUuid(request.classGroupId)) {
      throw BusException.validation([{ field: 'classGroupId', message: 'must be a UUID' }]);
    }
    const classGroupId = request.classGroupId.toLowerCase();
    if (!inScope(classGroupScopeOf(ctx), classGroupId)) throw classGroupNotFound();
    const errors: FieldError[] = [];
    const comments = new Map<string, string | null>();
    const given = request.teacherComments ?? [];
    if (!Array.isArray(given)) errors.push({ field: 'teacherComments', message: 'must be a list' });
    else {
      given.forEach((entry, i) => {
        const pupilId = typeof entry?.pupilId === 'string' ? entry.pupilId.toLowerCase() : '';
        if (!isUuid(pupilId)) errors.push({ field: `teacherComments[${i}].pupilId`, message: 'must be a UUID' });
        else if (comments.has(pupilId))
          errors.push({ field: `teacherComments[${i}].pupilId`, message: 'repeats a pupil' });
        comments.set(pupilId, checkComment(entry?.comment, `teacherComments[${i}].comment`, errors));
      });
    }
    if (errors.length) throw BusException.validation(errors);
    const { items } = await this.bus.request(LIST_PUPILS, ctx, { classGroupId, limit: MAX_REPORT_BATCH });
    const strangers = [...comments.keys()].filter((id) => !items.some((p) => p.id === id));
    if (strangers.length) {
      throw BusException.validation(
        strangers.map((id) => ({
          field: `teacherComments[${given.findIndex((c) => c.pupilId.toLowerCase() === id)}].pupilId`,
          message: 'is not a pupil of the class',
        })),
      );
    }
    const issuing = items.filter((p) => !p.restricted);
    const batchId = uuid7();
    const reports = await this.issueAll(
      ctx,
      request.pointId,
      batchId,
      issuing.map((pupil) => ({ pupil, comment: comments.get(pupil.id) ?? null })),
    );
    return {
      batchId,
      pointId: request.pointId,
      classGroupId,
      reports,
      skipped: items.filter((p) => p.restricted).map((p) => ({ pupilId: p.id, reason: 'restricted' as const })),
    };
  }

  list(ctx: SchoolContext, request: ListParentReportsRequest): Promise<ParentReportView[]> {
    const errors: FieldError[] = [];
    if (request?.pupilId !== undefined && !isUuid(request.pupilId))
      errors.push({ field: 'pupilId', message: 'must be a UUID' });
    if (request?.pointId !== undefined && !isUuid(request.pointId))
      errors.push({ field: 'pointId', message: 'must be a UUID' });
    if (errors.length) throw BusException.validation(errors);
    return this.unitOfWork.forContext(ctx, async (em) => {
      if (request.pupilId) await this.pupils.assertVisible(ctx, em, request.pupilId);
      const scope = classGroupScopeOf(ctx);
      const visible =
        scope && !request.pupilId ? await new PupilPeriodRepository(em).idsInClassGroups(ctx.tenantId, scope) : null;
      const rows = await new ParentReportRepository(em).list({
        pupilId: request.pupilId?.toLowerCase(),
        pointId: request.pointId?.toLowerCase(),
        pupilIds: visible,
      });
      return rows.map(reportViewOf);
    });
  }

  /** The archived bytes, as a one-off copy in the file store for the gateway to send (and delete). */
  async pdf(ctx: SchoolContext, request: ParentReportRef): Promise<ParentReportDownload> {
    if (!isUuid(request?.reportId)) throw reportNotFound();
    const report = await this.unitOfWork.forContext(ctx, async (em) => {
      const row = await new ParentReportRepository(em).findWithContent(request.reportId);
      if (!row) throw reportNotFound();
      const pupil = (await new PupilPeriodRepository(em).current(ctx.tenantId, [row.pupilId])).at(0);
      if (!pupil || !inScope(classGroupScopeOf(ctx), pupil.classGroupId)) throw reportNotFound();
      return row;
    });
    const fileName = `${REPORT_DOWNLOAD_PURPOSE}.${uuid7()}`;
    await this.files.put(fileName, report.content, {
      metadata: { purpose: REPORT_DOWNLOAD_PURPOSE, tenantId: ctx.tenantId, contentType: 'application/pdf' },
    });
    return {
      fileName,
      downloadName: `parent-report-${report.id}.pdf`,
      contentType: 'application/pdf',
      size: report.size,
      sha256: report.sha256,
    };
  }

  /**
   * Renders and archives the reports in one transaction: the school's name once, every
   * pupil's results in one query, each PDF from the pure layout, all rows in one insert and
   * one issued event per report. Nothing is archived unless every report is.
   */
  private async issueAll(
    ctx: SchoolContext,
    pointId: string,
    batchId: string | null,
    toIssue: ReportToIssue[],
  ): Promise<ParentReportView[]> {
    const school = await this.bus.request(GET_SCHOOL, ctx, { schoolId: ctx.tenantId });
    return this.unitOfWork.forContext(ctx, async (em) => {
      const repository = new ParentReportRepository(em);
      const point = await repository.point(pointId);
      if (!point) throw pointNotFound();
      const rows = await repository.measureRows(
        point,
        toIssue.map((t) => t.pupil.id),
      );
      const byPupil = new Map<string, ReportMeasureRow[]>();
      for (const row of rows) byPupil.set(row.pupil_id!, [...(byPupil.get(row.pupil_id!) ?? []), row]);
      const issuedAt = new Date();
      const reports = toIssue.map(({ pupil, comment }) => {
        const content = reportContent(school.name, point, pupil, byPupil.get(pupil.id) ?? [], comment, issuedAt);
        const pdf = parentReportPdf(content);
        return Object.assign(new ParentReport(), {
          id: uuid7(),
          tenantId: ctx.tenantId,
          pupilId: pupil.id,
          pointId: point.id,
          batchId,
          issuedBy: ctx.actor.id ?? null,
          issuedAt,
          size: pdf.length,
          sha256: createHash('sha256').update(pdf).digest('hex'),
          content: pdf,
        });
      });
      await repository.archive(reports);
      await stageEvents(
        em,
        PARENT_REPORT_ISSUED,
        ctx,
        reports.map((r) => ({ reportId: r.id, pupilId: r.pupilId, pointId: r.pointId })),
      );
      return reports.map(reportViewOf);
    });
  }
}

/** What the report says, in words, from the pupil, their results at the point and the school's name. */
export function reportContent(
  schoolName: string,
  point: ReportPointRow,
  pupil: PupilView,
  rows: readonly ReportMeasureRow[],
  comment: string | null,
  issuedAt: Date,
): ReportContent {
  return {
    schoolName,
    pupilName: `${pupil.preferredForename ?? pupil.legalForename} ${pupil.preferredSurname ?? pupil.legalSurname}`,
    yearGroup: pupil.yearGroup,
    academicYear: point.academic_year,
    pointName: point.name,
    pointDate: point.date,
    measures: rows.map((row) => {
      const scale: ScaleRule = {
        kind: row.scale_kind ?? 'grades',
        grades: row.scale_grades ?? [],
        range: row.scale_range,
      };
      const rule = ruleOfRow(row);
      return {
        name: row.measure_name,
        value: row.value!,
        inWords: resultInWords(scale, row.value!),
        targets: targetsInWords(row.targets),
        onTrack: onTrackInWords(rule, rule ? pupilOnTrack(rule, scale, row) : null),
      };
    }),
    attendance: attendanceInWords(pupil.attendance),
    teacherComment: comment,
    issuedOn: issuedAt.toISOString().slice(0, 10),
  };
}

function checkComment(raw: unknown, field: string, errors: FieldError[]): string | null {
  if (raw === undefined || raw === null) return null;
  if (typeof raw !== 'string' || raw.length > MAX_REPORT_COMMENT) {
    errors.push({ field, message: `must be text of at most ${MAX_REPORT_COMMENT} characters` });
    return null;
  }
  return raw.trim() || null;
}

function reportViewOf(row: ParentReport): ParentReportView {
  return {
    id: row.id,
    pupilId: row.pupilId,
    pointId: row.pointId,
    batchId: row.batchId,
    issuedBy: row.issuedBy,
    issuedAt: row.issuedAt.toISOString(),
    size: row.size,
    sha256: row.sha256,
  };
}
