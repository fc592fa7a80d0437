import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import {
  FieldError,
  FrameworkRuleRef,
  isAcademicYear,
  isUuid,
  ListTargetsRequest,
  MAX_ON_TRACK_TOLERANCE,
  MAX_TARGET_KIND,
  MAX_TARGETS_PER_SET,
  ON_TRACK_RULE_KINDS,
  ON_TRACK_RULE_SET,
  OnTrackRequest,
  OnTrackRule,
  OnTrackRuleView,
  OnTrackView,
  PupilOnTrackView,
  PupilTrackingRequest,
  PupilTrackingView,
  SetOnTrackRuleRequest,
  SetTargetsRequest,
  TargetView,
  TARGETS_SET,
  TrackingMeasure,
} from '@pt/contracts';
import { UnitOfWork } from '@pt/persistence';
import { PupilRoll } from '../pupils/pupil-roll';
import { classGroupScopeOf, inScope } from '../pupils/class-group-scope';
import { PupilPeriodRepository } from '../pupils/pupil-period.repository';
import { BusException, SchoolContext, stageEvent, uuid7 } from '@pt/platform';
import { FrameworkRepository } from '../frameworks/framework.repository';
import { checkResultValue, ScaleRule } from '../results/result-value';
import { bandOf, expectedBandOnTrack, pathProgress, straightLineOnTrack } from './on-track';
import { AssessmentOnTrackRule, AssessmentTarget } from './target.entity';
import { OnTrackRow, TargetRepository, TargetWrite, TrackingRow } from './target.repository';
import { frameworkNotFound, measureNotFound, pointNotFound } from '../frameworks/framework-refusals';

const ruleNotSet = () =>
  BusException.notFound('on_track_rule.not_set', 'The framework has no on-track rule chosen yet');

/** P19: the pupils a teacher limited to class groups may see (their groups' now); null: not limited. */
async function visiblePupils(ctx: SchoolContext, em: EntityManager): Promise<Set<string> | null> {
  const scope = classGroupScopeOf(ctx);
  return scope && new Set(await new PupilPeriodRepository(em).idsInClassGroups(ctx.tenantId, scope));
}

/**
 * Targets and on-track: several named targets per pupil and measure, each checked against
 * the measure's scale as a result is; one on-track rule per framework; and on-track for a
 * measure at a point, computed when read (one query, then the pure rule in on-track.ts), so
 * a changed result, target or rule shows at once. Flags are not stored.
 */
@Injectable()
export class TargetsService {
  constructor(
    private readonly unitOfWork: UnitOfWork,
    private readonly pupils: PupilRoll,
  ) {}

  /** Sets or replaces the named targets sent (kinds not sent are kept); errors name the target (`targets[1].value`). */
  async set(ctx: SchoolContext, request: SetTargetsRequest): Promise<TargetView[]> {
    if (!isUuid(request?.measureId)) throw measureNotFound();
    const shapeErrors: FieldError[] = [];
    if (!isUuid(request.pupilId)) shapeErrors.push({ field: 'pupilId', message: 'must be a UUID' });
    const targets = request.targets;
    if (!Array.isArray(targets) || targets.length === 0) {
      shapeErrors.push({ field: 'targets', message: 'must be a non-empty list' });
    } else if (targets.length > MAX_TARGETS_PER_SET) {
      shapeErrors.push({ field: 'targets', message: `must have at most ${MAX_TARGETS_PER_SET} targets` });
    }
    if (shapeErrors.length) throw BusException.validation(shapeErrors);
    return this.unitOfWork.forContext(ctx, async (em) => {
      const scale = await this.scaleOfMeasure(em, request.measureId);
      const { writes, errors } = checkTargets(targets, scale);
      if (errors.length) throw BusException.validation(errors);
      await this.pupils.assertWritable(ctx, em, [{ pupilId: request.pupilId, field: 'pupilId' }]);
      const repository = new TargetRepository(em);
      const ids = await repository.upsert(
        ctx.tenantId,
        request.measureId,
        request.pupilId,
        ctx.actor.id ?? null,
        writes,
      );
      stageEvent(em, TARGETS_SET, ctx, { pupilId: request.pupilId, measureId: request.measureId, targetIds: ids });
      return (await repository.list(request.measureId, request.pupilId)).map(targetViewOf);
    });
  }

  list(ctx: SchoolContext, request: ListTargetsRequest): Promise<TargetView[]> {
    if (!isUuid(request?.measureId)) throw measureNotFound();
    if (request.pupilId !== undefined && !isUuid(request.pupilId)) {
      throw BusException.validation([{ field: 'pupilId', message: 'must be a UUID' }]);
    }
    return this.unitOfWork.forContext(ctx, async (em) => {
      if (!(await new FrameworkRepository(em).findMeasure(request.measureId))) throw measureNotFound();
      if (request.pupilId) await this.pupils.assertVisible(ctx, em, request.pupilId);
      const visible = await visiblePupils(ctx, em);
      return (await new TargetRepository(em).list(request.measureId, request.pupilId))
        .filter((target) => !visible || visible.has(target.pupilId))
        .map(targetViewOf);
    });
  }

  /** Chooses (or changes) the framework's one on-track rule. */
  async setRule(ctx: SchoolContext, request: SetOnTrackRuleRequest): Promise<OnTrackRuleView> {
    if (!isUuid(request?.frameworkId)) throw frameworkNotFound();
    return this.unitOfWork.forContext(ctx, async (em) => {
      const frameworks = new FrameworkRepository(em);
      if (!(await frameworks.findById(request.frameworkId))) throw frameworkNotFound();
      const row = new AssessmentOnTrackRule();
      row.id = uuid7();
      row.tenantId = ctx.tenantId;
      row.frameworkId = request.frameworkId;
      row.setBy = ctx.actor.id ?? null;
      row.setAt = new Date();
      if (!ON_TRACK_RULE_KINDS.includes(request.kind)) {
        throw BusException.validation([{ field: 'kind', message: `must be one of ${ON_TRACK_RULE_KINDS.join(', ')}` }]);
      }
      row.kind = request.kind;
      if (request.kind === 'straight-line') {
        const errors: FieldError[] = [];
        const baseline = isUuid(request.baselinePointId) ? await frameworks.findPoint(request.baselinePointId) : null;
        if (!baseline || baseline.frameworkId !== request.frameworkId) {
          errors.push({ field: 'baselinePointId', message: 'must be a point of the framework' });
        }
        const kind = checkKind(request.targetKind);
        if (!kind.ok) errors.push({ field: 'targetKind', message: kind.message });
        const tolerance = request.tolerance;
        if (
          typeof tolerance !== 'number' ||
          !Number.isFinite(tolerance) ||
          tolerance < 0 ||
          tolerance > MAX_ON_TRACK_TOLERANCE
        ) {
          errors.push({ field: 'tolerance', message: `must be a number from 0 to ${MAX_ON_TRACK_TOLERANCE}` });
        }
        if (errors.length) throw BusException.validation(errors);
        row.baselinePointId = baseline!.id;
        row.targetKind = kind.ok ? kind.kind : null;
        row.tolerance = tolerance!;
      }
      await new TargetRepository(em).upsertRule(row);
      stageEvent(em, ON_TRACK_RULE_SET, ctx, { frameworkId: row.frameworkId });
      return ruleViewOf(row);
    });
  }

  getRule(ctx: SchoolContext, request: FrameworkRuleRef): Promise<OnTrackRuleView> {
    if (!isUuid(request?.frameworkId)) throw frameworkNotFound();
    return this.unitOfWork.forContext(ctx, async (em) => {
      if (!(await new FrameworkRepository(em).findById(request.frameworkId))) throw frameworkNotFound();
      const rule = await new TargetRepository(em).findRule(request.frameworkId);
      if (!rule) throw ruleNotSet();
      return ruleViewOf(rule);
    });
  }

  /** On-track for every pupil with a result for the measure at the point: one query, then the pure rule. */
  onTrack(ctx: SchoolContext, request: OnTrackRequest): Promise<OnTrackView> {
    if (!isUuid(request?.pointId)) throw pointNotFound();
    if (!isUuid(request.measureId)) throw measureNotFound();
    return this.unitOfWork.forContext(ctx, async (em) => {
      const rows = await new TargetRepository(em).onTrackRows(request.pointId, request.measureId);
      if (rows.length === 0) throw pointNotFound();
      const first = rows[0];
      if (!first.measure_found) throw measureNotFound();
      const rule = ruleOfRow(first);
      if (!rule) throw ruleNotSet();
      const scale: ScaleRule = {
        kind: first.scale_kind ?? 'grades',
        grades: first.scale_grades ?? [],
        range: first.scale_range,
      };
      const visible = await visiblePupils(ctx, em);
      const pupils = rows
        .filter((r) => r.pupil_id !== null && (!visible || visible.has(r.pupil_id)))
        .map((r) => pupilOnTrack(rule, scale, r));
      return { pointId: request.pointId, measureId: request.measureId, rule, pupils };
    });
  }

  /**
   * One pupil's tracking: every measure of the year's framework × every point, with the result
   * (code, label, points, band), the pupil's targets, and on-track with the rule and figures:
   * one query, then the pure rule per cell. Another school's pupil, or one a limited teacher
   * may not see, is not found (404), as if absent.
   */
  tracking(ctx: SchoolContext, request: PupilTrackingRequest): Promise<PupilTrackingView> {
    const errors: FieldError[] = [];
    if (!isUuid(request?.pupilId)) errors.push({ field: 'pupilId', message: 'must be a UUID' });
    if (request?.academicYear !== undefined && !isAcademicYear(request.academicYear)) {
      errors.push({ field: 'academicYear', message: 'must be an academic year such as 2026/27' });
    }
    if (errors.length) throw BusException.validation(errors);
    const pupilId = request.pupilId.toLowerCase();
    return this.unitOfWork.forContext(ctx, async (em) => {
      const pupil = (await this.pupils.current(ctx, em, [pupilId])).get(pupilId);
      if (!pupil || !inScope(classGroupScopeOf(ctx), pupil.classGroupId)) {
        throw new BusException({
          kind: 'not_found',
          code: 'pupil.not_found',
          message: 'The request names a pupil who does not exist',
          errors: [{ field: 'pupilId', message: 'is not a pupil of yours' }],
        });
      }
      const rows = await new TargetRepository(em).trackingRows(pupilId, request.academicYear ?? null);
      return trackingViewOf(pupilId, request.academicYear ?? null, rows);
    });
  }

  private async scaleOfMeasure(em: EntityManager, measureId: string): Promise<ScaleRule> {
    const frameworks = new FrameworkRepository(em);
    const measure = await frameworks.findMeasure(measureId);
    if (!measure) throw measureNotFound();
    const scale = await frameworks.findScale(measure.frameworkId, measure.gradeScaleId);
    if (!scale) throw measureNotFound();
    return { kind: scale.kind, grades: scale.grades, range: scale.range };
  }
}

type KindCheck = { ok: true; kind: string } | { ok: false; message: string };

/** A target kind: `minimum`, `aspirational` or the school's own name, 1–40 characters. */
function checkKind(raw: unknown): KindCheck {
  if (typeof raw !== 'string' || !raw.trim()) return { ok: false, message: 'must not be empty' };
  const kind = raw.trim();
  if (kind.length > MAX_TARGET_KIND) return { ok: false, message: `must be at most ${MAX_TARGET_KIND} characters` };
  return { ok: true, kind };
}

function checkTargets(targets: unknown[], scale: ScaleRule): { writes: TargetWrite[]; errors: FieldError[] } {
  const errors: FieldError[] = [];
  const writes: TargetWrite[] = [];
  const seen = new Map<string, number>();
  targets.forEach((raw, i) => {
    if (!raw || typeof raw !== 'object') {
      errors.push({ field: `targets[${i}]`, message: 'must be a target' });
      return;
    }
    const target = raw as { kind?: unknown; value?: unknown };
    const kind = checkKind(target.kind);
    if (!kind.ok) errors.push({ field: `targets[${i}].kind`, message: kind.message });
    const value = checkResultValue(scale, target.value);
    if (!value.ok) errors.push({ field: `targets[${i}].value`, message: value.message });
    if (!kind.ok || !value.ok) return;
    const first = seen.get(kind.kind);
    if (first !== undefined) {
      errors.push({ field: `targets[${i}].kind`, message: `repeats the kind of targets[${first}]` });
      return;
    }
    seen.set(kind.kind, i);
    writes.push({ id: uuid7(), kind: kind.kind, value: value.value, points: value.points });
  });
  return { writes, errors };
}

export function ruleOfRow(row: OnTrackRow): OnTrackRule | null {
  if (row.rule_kind === 'expected-band') return { kind: 'expected-band' };
  if (row.rule_kind === 'straight-line') {
    return {
      kind: 'straight-line',
      baselinePointId: row.baseline_point_id!,
      targetKind: row.target_kind!,
      tolerance: Number(row.tolerance),
    };
  }
  return null;
}

const numberOrNull = (n: number | string | null): number | null => (n === null ? null : Number(n));

/** A pupil's verdict under the rule from their on-track row (also used by parent reports). */
export function pupilOnTrack(rule: OnTrackRule, scale: ScaleRule, row: OnTrackRow): PupilOnTrackView {
  const head = { pupilId: row.pupil_id!, value: row.value! };
  if (rule.kind === 'expected-band') return { ...head, ...expectedBandOnTrack(rule, bandOf(scale, row.value!)) };
  const progress =
    row.baseline_date && row.last_date ? pathProgress(row.baseline_date, row.point_date, row.last_date) : null;
  return {
    ...head,
    ...straightLineOnTrack(rule, {
      baselinePoints: numberOrNull(row.baseline_points),
      targetPoints: numberOrNull(row.target_points),
      actualPoints: numberOrNull(row.points),
      progress,
    }),
  };
}

function ruleOfEntity(row: AssessmentOnTrackRule): OnTrackRule {
  if (row.kind === 'straight-line') {
    return {
      kind: 'straight-line',
      baselinePointId: row.baselinePointId!,
      targetKind: row.targetKind!,
      tolerance: Number(row.tolerance),
    };
  }
  return { kind: 'expected-band' };
}

function ruleViewOf(row: AssessmentOnTrackRule): OnTrackRuleView {
  return {
    frameworkId: row.frameworkId,
    rule: ruleOfEntity(row),
    setBy: row.setBy,
    setAt: row.setAt.toISOString(),
  };
}

function targetViewOf(target: AssessmentTarget): TargetView {
  return {
    id: target.id,
    pupilId: target.pupilId,
    measureId: target.measureId,
    kind: target.kind,
    value: target.value,
    points: target.points,
    setBy: target.setBy,
    setAt: target.setAt.toISOString(),
  };
}

/** The tracking view from its rows (measures × points, in the query's order). */
export function trackingViewOf(pupilId: string, academicYear: string | null, rows: TrackingRow[]): PupilTrackingView {
  const first = rows[0];
  if (!first) return { pupilId, academicYear, framework: null, points: [], measures: [] };
  const rule = ruleOfRow(first);
  const points = new Map<string, PupilTrackingView['points'][number]>();
  const measures = new Map<string, TrackingMeasure>();
  for (const row of rows) {
    if (row.point_id && !points.has(row.point_id)) {
      points.set(row.point_id, {
        id: row.point_id,
        name: row.point_name!,
        date: row.point_date,
        status: row.point_closed ? 'closed' : 'open',
      });
    }
  }
  const order = [...points.values()].sort((a, b) => a.date.localeCompare(b.date) || a.name.localeCompare(b.name));
  for (const row of rows) {
    if (!row.measure_id) continue;
    let measure = measures.get(row.measure_id);
    if (!measure) {
      measure = {
        id: row.measure_id,
        name: row.measure_name!,
        targets: row.targets.map((t) => ({ kind: t.kind, value: t.value, points: numberOrNull(t.points) })),
        cells: order.map((p) => ({ pointId: p.id, result: null, onTrack: null })),
      };
      measures.set(row.measure_id, measure);
    }
    if (!row.point_id || row.value === null) continue;
    const scale: ScaleRule = {
      kind: row.scale_kind ?? 'grades',
      grades: row.scale_grades ?? [],
      range: row.scale_range,
    };
    const grade = scale.kind === 'grades' ? scale.grades.find((g) => g.code === row.value) : undefined;
    const cell = measure.cells[order.findIndex((p) => p.id === row.point_id)];
    cell.result = {
      value: row.value,
      label: grade?.label ?? row.value,
      points: numberOrNull(row.points),
      band: bandOf(scale, row.value),
    };
    if (rule) {
      const { pupilId: _pupil, value: _value, ...verdict } = pupilOnTrack(rule, scale, { ...row, pupil_id: pupilId });
      cell.onTrack = verdict;
    }
  }
  return {
    pupilId,
    academicYear: first.academic_year,
    framework: { id: first.framework_id, name: first.framework_name, rule },
    points: order,
    measures: [...measures.values()],
  };
}
