import { Injectable } from '@nestjs/common';
import { isUuid, SubjectExportRequest, SubjectExportSection } from '@pt/contracts';
import { UnitOfWork } from '@pt/persistence';
import { BusException, SchoolContext } from '@pt/platform';
import { FrameworkRepository } from '../frameworks/framework.repository';
import { ResultRepository } from '../results/result.repository';
import { TargetRepository } from '../targets/target.repository';
import { SecondaryMeasuresRepository } from '../secondary-measures/secondary-measures.repository';
import { QuestionTestRepository } from '../question-analysis/question-test.repository';
import { ParentReportRepository } from '../parent-reports/parent-report.repository';
import { EntityManager } from '@mikro-orm/postgresql';

/**
 * The assessment service's part of a subject-access bundle (P21, P22), read in the
 * request's school only (the unit of work sets both tenant walls), one query per table.
 * - A pupil: their current results (measure, point, value, comment, when), every change of
 *   them (the history), their targets, prior attainment, marks per question, and the parent
 *   reports issued (when, and the SHA-256 of each PDF as issued).
 * - Staff: what they recorded or set (results, history entries, targets, on-track rules)
 *   and the frameworks they created and points they closed, as ids and timestamps only:
 *   the values are the pupils' data, and no pupil is named.
 * - A parent: assessment holds nothing about parents; found:false.
 */
@Injectable()
export class SubjectExportService {
  constructor(private readonly unitOfWork: UnitOfWork) {}

  async export(ctx: SchoolContext, request: SubjectExportRequest): Promise<SubjectExportSection> {
    const subject = request?.subject;
    if (!subject || !isUuid(subject.id)) {
      throw BusException.validation([{ field: 'subject.id', message: 'must be a UUID' }]);
    }
    const records =
      subject.type === 'pupil'
        ? await this.unitOfWork.forContext(ctx, (em) => this.ofPupil(em, subject.id))
        : subject.type === 'staff'
          ? await this.unitOfWork.forContext(ctx, (em) =>
              this.ofStaff(new ResultRepository(em), new TargetRepository(em), new FrameworkRepository(em), subject.id),
            )
          : {};
    const held = Object.fromEntries(Object.entries(records).filter(([, rows]) => rows.length > 0));
    return { service: 'assessment', found: Object.keys(held).length > 0, records: held, files: [] };
  }

  private async ofPupil(em: EntityManager, pupilId: string): Promise<Record<string, unknown[]>> {
    const results = new ResultRepository(em);
    const current = await results.ofPupil(pupilId);
    const history = await results.historyOfPupil(pupilId);
    const set = await new TargetRepository(em).ofPupil(pupilId);
    const prior = await new SecondaryMeasuresRepository(em).priorAttainmentOfPupil(pupilId);
    const marks = await new QuestionTestRepository(em).marksOfPupil(pupilId);
    const reports = await new ParentReportRepository(em).list({ pupilId });
    return {
      results: current.map((r) => ({
        id: r.id,
        measureId: r.measureId,
        pointId: r.pointId,
        value: r.value,
        comment: r.comment,
        recordedAt: r.recordedAt.toISOString(),
      })),
      resultHistory: history.map((h) => ({
        id: h.id,
        resultId: h.resultId,
        measureId: h.measureId,
        pointId: h.pointId,
        oldValue: h.oldValue,
        newValue: h.newValue,
        oldComment: h.oldComment,
        newComment: h.newComment,
        changedAt: h.changedAt.toISOString(),
      })),
      targets: set.map((t) => ({
        id: t.id,
        measureId: t.measureId,
        kind: t.kind,
        value: t.value,
        setAt: t.setAt.toISOString(),
      })),
      priorAttainment: prior.map((p) => ({ frameworkId: p.frameworkId, score: p.score, setAt: p.setAt.toISOString() })),
      questionMarks: marks.map((m) => ({
        testId: m.testId,
        questionId: m.questionId,
        mark: m.mark,
        recordedAt: m.recordedAt.toISOString(),
      })),
      parentReports: reports.map((r) => ({
        id: r.id,
        pointId: r.pointId,
        issuedAt: r.issuedAt.toISOString(),
        sha256: r.sha256,
      })),
    };
  }

  private async ofStaff(
    results: ResultRepository,
    targets: TargetRepository,
    frameworks: FrameworkRepository,
    staffId: string,
  ): Promise<Record<string, unknown[]>> {
    const recorded = await results.recordedBy(staffId);
    const changes = await results.changedBy(staffId);
    const set = await targets.setBy(staffId);
    const rules = await targets.rulesSetBy(staffId);
    const created = await frameworks.createdBy(staffId);
    const closed = await frameworks.pointsClosedBy(staffId);
    return {
      resultsRecorded: recorded.map((r) => ({
        id: r.id,
        measureId: r.measureId,
        pointId: r.pointId,
        recordedAt: r.recordedAt.toISOString(),
      })),
      resultChanges: changes.map((h) => ({
        id: h.id,
        resultId: h.resultId,
        measureId: h.measureId,
        pointId: h.pointId,
        changedAt: h.changedAt.toISOString(),
      })),
      targetsSet: set.map((t) => ({ id: t.id, measureId: t.measureId, kind: t.kind, setAt: t.setAt.toISOString() })),
      onTrackRulesSet: rules.map((r) => ({ id: r.id, frameworkId: r.frameworkId, setAt: r.setAt.toISOString() })),
      frameworksCreated: created.map((f) => ({
        id: f.id,
        academicYear: f.academicYear,
        name: f.name,
        createdAt: f.createdAt.toISOString(),
      })),
      pointsClosed: closed.map((p) => ({
        id: p.id,
        frameworkId: p.frameworkId,
        name: p.name,
        closedAt: p.closedAt?.toISOString() ?? null,
      })),
    };
  }
}
