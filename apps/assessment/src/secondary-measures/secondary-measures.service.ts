import { Injectable } from '@nestjs/common';
import {
  FieldError,
  isUuid,
  KS4_ROLES,
  isAcademicYear,
  Ks4MeasuresView,
  MessageContext,
  NationalProgress8EstimatesView,
  SetNationalProgress8EstimatesRequest,
  Ks4Role,
  MAX_BASELINE_LABEL,
  MAX_PRIOR_ATTAINMENT_PUPILS,
  MAX_PROGRESS8_ESTIMATES,
  PriorAttainmentSaveView,
  Progress8BaselineKind,
  Progress8BaselineView,
  Progress8Estimate,
  PROGRESS8_BASELINE_KINDS,
  SecondaryMeasuresRequest,
  SecondaryMeasuresView,
  SetKs4MeasuresRequest,
  SetPriorAttainmentRequest,
  SetProgress8BaselineRequest,
} from '@pt/contracts';
import { UnitOfWork } from '@pt/persistence';
import { BusException, SchoolContext, uuid7 } from '@pt/platform';
import { FrameworkRepository } from '../frameworks/framework.repository';
import { frameworkNotFound, pointNotFound } from '../frameworks/framework-refusals';
import { classGroupScopeOf } from '../pupils/class-group-scope';
import { PupilRoll } from '../pupils/pupil-roll';
import { cohortSecondaryMeasures, Ks4Result, pupilSecondaryMeasures } from './attainment8';
import { Progress8Baseline } from './secondary-measures.entity';
import { SecondaryMeasuresRepository } from './secondary-measures.repository';

/** The largest Attainment 8 an estimate may expect (ten 9s in eight slots, two doubled, is 90). */
const MAX_ESTIMATE = 90;
/** Prior-attainment scores are scaled scores, CAT standard scores and the like: well inside this. */
const MAX_SCORE = 1000;

const nationalNotFound = () =>
  BusException.notFound(
    'progress8_estimates.not_found',
    'The platform has loaded no national Progress 8 estimates for the academic year',
  );

const isFiniteNumber = (n: unknown): n is number => typeof n === 'number' && Number.isFinite(n);

/**
 * Attainment 8, Progress 8 and grade 4+ / 5+ in English and maths (issue 13, item 4): which
 * measures count as what, the cohort's baseline with its estimates per year, pupils' prior
 * attainment, and the figures at a point, computed when read from ONE query over the cohort
 * and the pure slot rule (attainment8.ts), so a changed result shows at once.
 */
@Injectable()
export class SecondaryMeasuresService {
  constructor(
    private readonly unitOfWork: UnitOfWork,
    private readonly pupils: PupilRoll,
  ) {}

  /** Replaces the roles; errors name the entry (`measures[2].measureId`), and nothing is written unless all are right. */
  setKs4Measures(ctx: SchoolContext, request: SetKs4MeasuresRequest): Promise<Ks4MeasuresView> {
    if (!isUuid(request?.frameworkId)) throw frameworkNotFound();
    if (!Array.isArray(request.measures)) {
      throw BusException.validation([{ field: 'measures', message: 'must be a list' }]);
    }
    return this.unitOfWork.forContext(ctx, async (em) => {
      const frameworks = new FrameworkRepository(em);
      if (!(await frameworks.findForUpdate(request.frameworkId))) throw frameworkNotFound();
      const measureIds = new Set((await frameworks.measuresOf(request.frameworkId)).map((m) => m.id));
      const errors: FieldError[] = [];
      const seen = new Map<string, number>();
      const rows: Array<{ id: string; measureId: string; role: Ks4Role }> = [];
      request.measures.forEach((raw, i) => {
        const entry = (raw ?? {}) as Partial<{ measureId: unknown; role: unknown }>;
        const id = typeof entry.measureId === 'string' ? entry.measureId.toLowerCase() : '';
        if (!isUuid(id) || !measureIds.has(id)) {
          errors.push({ field: `measures[${i}].measureId`, message: 'must be a measure of the framework' });
        } else if (seen.has(id)) {
          errors.push({ field: `measures[${i}].measureId`, message: `repeats measures[${seen.get(id)}]` });
        }
        if (!KS4_ROLES.includes(entry.role as Ks4Role)) {
          errors.push({ field: `measures[${i}].role`, message: `must be one of ${KS4_ROLES.join(', ')}` });
        }
        if (isUuid(id) && !seen.has(id)) seen.set(id, i);
        rows.push({ id: uuid7(), measureId: id, role: entry.role as Ks4Role });
      });
      if (errors.length) throw BusException.validation(errors);
      const repository = new SecondaryMeasuresRepository(em);
      await repository.replaceRoles(ctx.tenantId, request.frameworkId, rows);
      return this.rolesView(request.frameworkId, repository);
    });
  }

  getKs4Measures(ctx: SchoolContext, request: { frameworkId: string }): Promise<Ks4MeasuresView> {
    if (!isUuid(request?.frameworkId)) throw frameworkNotFound();
    return this.unitOfWork.forContext(ctx, async (em) => {
      if (!(await new FrameworkRepository(em).findById(request.frameworkId))) throw frameworkNotFound();
      return this.rolesView(request.frameworkId, new SecondaryMeasuresRepository(em));
    });
  }

  /** Sets the cohort's baseline: bands must not overlap, and each error names its band (`estimates[1].to`). */
  setBaseline(ctx: SchoolContext, request: SetProgress8BaselineRequest): Promise<Progress8BaselineView> {
    if (!isUuid(request?.frameworkId)) throw frameworkNotFound();
    const errors: FieldError[] = [];
    if (!PROGRESS8_BASELINE_KINDS.includes(request.kind)) {
      errors.push({ field: 'kind', message: `must be one of ${PROGRESS8_BASELINE_KINDS.join(', ')}` });
    }
    const label = typeof request.label === 'string' ? request.label.trim() : '';
    if (!label || label.length > MAX_BASELINE_LABEL) {
      errors.push({ field: 'label', message: `must be 1–${MAX_BASELINE_LABEL} characters` });
    }
    // A ks2 baseline without estimates of its own uses the national ones for the year.
    const national = request.kind === 'ks2' && (request.estimates === undefined || request.estimates.length === 0);
    const estimates = national ? [] : checkEstimates(request.estimates, errors);
    if (errors.length) throw BusException.validation(errors);
    return this.unitOfWork.forContext(ctx, async (em) => {
      if (!(await new FrameworkRepository(em).findById(request.frameworkId))) throw frameworkNotFound();
      const row = new Progress8Baseline();
      Object.assign(row, {
        id: uuid7(),
        tenantId: ctx.tenantId,
        frameworkId: request.frameworkId,
        kind: request.kind,
        label,
        estimates,
        setBy: ctx.actor.id ?? null,
        setAt: new Date(),
      });
      await new SecondaryMeasuresRepository(em).upsertBaseline(row);
      return baselineViewOf(row);
    });
  }

  /** The platform loads DfE's estimates for a year once, for every school's KS2 baseline (platform scope). */
  setNationalEstimates(
    ctx: MessageContext,
    request: SetNationalProgress8EstimatesRequest,
  ): Promise<NationalProgress8EstimatesView> {
    const errors: FieldError[] = [];
    if (!isAcademicYear(request?.academicYear)) {
      errors.push({ field: 'academicYear', message: 'must be an academic year such as 2026/27' });
    }
    const estimates = checkEstimates(request?.estimates, errors);
    if (errors.length) throw BusException.validation(errors);
    return this.unitOfWork.forContext(ctx, async (em) => {
      const setAt = new Date();
      const setBy = ctx.actor.id ?? null;
      await new SecondaryMeasuresRepository(em).upsertNational(request.academicYear, estimates, setBy, setAt);
      return { academicYear: request.academicYear, estimates, setBy, setAt: setAt.toISOString() };
    });
  }

  getNationalEstimates(
    ctx: MessageContext,
    request: { academicYear: string },
  ): Promise<NationalProgress8EstimatesView> {
    if (!isAcademicYear(request?.academicYear)) {
      throw BusException.validation([{ field: 'academicYear', message: 'must be an academic year such as 2026/27' }]);
    }
    return this.unitOfWork.forContext(ctx, async (em) => {
      const row = await new SecondaryMeasuresRepository(em).findNational(request.academicYear);
      if (!row) throw nationalNotFound();
      return {
        academicYear: row.academic_year,
        estimates: row.estimates,
        setBy: row.set_by,
        setAt: new Date(row.set_at).toISOString(),
      };
    });
  }

  /** Loads pupils' prior attainment in one statement: every pupil or none, errors naming the entry (`pupils[3].score`). */
  setPriorAttainment(ctx: SchoolContext, request: SetPriorAttainmentRequest): Promise<PriorAttainmentSaveView> {
    if (!isUuid(request?.frameworkId)) throw frameworkNotFound();
    const list = request.pupils;
    if (!Array.isArray(list) || list.length === 0 || list.length > MAX_PRIOR_ATTAINMENT_PUPILS) {
      throw BusException.validation([
        { field: 'pupils', message: `must be a list of 1–${MAX_PRIOR_ATTAINMENT_PUPILS} pupils` },
      ]);
    }
    const errors: FieldError[] = [];
    const seen = new Map<string, number>();
    const rows: Array<{ id: string; pupilId: string; score: number }> = [];
    list.forEach((raw, i) => {
      const entry = (raw ?? {}) as Partial<{ pupilId: unknown; score: unknown }>;
      const pupilId = typeof entry.pupilId === 'string' ? entry.pupilId.toLowerCase() : '';
      if (!isUuid(pupilId)) errors.push({ field: `pupils[${i}].pupilId`, message: 'must be a UUID' });
      else if (seen.has(pupilId))
        errors.push({ field: `pupils[${i}].pupilId`, message: `repeats pupils[${seen.get(pupilId)}]` });
      else seen.set(pupilId, i);
      if (!isFiniteNumber(entry.score) || Math.abs(entry.score) > MAX_SCORE) {
        errors.push({ field: `pupils[${i}].score`, message: `must be a number from -${MAX_SCORE} to ${MAX_SCORE}` });
      }
      rows.push({ id: uuid7(), pupilId, score: entry.score as number });
    });
    if (errors.length) throw BusException.validation(errors);
    return this.unitOfWork.forContext(ctx, async (em) => {
      if (!(await new FrameworkRepository(em).findById(request.frameworkId))) throw frameworkNotFound();
      await this.pupils.assertWritable(
        ctx,
        em,
        rows.map((r, i) => ({ pupilId: r.pupilId, field: `pupils[${i}].pupilId` })),
      );
      await new SecondaryMeasuresRepository(em).upsertPriorAttainment(
        ctx.tenantId,
        request.frameworkId,
        ctx.actor.id ?? null,
        rows,
      );
      return { frameworkId: request.frameworkId, saved: rows.length };
    });
  }

  /** The figures at a point for the pupils the caller may see, each with their slot breakdown. */
  secondaryMeasures(ctx: SchoolContext, request: SecondaryMeasuresRequest): Promise<SecondaryMeasuresView> {
    if (!isUuid(request?.pointId)) throw pointNotFound();
    return this.unitOfWork.forContext(ctx, async (em) => {
      const point = await new FrameworkRepository(em).findPoint(request.pointId);
      if (!point) throw pointNotFound();
      const repository = new SecondaryMeasuresRepository(em);
      const baseline = await repository.findBaseline(point.frameworkId);
      const fromNational = baseline !== null && baseline.estimates.length === 0;
      let estimates = baseline?.estimates ?? null;
      if (fromNational) {
        const framework = await new FrameworkRepository(em).findById(point.frameworkId);
        // None loaded for the year yet: every pupil's P8 says no-estimate, as for a score outside every band.
        estimates = (framework && (await repository.findNational(framework.academicYear))?.estimates) || [];
      }
      const rows = await repository.ks4ResultsAt(ctx.tenantId, point, classGroupScopeOf(ctx));
      const byPupil = new Map<string, { results: Ks4Result[]; prior: number | null }>();
      for (const row of rows) {
        let pupil = byPupil.get(row.pupil_id);
        if (!pupil) byPupil.set(row.pupil_id, (pupil = { results: [], prior: row.prior_attainment }));
        pupil.results.push({
          measureId: row.measure_id,
          measureName: row.measure_name,
          role: row.role,
          value: row.value,
          points: row.points,
        });
      }
      const figures = [...byPupil].map(([pupilId, p]) =>
        pupilSecondaryMeasures({ pupilId, results: p.results, priorAttainment: p.prior }, estimates),
      );
      return {
        pointId: point.id,
        baseline: baseline
          ? {
              kind: baseline.kind as Progress8BaselineKind,
              label: baseline.label,
              estimatesFrom: fromNational ? ('national' as const) : ('school' as const),
            }
          : null,
        cohort: cohortSecondaryMeasures(figures),
        pupils: figures.map(({ unroundedProgress8: _, ...pupil }) => pupil),
      };
    });
  }

  private async rolesView(frameworkId: string, repository: SecondaryMeasuresRepository): Promise<Ks4MeasuresView> {
    const roles = await repository.rolesOf(frameworkId);
    return { frameworkId, measures: roles.map((r) => ({ measureId: r.measureId, role: r.role as Ks4Role })) };
  }
}

/** Checks the bands (finite, from < to, estimate 0–90, none overlapping) and returns them in order of `from`. */
function checkEstimates(raw: unknown, errors: FieldError[]): Progress8Estimate[] {
  if (!Array.isArray(raw) || raw.length === 0 || raw.length > MAX_PROGRESS8_ESTIMATES) {
    errors.push({ field: 'estimates', message: `must be a list of 1–${MAX_PROGRESS8_ESTIMATES} bands` });
    return [];
  }
  const bands: Array<Progress8Estimate & { index: number }> = [];
  raw.forEach((entry: Partial<Record<keyof Progress8Estimate, unknown>> | null, i) => {
    const { from, to, estimatedAttainment8: estimate } = entry ?? {};
    const before = errors.length;
    if (!isFiniteNumber(from)) errors.push({ field: `estimates[${i}].from`, message: 'must be a number' });
    if (!isFiniteNumber(to) || (isFiniteNumber(from) && to <= from)) {
      errors.push({ field: `estimates[${i}].to`, message: 'must be a number above from' });
    }
    if (!isFiniteNumber(estimate) || estimate < 0 || estimate > MAX_ESTIMATE) {
      errors.push({
        field: `estimates[${i}].estimatedAttainment8`,
        message: `must be a number from 0 to ${MAX_ESTIMATE}`,
      });
    }
    if (errors.length === before) {
      bands.push({ from: from as number, to: to as number, estimatedAttainment8: estimate as number, index: i });
    }
  });
  bands.sort((a, b) => a.from - b.from);
  for (let i = 1; i < bands.length; i++) {
    if (bands[i].from < bands[i - 1].to) {
      errors.push({ field: `estimates[${bands[i].index}].from`, message: `overlaps estimates[${bands[i - 1].index}]` });
    }
  }
  return bands.map(({ index: _, ...band }) => band);
}

function baselineViewOf(row: Progress8Baseline): Progress8BaselineView {
  return {
    frameworkId: row.frameworkId,
    kind: row.kind as Progress8BaselineKind,
    label: row.label,
    estimatesFrom: row.estimates.length ? 'school' : 'national',
    estimates: row.estimates,
    setBy: row.setBy,
    setAt: row.setAt.toISOString(),
  };
}
