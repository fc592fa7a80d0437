import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import {
  AnalyseMeasureRequest,
  AnalyseSchoolsRequest,
  AnalysisView,
  ASSESSMENT_ERRORS,
  FieldError,
  IDENTITY_ERRORS,
  isUuid,
  LIST_SUPPORT_GRANTS,
  MessageContext,
} from '@pt/contracts';
import { PLATFORM_SCOPE, UnitOfWork } from '@pt/persistence';
import { BusClient, BusException, SchoolContext } from '@pt/platform';
import { measureNotFound, pointNotFound } from '../frameworks/framework-refusals';
import { classGroupScopeOf } from '../pupils/class-group-scope';
import { AnalysisRepository, AnalysisSelection } from './analysis.repository';
import { groupViewsOf } from './group-figures';

/** The most schools one roll-up pools. */
const MAX_SCHOOLS = 200;

/**
 * Group analysis of a measure at a point (issue 13, item 6): one school's, or pooled over
 * several schools for a platform user (pupils pooled, not school averages, as DfE does).
 * The figures come from one query (analysis.repository.ts); suppression and gaps from
 * group-figures.ts.
 */
@Injectable()
export class AnalysisService {
  constructor(
    private readonly unitOfWork: UnitOfWork,
    private readonly bus: BusClient,
  ) {}

  analyseMeasure(ctx: SchoolContext, request: AnalyseMeasureRequest): Promise<AnalysisView> {
    if (!isUuid(request?.pointId)) throw pointNotFound();
    if (!isUuid(request.measureId)) throw measureNotFound();
    const errors: FieldError[] = [];
    if (request.baselinePointId !== undefined && !isUuid(request.baselinePointId))
      errors.push({ field: 'baselinePointId', message: 'must be a UUID' });
    if (request.baselineMeasureId !== undefined && !isUuid(request.baselineMeasureId))
      errors.push({ field: 'baselineMeasureId', message: 'must be a UUID' });
    if (request.baselineMeasureId !== undefined && request.baselinePointId === undefined)
      errors.push({ field: 'baselinePointId', message: 'is required with baselineMeasureId' });
    if (errors.length) throw BusException.validation(errors);
    return this.unitOfWork.forContext(ctx, async (em) => {
      const selection = await this.selectionOf(em, ctx.tenantId, request);
      // Summed from result_group_sum where it holds the figures (not for a teacher limited to
      // class groups, whose pupils are those in the groups now): a row per group, not every result.
      const repository = new AnalysisRepository(em);
      const classGroupScope = classGroupScopeOf(ctx);
      const sums =
        classGroupScope === null && AnalysisRepository.canSum([selection])
          ? await repository.summedSums([selection], { bySchool: false })
          : await repository.sums([selection], { classGroupScope, bySchool: false });
      return {
        measureId: selection.measureId,
        pointId: selection.pointId,
        baselinePointId: selection.baselinePointId,
        asAt: selection.pointDate,
        schoolIds: [ctx.tenantId],
        ...groupViewsOf(sums.total, sums.groups, selection.baselinePointId !== null),
      };
    });
  }

  /**
   * Several schools pooled, for a platform user: the schools whose active support grant
   * (P12) lets platform staff read assessments, as identity answers for this actor, so the
   * schools a roll-up reaches are exactly those a support user could enter one by one. The
   * query runs in platform scope, its rows limited to those schools by id.
   */
  async analyseSchools(ctx: MessageContext, request: AnalyseSchoolsRequest): Promise<AnalysisView> {
    const errors: FieldError[] = [];
    for (const field of ['academicYear', 'measureName', 'pointName'] as const) {
      if (typeof request?.[field] !== 'string' || !request[field].trim())
        errors.push({ field, message: 'must be a non-empty string' });
    }
    if (request?.baselinePointName !== undefined && typeof request.baselinePointName !== 'string')
      errors.push({ field: 'baselinePointName', message: 'must be a string' });
    if (request?.schoolIds !== undefined) {
      if (!Array.isArray(request.schoolIds) || request.schoolIds.length > MAX_SCHOOLS)
        errors.push({ field: 'schoolIds', message: `must be a list of at most ${MAX_SCHOOLS} ids` });
      else
        request.schoolIds.forEach((id, i) => {
          if (!isUuid(id)) errors.push({ field: `schoolIds[${i}]`, message: 'must be a UUID' });
        });
    }
    if (errors.length) throw BusException.validation(errors);
    const granted = await this.schoolsGrantingAssessments(ctx);
    let schoolIds = [...granted];
    if (request.schoolIds) {
      const unknown = request.schoolIds
        .map((id, i) => ({ id: id.toLowerCase(), field: `schoolIds[${i}]` }))
        .filter((s) => !granted.has(s.id));
      if (unknown.length) {
        throw new BusException({
          kind: 'not_found',
          code: IDENTITY_ERRORS.SCHOOL_NOT_FOUND,
          message: 'The request names a school you cannot analyse',
          errors: unknown.map((s) => ({ field: s.field, message: 'is not a school you may analyse' })),
        });
      }
      schoolIds = [...new Set(request.schoolIds.map((id) => id.toLowerCase()))];
    }
    return this.unitOfWork.run(PLATFORM_SCOPE, async (em) => {
      const selections = await selectionsByName(em, schoolIds, request);
      // Summed from result_group_sum (a row per school and group) where it holds the figures asked for.
      const repository = new AnalysisRepository(em);
      const sums = AnalysisRepository.canSum(selections)
        ? await repository.summedSums(selections)
        : await repository.sums(selections, { classGroupScope: null, bySchool: true });
      return {
        measureId: null,
        pointId: null,
        baselinePointId: null,
        asAt: null,
        schoolIds: selections.map((s) => s.tenantId).sort(),
        ...groupViewsOf(sums.total, sums.groups, request.baselinePointName !== undefined),
      };
    });
  }

  /** The schools whose active support grant includes assessments:read (identity decides who may list them). */
  private async schoolsGrantingAssessments(ctx: MessageContext): Promise<Set<string>> {
    const { items } = await this.bus.request(LIST_SUPPORT_GRANTS, ctx, { activeOnly: true });
    return new Set(
      items.filter((g) => g.active && g.permissions.includes('assessments:read')).map((g) => g.schoolId.toLowerCase()),
    );
  }

  /** The point and measure (and baseline), each checked to be the school's: 404 as if absent otherwise. */
  private async selectionOf(
    em: EntityManager,
    tenantId: string,
    request: AnalyseMeasureRequest,
  ): Promise<AnalysisSelection> {
    const rows = await em.execute<Array<{ kind: string; id: string; date: string | null }>>(
      `select 'point' as kind, id, to_char(date, 'YYYY-MM-DD') as date from assessment_point where tenant_id = ? and id in (?, ?)
       union all
       select 'measure', id, null from measure where tenant_id = ? and id in (?, ?)`,
      [
        tenantId,
        request.pointId,
        request.baselinePointId ?? request.pointId,
        tenantId,
        request.measureId,
        request.baselineMeasureId ?? request.measureId,
      ],
    );
    const found = (kind: string, id: string) => rows.find((r) => r.kind === kind && r.id === id.toLowerCase());
    const point = found('point', request.pointId);
    if (!point) throw pointNotFound();
    if (!found('measure', request.measureId)) throw measureNotFound();
    if (request.baselinePointId && !found('point', request.baselinePointId)) {
      throw new BusException({
        kind: 'not_found',
        code: ASSESSMENT_ERRORS.ASSESSMENT_POINT_NOT_FOUND,
        message: 'The baseline point does not exist',
        errors: [{ field: 'baselinePointId', message: 'is not a point of yours' }],
      });
    }
    if (request.baselineMeasureId && !found('measure', request.baselineMeasureId)) {
      throw new BusException({
        kind: 'not_found',
        code: ASSESSMENT_ERRORS.MEASURE_NOT_FOUND,
        message: 'The baseline measure does not exist',
        errors: [{ field: 'baselineMeasureId', message: 'is not a measure of yours' }],
      });
    }
    return {
      tenantId,
      measureId: request.measureId.toLowerCase(),
      pointId: request.pointId.toLowerCase(),
      pointDate: point.date!,
      baselinePointId: request.baselinePointId?.toLowerCase() ?? null,
      baselineMeasureId: request.baselinePointId
        ? (request.baselineMeasureId ?? request.measureId).toLowerCase()
        : null,
      baselinePointDate: request.baselinePointId ? found('point', request.baselinePointId)!.date : null,
    };
  }
}

/**
 * Each school's measure and points of that name in its framework of the academic year: one
 * query. Schools without them take no part (their results could not be compared).
 */
async function selectionsByName(
  em: EntityManager,
  schoolIds: readonly string[],
  request: AnalyseSchoolsRequest,
): Promise<AnalysisSelection[]> {
  if (!schoolIds.length) return [];
  const rows = await em.execute<
    Array<{
      tenant_id: string;
      measure_id: string;
      point_id: string;
      point_date: string;
      baseline_point_id: string | null;
      baseline_point_date: string | null;
    }>
  >(
    `select f.tenant_id, m.id as measure_id, p.id as point_id, to_char(p.date, 'YYYY-MM-DD') as point_date,
            b.id as baseline_point_id, to_char(b.date, 'YYYY-MM-DD') as baseline_point_date
       from assessment_framework f
       join measure m on m.framework_id = f.id and m.name = ?
       join assessment_point p on p.framework_id = f.id and p.name = ?
       left join assessment_point b on b.framework_id = f.id and b.name = ?
      where f.tenant_id in (select value::uuid from jsonb_array_elements_text(?::jsonb)) and f.academic_year = ?`,
    [
      request.measureName,
      request.pointName,
      request.baselinePointName ?? null,
      JSON.stringify(schoolIds),
      request.academicYear,
    ],
  );
  return rows.map((r) => ({
    tenantId: r.tenant_id,
    measureId: r.measure_id,
    pointId: r.point_id,
    pointDate: r.point_date,
    baselinePointId: r.baseline_point_id,
    baselineMeasureId: r.baseline_point_id ? r.measure_id : null,
    baselinePointDate: r.baseline_point_date,
  }));
}
