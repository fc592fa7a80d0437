import { UniqueConstraintViolationException } from '@mikro-orm/core';
import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import {
  CreatePupilRequest,
  FieldError,
  FindIdsRequest,
  FoundIds,
  isUuid,
  ListPupilsRequest,
  MessageContext,
  PupilAttributesReply,
  PUPIL_CREATED,
  PUPIL_FLAGS,
  PUPIL_UPDATED,
  PUPIL_VIEWED,
  PupilFields,
  PupilPage,
  PupilView,
  SEN_STATUSES,
  UpdatePupilRequest,
  YEAR_GROUPS,
} from '@pt/contracts';
import { CursorSeal, UnitOfWork } from '@pt/persistence';
import { BusException, idsToFind, stageEvent, uuid7, SchoolContext } from '@pt/platform';
import { ClassGroupRepository } from './class-group.repository';
import { PupilRecordsConfig } from '../pupil-records.config';
import { SchoolProcessing } from '../school-status/school-processing';
import { stagePupilCountIfChanged } from './pupil-count';
import { assertClassGroupInScope, classGroupScopeOf } from './class-group-scope';
import { checkPupilFields, crossFieldProblems, PUPIL_FIELD_NAMES, PupilFacts } from './pupil-fields';
import { assertPupilWritable } from './pupil-writes';
import { toPupilView } from './pupil-view';
import { Pupil } from './pupil.entity';
import { PupilListFilter, PupilPosition, PupilRepository } from './pupil.repository';

export const pupilNotFound = () => BusException.notFound('pupil.not_found', 'The pupil does not exist');
const upnTaken = () =>
  BusException.conflict('pupil.upn_taken', 'Another pupil of this school already has this UPN', { field: 'upn' });
const consentRequired = () =>
  BusException.conflict(
    'consent.special_category_required',
    'SEN need is special-category data: record the special-category consent first',
    { field: 'senNeeds' },
  );

const MAX_LIMIT = 200;
const MAX_SEARCH_WORDS = 5;
const MAX_WORD = 50;

/** The fields whose change alters who is on roll (billing's pupil count). */
const ROLL_FIELDS = new Set(['leavingDate']);

/**
 * The pupil register (P14) with its walls: the school's signature first (P11), class-group
 * limits of teachers (P19), read-only restricted pupils (P18) and special-category SEN
 * need only under consent (P16). Events carry ids and field names only.
 */
@Injectable()
export class PupilsService {
  private readonly cursors: CursorSeal;

  constructor(
    private readonly unitOfWork: UnitOfWork,
    private readonly schoolProcessing: SchoolProcessing,
    config: PupilRecordsConfig,
  ) {
    this.cursors = new CursorSeal(config.cursorKey);
  }

  async create(ctx: SchoolContext, request: CreatePupilRequest): Promise<PupilView> {
    const { tenantId } = ctx;
    const { fields, errors } = checkPupilFields(request ?? {}, true);
    if (!errors.length) {
      errors.push(...crossFieldProblems(factsOf(fields), new Set(Object.keys(fields)), utcToday()));
    }
    if (errors.length) throw BusException.validation(errors);
    const scope = classGroupScopeOf(ctx);
    assertClassGroupInScope(scope, fields.classGroupId ?? null);
    try {
      return await this.unitOfWork.forContext(ctx, async (em) => {
        await this.schoolProcessing.assertAllowed(em, tenantId);
        // A new pupil has no consents yet, so nothing special-category can come with it (P16).
        if (fields.senNeeds?.length) throw consentRequired();
        await assertClassGroupExists(em, fields.classGroupId ?? null);
        const pupils = new PupilRepository(em);
        if (await pupils.upnTaken(fields.upn!)) throw upnTaken();
        const now = new Date();
        const pupil = Object.assign(new Pupil(), { id: uuid7(), tenantId, createdAt: now, updatedAt: now });
        applyFields(pupil, fields);
        pupils.add(pupil);
        await em.flush();
        stageEvent(em, PUPIL_CREATED, ctx, { pupilId: pupil.id });
        await stagePupilCountIfChanged(em, ctx);
        return toPupilView(pupil);
      });
    } catch (error) {
      // Two writers giving the same UPN at once: the unique index decides.
      if (error instanceof UniqueConstraintViolationException) throw upnTaken();
      throw error;
    }
  }

  /** Reading a pupil is recorded (who looked at whom: the actor is in the event's envelope). */
  get(ctx: SchoolContext, pupilId: string): Promise<PupilView> {
    if (!isUuid(pupilId)) throw pupilNotFound();
    return this.unitOfWork.forContext(ctx, async (em) => {
      const pupil = await new PupilRepository(em).findVisible(pupilId, classGroupScopeOf(ctx));
      if (!pupil) throw pupilNotFound();
      stageEvent(em, PUPIL_VIEWED, ctx, { pupilId: pupil.id });
      return toPupilView(pupil);
    });
  }

  /** Which of these pupils the school in ctx has (one query; another school's are not found, as unknown ones). */
  async find(ctx: MessageContext, request: FindIdsRequest): Promise<FoundIds> {
    const ids = idsToFind(request);
    if (!ctx.tenantId || !ids.length) return { found: [] };
    return { found: await this.unitOfWork.forContext(ctx, (em) => new PupilRepository(em).existingIds(ids)) };
  }

  /** The characteristics of these pupils the school in ctx has, for another service's read model: one query. */
  async attributes(ctx: MessageContext, request: FindIdsRequest): Promise<PupilAttributesReply> {
    const ids = idsToFind(request);
    if (!ctx.tenantId || !ids.length) return { pupils: [] };
    return { pupils: await this.unitOfWork.forContext(ctx, (em) => new PupilRepository(em).attributesOf(ids)) };
  }

  async update(ctx: SchoolContext, request: UpdatePupilRequest): Promise<PupilView> {
    const { tenantId } = ctx;
    if (!isUuid(request?.pupilId)) throw pupilNotFound();
    const changes = request.changes ?? {};
    const unknown = Object.keys(changes).filter((key) => !(PUPIL_FIELD_NAMES as string[]).includes(key));
    const { fields, errors } = checkPupilFields(changes, false);
    errors.push(...unknown.map((field) => ({ field, message: 'is not a pupil field' })));
    if (errors.length) throw BusException.validation(errors);
    const scope = classGroupScopeOf(ctx);
    try {
      return await this.unitOfWork.forContext(ctx, async (em) => {
        const pupils = new PupilRepository(em);
        const pupil = await pupils.findVisibleForUpdate(request.pupilId, scope);
        if (!pupil) throw pupilNotFound();
        checkVersion(pupil.version, request.expectedVersion);
        assertPupilWritable(pupil);
        await this.schoolProcessing.assertAllowed(em, tenantId);
        const changed = changedFields(pupil, fields);
        if (!changed.size) return toPupilView(pupil);
        if (changed.has('senNeeds') && fields.senNeeds?.length && !pupil.specialCategoryConsent) {
          throw consentRequired();
        }
        if (changed.has('classGroupId')) {
          assertClassGroupInScope(scope, fields.classGroupId ?? null);
          await assertClassGroupExists(em, fields.classGroupId ?? null);
        }
        if (changed.has('upn') && (await pupils.upnTaken(fields.upn!, pupil.id))) throw upnTaken();
        const problems = crossFieldProblems(factsOf(fields, pupil), changed, utcToday());
        if (problems.length) throw BusException.validation(problems);
        applyFields(pupil, pick(fields, changed));
        pupil.version += 1;
        pupil.updatedAt = new Date();
        await em.flush();
        stageEvent(em, PUPIL_UPDATED, ctx, { pupilId: pupil.id, fields: [...changed].sort() });
        if ([...changed].some((f) => ROLL_FIELDS.has(f))) await stagePupilCountIfChanged(em, ctx);
        return toPupilView(pupil);
      });
    } catch (error) {
      if (error instanceof UniqueConstraintViolationException) throw upnTaken();
      throw error;
    }
  }

  private positionOf(cursor: string, tenantId: string): PupilPosition {
    const fields = this.cursors.open(cursor, tenantId, 3);
    if (!fields || !isUuid(fields[2])) {
      throw BusException.validation([{ field: 'cursor', message: 'is not a valid cursor' }]);
    }
    return { surname: fields[0], forename: fields[1], id: fields[2] };
  }

  list(ctx: SchoolContext, request: ListPupilsRequest): Promise<PupilPage> {
    const { tenantId } = ctx;
    const { filter, cursor, limit } = checkListRequest(request ?? ({} as ListPupilsRequest));
    // The keyset position is the last row's names: sealed, so no name reaches a URL (the school binds it).
    const after = cursor === undefined ? null : this.positionOf(cursor, tenantId);
    return this.unitOfWork.forContext(ctx, async (em) => {
      const rows = await new PupilRepository(em).page(tenantId, filter, classGroupScopeOf(ctx), limit, after);
      const items = rows.slice(0, limit);
      const last = items[items.length - 1];
      const nextCursor =
        rows.length > limit ? this.cursors.seal([last.legalSurname, last.legalForename, last.id], tenantId) : null;
      return { items: items.map(toPupilView), nextCursor };
    });
  }
}

function utcToday(now: Date = new Date()): string {
  return now.toISOString().slice(0, 10);
}

/** Optimistic concurrency: a change made against an older version is refused (412); null is If-Match: *. */
function checkVersion(current: number, expected: number | null | undefined): void {
  if (expected === undefined || expected === null) return;
  if (expected !== current) {
    throw BusException.preconditionFailed(
      'stale_version',
      'The pupil was changed by someone else; reload it and try again',
    );
  }
}

async function assertClassGroupExists(em: EntityManager, classGroupId: string | null): Promise<void> {
  if (classGroupId === null) return;
  if (!(await new ClassGroupRepository(em).findLocked(classGroupId, 'share'))) {
    throw BusException.validation([{ field: 'classGroupId', message: 'is not a class group of this school' }]);
  }
}

/** The record as it will be: the new values where given, the stored ones otherwise. */
function factsOf(fields: Partial<PupilFields>, stored?: Pupil): PupilFacts {
  const pick = <K extends keyof PupilFacts>(key: K): PupilFacts[K] =>
    (fields[key] !== undefined ? fields[key] : (stored?.[key] ?? null)) as PupilFacts[K];
  return {
    dateOfBirth: pick('dateOfBirth'),
    yearGroup: pick('yearGroup'),
    entryDate: pick('entryDate'),
    leavingDate: pick('leavingDate'),
  };
}

/** The names of the fields whose new value differs from the stored one. */
function changedFields(pupil: Pupil, fields: Partial<PupilFields>): Set<string> {
  const changed = new Set<string>();
  const current = currentFields(pupil);
  for (const [key, value] of Object.entries(fields)) {
    if (JSON.stringify(value ?? null) !== JSON.stringify(current[key as keyof PupilFields] ?? null)) changed.add(key);
  }
  return changed;
}

function currentFields(pupil: Pupil): Partial<PupilFields> {
  return {
    ...(Object.fromEntries(
      PUPIL_FIELD_NAMES.map((key) => [key, (pupil as unknown as Record<string, unknown>)[key]]),
    ) as Partial<PupilFields>),
    attendance:
      pupil.attendancePossible === null || pupil.attendanceAttended === null
        ? null
        : { possibleSessions: pupil.attendancePossible, attendedSessions: pupil.attendanceAttended },
    senNeeds: (pupil.senNeeds as PupilFields['senNeeds']) ?? null,
  };
}

function pick(fields: Partial<PupilFields>, keys: Set<string>): Partial<PupilFields> {
  return Object.fromEntries(Object.entries(fields).filter(([key]) => keys.has(key))) as Partial<PupilFields>;
}

function applyFields(pupil: Pupil, fields: Partial<PupilFields>): void {
  for (const [key, value] of Object.entries(fields) as [keyof PupilFields, unknown][]) {
    if (key === 'attendance') {
      const attendance = value as PupilFields['attendance'];
      pupil.attendancePossible = attendance?.possibleSessions ?? null;
      pupil.attendanceAttended = attendance?.attendedSessions ?? null;
    } else {
      (pupil as unknown as Record<string, unknown>)[key] = value;
    }
  }
}

function checkListRequest(request: ListPupilsRequest): {
  filter: PupilListFilter;
  cursor: string | undefined;
  limit: number;
} {
  const errors: FieldError[] = [];
  const filter: PupilListFilter = {};
  const limit = Number.isInteger(request.limit) ? Math.max(1, Math.min(request.limit, MAX_LIMIT)) : 50;
  if (request.yearGroup !== undefined) {
    if (YEAR_GROUPS.includes(request.yearGroup)) filter.yearGroup = request.yearGroup;
    else errors.push({ field: 'yearGroup', message: `must be one of ${YEAR_GROUPS.join(', ')}` });
  }
  if (request.classGroupId !== undefined) {
    if (isUuid(request.classGroupId)) filter.classGroupId = request.classGroupId.toLowerCase();
    else errors.push({ field: 'classGroupId', message: 'must be a UUID' });
  }
  if (request.senStatus !== undefined) {
    if (SEN_STATUSES.includes(request.senStatus)) filter.senStatus = request.senStatus;
    else errors.push({ field: 'senStatus', message: `must be one of ${SEN_STATUSES.join(', ')}` });
  }
  if (request.restricted !== undefined) {
    if (typeof request.restricted === 'boolean') filter.restricted = request.restricted;
    else errors.push({ field: 'restricted', message: 'must be true or false' });
  }
  for (const [flag, value] of Object.entries(request.flags ?? {})) {
    if (!(PUPIL_FLAGS as readonly string[]).includes(flag))
      errors.push({ field: flag, message: 'is not a pupil flag' });
    else if (typeof value !== 'boolean') errors.push({ field: flag, message: 'must be true or false' });
    else (filter.flags ??= {})[flag as (typeof PUPIL_FLAGS)[number]] = value;
  }
  if (request.q !== undefined) {
    const words = typeof request.q === 'string' ? request.q.trim().toLowerCase().split(/\s+/).filter(Boolean) : null;
    if (words === null || words.length > MAX_SEARCH_WORDS || words.some((w) => w.length > MAX_WORD)) {
      errors.push({ field: 'q', message: `must be up to ${MAX_SEARCH_WORDS} words of up to ${MAX_WORD} characters` });
    } else if (words.length) filter.searchWords = words;
  }
  if (request.cursor !== undefined && typeof request.cursor !== 'string') {
    errors.push({ field: 'cursor', message: 'is not a valid cursor' });
  }
  if (errors.length) throw BusException.validation(errors);
  return { filter, cursor: request.cursor, limit };
}
