import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { FieldError, GET_PUPIL_ATTRIBUTES, MAX_FIND_IDS, SYSTEM_ACTOR } from '@pt/contracts';
import { BusClient, BusException, SchoolContext } from '@pt/platform';
import { classGroupScopeOf, inScope } from './class-group-scope';
import { CurrentPupil, PupilPeriodRepository } from './pupil-period.repository';

/** A pupil id a request names, with the field it came in (`pupilId`, `cells[3].pupilId`). */
export interface NamedPupil {
  pupilId: string;
  field: string;
}

/**
 * Which pupils a request may name: those of the acting school that assessment's read
 * model knows, and for a teacher limited to class groups only those groups' pupils (P19).
 */
@Injectable()
export class PupilRoll {
  constructor(private readonly bus: BusClient) {}

  /**
   * These pupils as assessment knows them now. Ids the read model lacks (a pupil added a
   * moment ago whose event is still on its way, or one from before assessment kept the
   * model) are asked of pupil-records once and applied as the consumer applies them, so a
   * result entered straight after the pupil is not refused; another school's ids stay unknown.
   * `read`: what the read model answered for these ids (at least), when the caller has read
   * it already with its own statement (CURRENT_PUPILS_JSON_SQL), saving the round trip.
   */
  async current(
    ctx: SchoolContext,
    em: EntityManager,
    ids: readonly string[],
    read?: readonly CurrentPupil[],
  ): Promise<Map<string, CurrentPupil>> {
    const periods = new PupilPeriodRepository(em);
    const wanted = [...new Set(ids.map((id) => id.toLowerCase()))];
    const found = read ? [...read] : await periods.current(ctx.tenantId, wanted);
    const known = new Set(found.map((p) => p.pupilId));
    const unknown = wanted.filter((id) => !known.has(id));
    if (unknown.length) {
      let answered = 0;
      for (let start = 0; start < unknown.length; start += MAX_FIND_IDS) {
        const { pupils } = await this.bus.request(
          GET_PUPIL_ATTRIBUTES,
          { tenantId: ctx.tenantId, actor: SYSTEM_ACTOR, requestId: ctx.requestId, ip: ctx.ip ?? null },
          { ids: unknown.slice(start, start + MAX_FIND_IDS) },
        );
        answered += pupils.length;
        await periods.apply(ctx.tenantId, pupils);
      }
      // Read again whatever apply changed: the consumer may have opened these pupils meanwhile
      // (then apply changed nothing, and they are known all the same).
      if (answered) found.push(...(await periods.current(ctx.tenantId, unknown)));
    }
    return new Map(found.map((p) => [p.pupilId, p]));
  }

  /**
   * Refuses a write that names a pupil who is not the school's, or not one of a limited
   * teacher's (404, the same answer, naming each field), or who is restricted (409, P18:
   * read-only until lifted). `read` as for `current`.
   */
  async assertWritable(
    ctx: SchoolContext,
    em: EntityManager,
    named: NamedPupil[],
    read?: readonly CurrentPupil[],
  ): Promise<void> {
    const known = await this.current(
      ctx,
      em,
      named.map((n) => n.pupilId),
      read,
    );
    const scope = classGroupScopeOf(ctx);
    const notFound: FieldError[] = [];
    const restricted: FieldError[] = [];
    for (const { pupilId, field } of named) {
      const pupil = known.get(pupilId.toLowerCase());
      if (!pupil || !inScope(scope, pupil.classGroupId)) notFound.push({ field, message: 'is not a pupil of yours' });
      else if (pupil.restricted) restricted.push({ field, message: 'is restricted: read-only until it is lifted' });
    }
    if (notFound.length) {
      throw new BusException({
        kind: 'not_found',
        code: 'pupil.not_found',
        message: 'The request names a pupil who does not exist',
        errors: notFound,
      });
    }
    if (restricted.length) {
      throw new BusException({
        kind: 'conflict',
        code: 'pupil.restricted',
        message: "The pupil's processing is restricted: their results are read-only",
        errors: restricted,
      });
    }
  }

  /** Refuses a read about one pupil a limited teacher may not see (404, as if absent). */
  async assertVisible(ctx: SchoolContext, em: EntityManager, pupilId: string, field = 'pupilId'): Promise<void> {
    const scope = classGroupScopeOf(ctx);
    if (scope === null) return;
    const pupil = (await new PupilPeriodRepository(em).current(ctx.tenantId, [pupilId])).at(0);
    if (!pupil || !inScope(scope, pupil.classGroupId)) {
      throw new BusException({
        kind: 'not_found',
        code: 'pupil.not_found',
        message: 'The request names a pupil who does not exist',
        errors: [{ field, message: 'is not a pupil of yours' }],
      });
    }
  }
}
