import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import {
  ASSESSMENT_ERRORS,
  FieldError,
  isUuid,
  TransitionCellPupilsView,
  TransitionCellRequest,
  TransitionMatrixRequest,
  TransitionMatrixView,
} from '@pt/contracts';
import { UnitOfWork } from '@pt/persistence';
import { BusException, SchoolContext } from '@pt/platform';
import { classGroupScopeOf } from '../pupils/class-group-scope';
import { MatrixSide, TransitionMatrixRepository } from './transition-matrix.repository';

const SIDES = ['fromPointId', 'fromMeasureId', 'toPointId', 'toMeasureId'] as const;

/**
 * Transition matrices (issue 13, item 6): a school's pupils by their result of one measure
 * at one point against their result of the same or another measure at another point, each
 * cell drilling to its pupils. Counts are the school's own pupils, for staff who may see
 * them, so they are not suppressed (suppression is for group analysis that leaves the room).
 */
@Injectable()
export class TransitionMatrixService {
  constructor(private readonly unitOfWork: UnitOfWork) {}

  matrix(ctx: SchoolContext, request: TransitionMatrixRequest): Promise<TransitionMatrixView> {
    checkIds(request);
    return this.unitOfWork.forContext(ctx, async (em) => {
      const { from, to, repository } = await sidesOf(em, ctx.tenantId, request);
      const [fromAxis, toAxis, cells] = await Promise.all([
        repository.axisOf(ctx.tenantId, from.measureId),
        repository.axisOf(ctx.tenantId, to.measureId),
        repository.cells(ctx.tenantId, from, to, classGroupScopeOf(ctx)),
      ]);
      // Codes outside the scale (none are accepted, but a scale could lose a grade) still get a row.
      const extend = (axis: { key: string; label: string }[], keys: string[]) => [
        ...axis,
        ...[...new Set(keys)]
          .filter((k) => !axis.some((a) => a.key === k))
          .sort()
          .map((key) => ({ key, label: key })),
      ];
      const fromKeys = extend(
        fromAxis,
        cells.map((c) => c.from_key),
      );
      const toKeys = extend(
        toAxis,
        cells.map((c) => c.to_key),
      );
      const count = new Map(cells.map((c) => [`${c.from_key}\u0000${c.to_key}`, c.pupils]));
      return {
        from: { ...from, axis: fromKeys },
        to: { ...to, axis: toKeys },
        pupils: cells.reduce((sum, c) => sum + c.pupils, 0),
        cells: fromKeys.flatMap((f) =>
          toKeys.map((t) => ({ fromKey: f.key, toKey: t.key, pupils: count.get(`${f.key}\u0000${t.key}`) ?? 0 })),
        ),
      };
    });
  }

  cell(ctx: SchoolContext, request: TransitionCellRequest): Promise<TransitionCellPupilsView> {
    checkIds(request);
    const errors: FieldError[] = [];
    for (const field of ['fromKey', 'toKey'] as const) {
      if (typeof request[field] !== 'string' || !request[field] || request[field].length > 40)
        errors.push({ field, message: 'must be a key of the matrix axis' });
    }
    if (errors.length) throw BusException.validation(errors);
    return this.unitOfWork.forContext(ctx, async (em) => {
      const { from, to, repository } = await sidesOf(em, ctx.tenantId, request);
      const pupils = await repository.pupilsOf(ctx.tenantId, from, to, classGroupScopeOf(ctx), request);
      return { fromKey: request.fromKey, toKey: request.toKey, pupils };
    });
  }
}

function checkIds(request: TransitionMatrixRequest): void {
  const errors: FieldError[] = SIDES.filter((f) => !isUuid(request?.[f])).map((field) => ({
    field,
    message: 'must be a UUID',
  }));
  if (errors.length) throw BusException.validation(errors);
}

/** Both sides, each point and measure the school's (404 naming the field otherwise, as if absent). */
async function sidesOf(em: EntityManager, tenantId: string, request: TransitionMatrixRequest) {
  const ids = SIDES.map((f) => request[f].toLowerCase());
  const rows = await em.execute<Array<{ id: string }>>(
    `select id from assessment_point where tenant_id = ? and id in (?, ?)
     union all select id from measure where tenant_id = ? and id in (?, ?)`,
    [tenantId, ids[0], ids[2], tenantId, ids[1], ids[3]],
  );
  const known = new Set(rows.map((r) => r.id));
  const missing = SIDES.filter((_, i) => !known.has(ids[i]));
  if (missing.length) {
    const points = missing.every((f) => f.endsWith('PointId'));
    throw new BusException({
      kind: 'not_found',
      code: points ? ASSESSMENT_ERRORS.ASSESSMENT_POINT_NOT_FOUND : ASSESSMENT_ERRORS.MEASURE_NOT_FOUND,
      message: 'The matrix names a point or measure that does not exist',
      errors: missing.map((field) => ({ field, message: 'is not one of yours' })),
    });
  }
  const from: MatrixSide = { pointId: ids[0], measureId: ids[1] };
  const to: MatrixSide = { pointId: ids[2], measureId: ids[3] };
  return { from, to, repository: new TransitionMatrixRepository(em) };
}
