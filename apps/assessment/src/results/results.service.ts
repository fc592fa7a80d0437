import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import {
  FieldError,
  isUuid,
  ListResultsRequest,
  MAX_GRID_CELLS,
  MissingResultsGroupView,
  MissingResultsRequest,
  MissingResultsView,
  YEAR_GROUPS,
  YearGroup,
  RecordResultRequest,
  RESULT_CHANGED,
  RESULT_GRID_SAVED,
  RESULT_RECORDED,
  ResultCellInput,
  ResultGridSaveView,
  ResultHistoryEntryView,
  ResultHistoryRequest,
  ResultView,
  SaveResultGridRequest,
} from '@pt/contracts';
import { UnitOfWork } from '@pt/persistence';
import { BusException, SchoolContext, stageEvent, uuid7 } from '@pt/platform';
import { AssessmentPoint } from '../frameworks/framework.entity';
import { FrameworkRepository } from '../frameworks/framework.repository';
import { AssessmentResult, AssessmentResultHistory } from './result.entity';
import { MissingRow, PointForSave, ResultRepository, ResultWrite, UpsertOutcome } from './result.repository';
import { PupilRoll } from '../pupils/pupil-roll';
import { classGroupScopeOf } from '../pupils/class-group-scope';
import { PupilPeriodRepository } from '../pupils/pupil-period.repository';
import { checkResultComment, checkResultValue, ScaleRule } from './result-value';
import { measureNotFound, pointNotFound } from '../frameworks/framework-refusals';

const measureOutsidePoint = () => measureNotFound("The measure is not one of the point's framework");

/**
 * Results: one current value per pupil, measure and point, checked against the measure's
 * scale, with an append-only history of every change. A grid is written whole or not at
 * all, in one statement. A closed point takes no results until it is reopened.
 *
 * Every pupil named must be one of the school's that assessment's read model knows (404
 * naming the field otherwise) and not restricted (P18); a teacher limited to class groups
 * enters and sees only their pupils' results (P19).
 */
@Injectable()
export class ResultsService {
  constructor(
    private readonly unitOfWork: UnitOfWork,
    private readonly pupils: PupilRoll,
  ) {}

  /** One result; field errors name the field (`value`), as for any single request. */
  async record(ctx: SchoolContext, request: RecordResultRequest): Promise<ResultView> {
    if (!isUuid(request?.pointId)) throw pointNotFound();
    const cell: ResultCellInput = {
      pupilId: request.pupilId,
      measureId: request.measureId,
      value: request.value,
      comment: request.comment,
    };
    return this.unitOfWork.forContext(ctx, async (em) => {
      const point = await this.openPoint(ctx, em, request.pointId, [cell.pupilId]);
      const scales = point.scales;
      if (isUuid(cell.measureId) && !scales.has(cell.measureId)) throw measureOutsidePoint();
      const { writes, errors } = checkCells([cell], scales, (field) => field);
      if (errors.length) throw BusException.validation(errors);
      await this.pupils.assertWritable(ctx, em, [{ pupilId: cell.pupilId, field: 'pupilId' }], point.pupils);
      const results = new ResultRepository(em);
      const outcome = await results.upsert(ctx.tenantId, point.id, ctx.actor.id ?? null, writes);
      for (const w of outcome.written) {
        stageEvent(em, w.inserted ? RESULT_RECORDED : RESULT_CHANGED, ctx, {
          resultId: w.id,
          pupilId: w.pupilId,
          measureId: w.measureId,
          pointId: point.id,
        });
      }
      const saved = await results.find(point.id, writes[0].measureId, writes[0].pupilId);
      return resultViewOf(saved!);
    });
  }

  /** A grid at one point: every cell checked first, errors naming the cell (`cells[3].value`); all written or none. */
  async saveGrid(ctx: SchoolContext, request: SaveResultGridRequest): Promise<ResultGridSaveView> {
    if (!isUuid(request?.pointId)) throw pointNotFound();
    const cells = request.cells;
    if (!Array.isArray(cells) || cells.length === 0) {
      throw BusException.validation([{ field: 'cells', message: 'must be a non-empty list' }]);
    }
    if (cells.length > MAX_GRID_CELLS) {
      throw BusException.validation([{ field: 'cells', message: `must have at most ${MAX_GRID_CELLS} cells` }]);
    }
    return this.unitOfWork.forContext(ctx, async (em) => {
      const point = await this.openPoint(
        ctx,
        em,
        request.pointId,
        cells.map((c) => c?.pupilId),
      );
      const { writes, errors } = checkCells(cells, point.scales, (field, i) => `cells[${i}].${field}`);
      if (errors.length) throw BusException.validation(errors);
      // With no errors there is one write per cell, in the cells' order.
      await this.pupils.assertWritable(
        ctx,
        em,
        writes.map((w, i) => ({ pupilId: w.pupilId, field: `cells[${i}].pupilId` })),
        point.pupils,
      );
      const outcome: UpsertOutcome = await new ResultRepository(em).upsert(
        ctx.tenantId,
        point.id,
        ctx.actor.id ?? null,
        writes,
      );
      if (outcome.recorded + outcome.changed > 0) {
        stageEvent(em, RESULT_GRID_SAVED, ctx, {
          pointId: point.id,
          recorded: outcome.recorded,
          changed: outcome.changed,
        });
      }
      return { pointId: point.id, recorded: outcome.recorded, changed: outcome.changed, unchanged: outcome.unchanged };
    });
  }

  list(ctx: SchoolContext, request: ListResultsRequest): Promise<ResultView[]> {
    if (!isUuid(request?.pointId)) throw pointNotFound();
    if (request.measureId !== undefined && !isUuid(request.measureId)) throw measureOutsidePoint();
    return this.unitOfWork.forContext(ctx, async (em) => {
      const point = await new FrameworkRepository(em).findPoint(request.pointId);
      if (!point) throw pointNotFound();
      if (request.measureId && !(await this.scalesByMeasure(em, point)).has(request.measureId))
        throw measureOutsidePoint();
      const scope = classGroupScopeOf(ctx);
      const visible = scope && (await new PupilPeriodRepository(em).idsInClassGroups(ctx.tenantId, scope));
      return (await new ResultRepository(em).atPoint(point.id, request.measureId, visible)).map(resultViewOf);
    });
  }

  history(ctx: SchoolContext, request: ResultHistoryRequest): Promise<ResultHistoryEntryView[]> {
    if (!isUuid(request?.pointId)) throw pointNotFound();
    if (!isUuid(request.measureId)) throw measureOutsidePoint();
    if (!isUuid(request.pupilId)) throw BusException.validation([{ field: 'pupilId', message: 'must be a UUID' }]);
    return this.unitOfWork.forContext(ctx, async (em) => {
      const point = await new FrameworkRepository(em).findPoint(request.pointId);
      if (!point) throw pointNotFound();
      await this.pupils.assertVisible(ctx, em, request.pupilId);
      const rows = await new ResultRepository(em).history(point.id, request.measureId, request.pupilId);
      return rows.map(historyViewOf);
    });
  }

  /** The point's missing results, per pupil and per class group, from one query (a limited teacher: their pupils only). */
  missing(ctx: SchoolContext, request: MissingResultsRequest): Promise<MissingResultsView> {
    if (!isUuid(request?.pointId)) throw pointNotFound();
    if (request.measureId !== undefined && !isUuid(request.measureId)) throw measureOutsidePoint();
    const errors: FieldError[] = [];
    if (request.classGroupId !== undefined && !isUuid(request.classGroupId)) {
      errors.push({ field: 'classGroupId', message: 'must be a UUID' });
    }
    if (request.yearGroup !== undefined && !(YEAR_GROUPS as readonly string[]).includes(request.yearGroup)) {
      errors.push({ field: 'yearGroup', message: `must be one of ${YEAR_GROUPS.join(', ')}` });
    }
    if (errors.length) throw BusException.validation(errors);
    return this.unitOfWork.forContext(ctx, async (em) => {
      const point = await new FrameworkRepository(em).findPoint(request.pointId);
      if (!point) throw pointNotFound();
      if (request.measureId && !(await this.scalesByMeasure(em, point)).has(request.measureId))
        throw measureOutsidePoint();
      const rows = await new ResultRepository(em).missingAt(ctx.tenantId, point, {
        measureId: request.measureId,
        classGroupId: request.classGroupId?.toLowerCase(),
        yearGroup: request.yearGroup,
        classGroupScope: classGroupScopeOf(ctx),
      });
      return missingViewOf(point, rows);
    });
  }

  /**
   * The point, locked for the transaction (saves at a point are serialised, and a close
   * waits for them), if open, with its measures' scales and the pupils named (those of the
   * ids that are UUIDs; the cells' checks refuse the rest), read in one statement.
   */
  private async openPoint(
    ctx: SchoolContext,
    em: EntityManager,
    pointId: string,
    pupilIds: unknown[],
  ): Promise<PointForSave> {
    const ids = [...new Set(pupilIds.filter(isUuid).map((id) => id.toLowerCase()))];
    const point = await new ResultRepository(em).pointForSave(ctx.tenantId, pointId, ids);
    if (!point) throw pointNotFound();
    if (point.closedAt) {
      throw BusException.conflict(
        'assessment_point.closed',
        'The point is closed: results cannot change until it is reopened',
        {
          pointId: point.id,
        },
      );
    }
    return point;
  }

  /** The scale of each measure of the point's framework, by measure id. */
  private async scalesByMeasure(em: EntityManager, point: AssessmentPoint): Promise<Map<string, ScaleRule>> {
    const frameworks = new FrameworkRepository(em);
    const [measures, scales] = await Promise.all([
      frameworks.measuresOf(point.frameworkId),
      frameworks.scalesOf(point.frameworkId),
    ]);
    const scaleById = new Map(scales.map((s) => [s.id, s]));
    const byMeasure = new Map<string, ScaleRule>();
    for (const m of measures) {
      const scale = scaleById.get(m.gradeScaleId);
      if (scale) byMeasure.set(m.id, { kind: scale.kind, grades: scale.grades, range: scale.range });
    }
    return byMeasure;
  }
}

/** Checks every cell (none is written unless all pass); `name` turns a field into the name the caller sees. */
function checkCells(
  cells: ResultCellInput[],
  scales: Map<string, ScaleRule>,
  name: (field: string, index: number) => string,
): { writes: ResultWrite[]; errors: FieldError[] } {
  const errors: FieldError[] = [];
  const writes: ResultWrite[] = [];
  const seen = new Map<string, number>();
  cells.forEach((cell, i) => {
    if (!cell || typeof cell !== 'object') {
      errors.push({ field: name('', i).replace(/\.$/, ''), message: 'must be a cell' });
      return;
    }
    let ok = true;
    if (!isUuid(cell.pupilId)) {
      errors.push({ field: name('pupilId', i), message: 'must be a UUID' });
      ok = false;
    }
    const scale = isUuid(cell.measureId) ? scales.get(cell.measureId) : undefined;
    if (!scale) {
      errors.push({ field: name('measureId', i), message: "must be a measure of the point's framework" });
      ok = false;
    }
    const value = scale ? checkResultValue(scale, cell.value) : null;
    if (value && !value.ok) {
      errors.push({ field: name('value', i), message: value.message });
      ok = false;
    }
    const comment = checkResultComment(cell.comment);
    if (!comment.ok) {
      errors.push({ field: name('comment', i), message: comment.message });
      ok = false;
    }
    if (ok) {
      const key = `${cell.pupilId}/${cell.measureId}`;
      const first = seen.get(key);
      if (first !== undefined) {
        errors.push({ field: name('pupilId', i), message: `repeats the pupil and measure of cells[${first}]` });
        return;
      }
      seen.set(key, i);
      if (value?.ok && comment.ok) {
        writes.push({
          id: uuid7(),
          pupilId: cell.pupilId,
          measureId: cell.measureId,
          value: value.value,
          points: value.points,
          comment: comment.comment,
        });
      }
    }
  });
  return { writes, errors };
}

function missingViewOf(point: AssessmentPoint, rows: MissingRow[]): MissingResultsView {
  const groups = new Map<string | null, MissingResultsGroupView>();
  let expected = 0;
  let missing = 0;
  for (const row of rows) {
    let group = groups.get(row.class_group_id);
    if (!group) {
      group = { classGroupId: row.class_group_id, pupils: 0, expected: 0, missing: 0 };
      groups.set(row.class_group_id, group);
    }
    group.pupils += 1;
    group.expected += row.expected;
    group.missing += row.missing.length;
    expected += row.expected;
    missing += row.missing.length;
  }
  return {
    pointId: point.id,
    asAt: point.date,
    pupils: rows.length,
    expected,
    missing,
    byClassGroup: [...groups.values()],
    pupilsMissing: rows
      .filter((row) => row.missing.length > 0)
      .map((row) => ({
        pupilId: row.pupil_id,
        classGroupId: row.class_group_id,
        yearGroup: row.year_group as YearGroup,
        measureIds: row.missing,
      })),
  };
}

function resultViewOf(result: AssessmentResult): ResultView {
  return {
    id: result.id,
    pupilId: result.pupilId,
    measureId: result.measureId,
    pointId: result.pointId,
    value: result.value,
    points: result.points,
    comment: result.comment,
    recordedBy: result.recordedBy,
    recordedAt: result.recordedAt.toISOString(),
  };
}

function historyViewOf(row: AssessmentResultHistory): ResultHistoryEntryView {
  return {
    id: row.id,
    resultId: row.resultId,
    oldValue: row.oldValue,
    newValue: row.newValue,
    oldComment: row.oldComment,
    newComment: row.newComment,
    changedBy: row.changedBy,
    changedAt: row.changedAt.toISOString(),
  };
}
